#include "agent/loop.h"

#include <doctest/doctest.h>

#include "fakes/fake_provider.h"
#include "fakes/fake_server.h"

namespace ab::agent {
namespace {

struct Fixture {
  fakes::FakeProvider provider;
  fakes::FakeServer server{"notes"};
  ToolSet tools;
  Conversation conv;
  LoopOptions options;

  Fixture() {
    server.AddTool("add_note");
    server.AddTool("get_note", [](const Json& args, Millis) -> Result<ToolResult> {
      return fakes::FakeServer::TextResult("{\"id\": " + args.value("id", Json(0)).dump() + ", \"title\": \"hi\"}");
    });
    server.AddTool("broken", [](const Json&, Millis) -> Result<ToolResult> {
      return fakes::FakeServer::TextResult("disk full", /*is_error=*/true);
    });
    server.AddTool("hang", [](const Json&, Millis timeout) -> Result<ToolResult> {
      return Error(ErrorCode::kTimeout, "timed out after " + std::to_string(timeout.count()) + "ms");
    });
    tools.AddServer("notes", &server, *server.ListTools(), std::nullopt, nullptr);
  }
};

}  // namespace

TEST_CASE("a final answer without tools ends the loop on the first iteration") {
  Fixture f;
  f.provider.AddText("Hello!");
  Transcript t = RunAgentTest(f.provider, f.tools, f.conv, "Say hello", f.options);
  CHECK(t.final_answer);
  CHECK(t.final_output == "Hello!");
  CHECK(t.iterations == 1);
  CHECK(t.errors.empty());
  CHECK(t.usage.total() == 15);
  REQUIRE(f.provider.requests.size() == 1);
  CHECK(f.provider.requests[0].tools.size() == 4);
  CHECK(t.available_tools == std::vector<std::string>{"add_note", "get_note", "broken", "hang"});
}

TEST_CASE("every tool call of a reply runs in order and results go back to the model") {
  Fixture f;
  f.provider.AddToolCalls({{"add_note", R"({"title":"a"})"}, {"get_note", R"({"id":7})"}}, "Working on it");
  f.provider.AddText("Note 7 is titled hi");
  Transcript t = RunAgentTest(f.provider, f.tools, f.conv, "Add and read", f.options);
  REQUIRE(t.tool_calls.size() == 2);
  CHECK(t.tool_calls[0].name == "add_note");
  CHECK(t.tool_calls[1].name == "get_note");
  CHECK(t.tool_calls[1].arguments["id"] == 7);
  CHECK(t.tool_calls[1].status == ToolCallStatus::kOk);
  CHECK(t.tool_calls[1].server == "notes");
  CHECK(t.tool_calls[1].result->Text().find("\"title\": \"hi\"") != std::string::npos);
  CHECK(t.final_output == "Note 7 is titled hi");  // the answer only: not tool output, not interim prose
  CHECK(t.iterations == 2);
  // The second request carries the assistant turn and both tool results, in order.
  REQUIRE(f.provider.requests.size() == 2);
  const auto& msgs = f.provider.requests[1].messages;
  REQUIRE(msgs.size() == 4);
  CHECK(msgs[1].role == llm::Role::kAssistant);
  CHECK(msgs[2].role == llm::Role::kTool);
  CHECK(msgs[2].tool_name == "add_note");
  CHECK(msgs[3].tool_call_id == msgs[1].tool_calls[1].id);
}

TEST_CASE("a tool the agent was not offered is not executed and is recorded as hallucinated") {
  Fixture f;
  f.provider.AddToolCalls({{"delete_everything", "{}"}});
  f.provider.AddText("Sorry");
  Transcript t = RunAgentTest(f.provider, f.tools, f.conv, "Clean up", f.options);
  REQUIRE(t.tool_calls.size() == 1);
  CHECK(t.tool_calls[0].status == ToolCallStatus::kNotOffered);
  CHECK(f.server.calls.empty());
  CHECK(f.provider.requests[1].messages.back().is_error);
  CHECK_FALSE(t.errors.empty());
}

TEST_CASE("isError results, timeouts and bad arguments go back to the model as errors and are recorded") {
  Fixture f;
  f.provider.AddToolCalls({{"broken", "{}"}, {"hang", "{}"}, {"add_note", "{not json"}});
  f.provider.AddText("Gave up");
  f.options.tool_timeout = Millis(50);
  Transcript t = RunAgentTest(f.provider, f.tools, f.conv, "Try", f.options);
  REQUIRE(t.tool_calls.size() == 3);
  CHECK(t.tool_calls[0].status == ToolCallStatus::kToolError);
  CHECK(t.tool_calls[0].result->is_error);
  CHECK(t.tool_calls[1].status == ToolCallStatus::kTimeout);
  CHECK(t.tool_calls[1].error.find("50ms") != std::string::npos);
  CHECK(t.tool_calls[2].status == ToolCallStatus::kBadArguments);
  CHECK(t.tool_calls[2].arguments_raw == "{not json");
  CHECK(f.server.calls.size() == 2);  // the call with bad arguments never reached the server
  CHECK(t.errors.size() == 3);
  for (size_t i = 2; i <= 4; ++i) CHECK(f.provider.requests[1].messages[i].is_error);
  CHECK(t.final_answer);
}

TEST_CASE("max_iterations: an answer on the last allowed iteration is a success") {
  Fixture f;
  f.options.max_iterations = 2;
  f.provider.AddToolCalls({{"add_note", "{}"}});
  f.provider.AddText("Done");
  Transcript t = RunAgentTest(f.provider, f.tools, f.conv, "Go", f.options);
  CHECK(t.final_answer);
  CHECK(t.errors.empty());
}

TEST_CASE("max_iterations: still calling tools at the limit is an error") {
  Fixture f;
  f.options.max_iterations = 2;
  f.provider.AddToolCalls({{"add_note", "{}"}});
  f.provider.AddToolCalls({{"add_note", "{}"}}, "still going");
  Transcript t = RunAgentTest(f.provider, f.tools, f.conv, "Go", f.options);
  CHECK_FALSE(t.final_answer);
  REQUIRE(t.errors.size() == 1);
  CHECK(t.errors[0].kind == ErrorKind::kMaxIterations);
  CHECK(t.final_output == "still going");
  CHECK(f.provider.requests.size() == 2);
}

TEST_CASE("a model error ends the test with a recorded error") {
  Fixture f;
  f.provider.AddError(ErrorCode::kServer, "HTTP 500: overloaded");
  Transcript t = RunAgentTest(f.provider, f.tools, f.conv, "Go", f.options);
  REQUIRE(t.errors.size() == 1);
  CHECK(t.errors[0].kind == ErrorKind::kLlm);
  CHECK(t.errors[0].message.find("overloaded") != std::string::npos);
  CHECK_FALSE(t.final_answer);
}

TEST_CASE("a rate-limit failure counts as a rate-limit hit of this test") {
  Fixture f;
  f.provider.AddError(ErrorCode::kRateLimited, "HTTP 429");
  Transcript t = RunAgentTest(f.provider, f.tools, f.conv, "Go", f.options);
  CHECK(t.rate_limits.rate_limit_hits == 1);
}

TEST_CASE("tests of a session share the conversation") {
  Fixture f;
  f.conv.SetSystemPrompt("Be brief");
  f.provider.AddText("First");
  f.provider.AddText("Second");
  Transcript t1 = RunAgentTest(f.provider, f.tools, f.conv, "one", f.options);
  Transcript t2 = RunAgentTest(f.provider, f.tools, f.conv, "two", f.options);
  const auto& msgs = f.provider.requests[1].messages;
  REQUIRE(msgs.size() == 4);
  CHECK(msgs[0].role == llm::Role::kSystem);
  CHECK(msgs[1].text == "one");
  CHECK(msgs[2].text == "First");
  CHECK(msgs[3].text == "two");
  // Each transcript carries only its own test's messages; the system prompt goes with the first test.
  CHECK(t1.first_message_of_test == 1);
  REQUIRE(t1.messages.size() == 3);
  CHECK(t1.messages[0].role == "system");
  CHECK(t1.messages[1].content == "one");
  CHECK(t2.first_message_of_test == 0);
  REQUIRE(t2.messages.size() == 2);
  CHECK(t2.messages[0].content == "two");
  CHECK(t2.messages[1].content == "Second");
  CHECK(t2.final_output == "Second");
}

TEST_CASE("an expired per-test deadline stops before calling the model") {
  Fixture f;
  f.options.deadline = SteadyClock::now() - Millis(1);
  Transcript t = RunAgentTest(f.provider, f.tools, f.conv, "Go", f.options);
  CHECK(t.timed_out);
  CHECK(f.provider.requests.empty());
}

TEST_CASE("clarification questions are detected and recorded by level") {
  Fixture f;
  config::ClarificationDetection cfg;
  cfg.enabled = true;
  auto detector = ClarificationDetector::Create(cfg);
  REQUIRE(detector);
  f.options.clarifier = detector->get();
  f.provider.AddText("Would you like me to create the file?");
  Transcript t = RunAgentTest(f.provider, f.tools, f.conv, "Create a file", f.options);
  CHECK(t.clarification.count == 1);
  CHECK(t.clarification.iterations == std::vector<int>{1});
  REQUIRE(t.errors.size() == 1);
  CHECK(t.errors[0].kind == ErrorKind::kClarification);
}

TEST_CASE("ToolResultTextForModel describes non-text content") {
  ToolResult r;
  r.content.push_back(ContentBlock{"text", "hello", "", "", "", "", nullptr});
  r.content.push_back(ContentBlock{"image", "", "image/png", "AAAA", "", "", nullptr});
  r.content.push_back(ContentBlock{"resource_link", "", "", "", "file:///a.txt", "a", nullptr});
  std::string s = ToolResultTextForModel(r, 1000);
  CHECK(s == "hello\n[image image/png, 3 bytes]\n[resource link file:///a.txt (a)]");
  ToolResult structured;
  structured.structured = Json{{"t", 1}};
  CHECK(ToolResultTextForModel(structured, 1000) == "{\"t\":1}");
}

}  // namespace ab::agent
