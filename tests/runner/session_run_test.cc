#include "runner/session_run.h"

#include <doctest/doctest.h>

namespace ab::runner {
namespace {

ToolCall CallWithText(const std::string& tool, const std::string& text) {
  ToolCall c;
  c.name = tool;
  ToolResult r;
  r.content.push_back(ContentBlock{"text", text, "", "", "", "", nullptr});
  c.result = r;
  return c;
}

}  // namespace

TEST_CASE("extractors read the last matching call and set session variables") {
  Transcript t;
  t.tool_calls.push_back(CallWithText("create_user", R"({"data": {"user": {"id": 41}}})"));
  t.tool_calls.push_back(CallWithText("create_user", R"({"data": {"user": {"id": 42}}})"));
  t.tool_calls.push_back(CallWithText("other", R"({"data": {"user": {"id": 1}}})"));
  std::map<std::string, std::string> vars;
  ApplyExtractors({config::Extractor{"jsonpath", "create_user", "$.data.user.id", "user_id", {}}}, t, vars);
  CHECK(vars["user_id"] == "42");
  CHECK(t.errors.empty());
}

TEST_CASE("structuredContent is preferred, strings are kept without quotes") {
  Transcript t;
  ToolCall c = CallWithText("get", "not json");
  c.result->structured = Json{{"name", "Ada"}};
  t.tool_calls.push_back(c);
  std::map<std::string, std::string> vars;
  ApplyExtractors({config::Extractor{"jsonpath", "get", "$.name", "who", {}}}, t, vars);
  CHECK(vars["who"] == "Ada");
}

TEST_CASE("an extractor that matches nothing is a recorded error, never a crash") {
  Transcript t;
  ToolCall empty;
  empty.name = "get";
  empty.result = ToolResult{};
  t.tool_calls.push_back(empty);
  t.tool_calls.push_back(CallWithText("get", "plain text"));
  std::map<std::string, std::string> vars;
  ApplyExtractors({config::Extractor{"jsonpath", "get", "$.id", "id", {}},
                   config::Extractor{"jsonpath", "missing_tool", "$.id", "x", {}}},
                  t, vars);
  CHECK(vars.empty());
  REQUIRE(t.errors.size() == 2);
  CHECK(t.errors[0].kind == ErrorKind::kExtractor);
  CHECK(t.errors[0].message.find("matched nothing") != std::string::npos);
  CHECK(t.errors[1].message.find("not called") != std::string::npos);
}

TEST_CASE("status: infrastructure errors beat assertion verdicts") {
  Transcript ok;
  AssertionResult pass{"tool_called", true, "", Json::object(), {}, {}};
  AssertionResult fail{"tool_called", false, "", Json::object(), {}, {}};
  CHECK(StatusOf(ok, {pass}) == report::RunStatus::kPassed);
  CHECK(StatusOf(ok, {pass, fail}) == report::RunStatus::kFailed);
  Transcript llm_failed;
  llm_failed.errors.push_back({ErrorKind::kLlm, "HTTP 500", 1});
  CHECK(StatusOf(llm_failed, {pass}) == report::RunStatus::kError);
  Transcript tool_failed;
  tool_failed.errors.push_back({ErrorKind::kTool, "isError", 1});
  CHECK(StatusOf(tool_failed, {pass}) == report::RunStatus::kPassed);  // assertions decide
}

TEST_CASE("status: a loop cut short by a timeout, a tool transport failure or a model error is never passed") {
  AssertionResult pass{"no_error_messages", true, "", Json::object(), {}, {}};
  AssertionResult fail{"tool_called", false, "", Json::object(), {}, {}};

  // A test without assertions whose model did not answer before the test's time limit.
  Transcript timed_out;
  timed_out.timed_out = true;
  timed_out.errors.push_back({ErrorKind::kTimeout, "the test's time limit was reached while waiting for the model", 1});
  CHECK(StatusOf(timed_out, {}) == report::RunStatus::kError);
  CHECK(StatusOf(timed_out, {pass}) == report::RunStatus::kError);
  CHECK(StatusOf(timed_out, {fail}) == report::RunStatus::kError);

  // A tool call whose server stopped reading, died, or never answered: the infrastructure failed.
  for (ToolCallStatus status : {ToolCallStatus::kTransport, ToolCallStatus::kTimeout}) {
    CAPTURE(ToolCallStatusName(status));
    Transcript t;
    ToolCall call;
    call.name = "echo";
    call.status = status;
    call.error = "server 'deaf': stopped reading its input";
    t.tool_calls.push_back(call);
    t.final_answer = true;  // the model answered after the failure: still not a pass
    CHECK(StatusOf(t, {}) == report::RunStatus::kError);
    CHECK(StatusOf(t, {pass}) == report::RunStatus::kError);
  }

  // A model error, with no assertions at all.
  Transcript model_failed;
  model_failed.errors.push_back({ErrorKind::kLlm, "LLM generation error (iteration 1): HTTP 500", 1});
  CHECK(StatusOf(model_failed, {}) == report::RunStatus::kError);

  // Answers the tool gave (isError, a JSON-RPC error) and calls the model got wrong stay for the assertions.
  for (ToolCallStatus status : {ToolCallStatus::kToolError, ToolCallStatus::kRpcError, ToolCallStatus::kNotOffered,
                                ToolCallStatus::kBadArguments}) {
    CAPTURE(ToolCallStatusName(status));
    Transcript t;
    ToolCall call;
    call.name = "echo";
    call.status = status;
    t.tool_calls.push_back(call);
    CHECK(StatusOf(t, {pass}) == report::RunStatus::kPassed);
    CHECK(StatusOf(t, {fail}) == report::RunStatus::kFailed);
  }
}

}  // namespace ab::runner
