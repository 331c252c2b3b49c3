#include "report/fixtures.h"

#include <functional>

#include "base/strings.h"

namespace ab::report::testing {
namespace {

constexpr int64_t kT0 = 1763800000000;  // 2025-11-22T08:26:40Z: fixed so non-deterministic tests are stable too

AssertionResult Assert(const std::string& type, bool passed, const std::string& message,
                       Json details = Json::object()) {
  AssertionResult a;
  a.type = type;
  a.passed = passed;
  a.message = message;
  a.details = std::move(details);
  return a;
}

Run Base(const std::vector<std::string>& files, const std::vector<std::string>& agents) {
  Run run;
  run.tool_version = "0.1.0";
  run.run_id = "run-1234";
  run.started_ms = kT0;
  run.ended_ms = kT0 + 9000;
  run.test_files = files;
  run.agents = agents;
  return run;
}

std::string ProviderOf(const std::string& agent) {
  if (agent.find("claude") != std::string::npos) return "ANTHROPIC";
  if (agent.find("gpt") != std::string::npos) return "OPENAI";
  return "GOOGLE";
}

// Adds tests × agents in declaration order; |fail| says which (test, agent) pairs fail.
void AddGrid(Run& run, const std::string& file, int file_index, const std::string& session, int session_index,
             const std::vector<std::string>& tests, const std::function<bool(size_t, size_t)>& fail) {
  for (size_t t = 0; t < tests.size(); ++t) {
    for (size_t a = 0; a < run.agents.size(); ++a) {
      TestRun r = MakeTestRun(file, session, tests[t], run.agents[a], ProviderOf(run.agents[a]),
                              fail(t, a) ? RunStatus::kFailed : RunStatus::kPassed);
      r.file_index = file_index;
      r.session_index = session_index;
      r.test_index = static_cast<int>(t);
      r.agent_index = static_cast<int>(a);
      run.runs.push_back(std::move(r));
    }
  }
}

auto Never() {
  return [](size_t, size_t) { return false; };
}

Run Scenario09() {
  Run run = Base({"tests/errors.yaml"}, {"gemini-agent", "claude-agent"});
  run.incomplete = true;
  run.warnings = {"server 'fs' wrote 3 lines to stderr"};
  run.required_success_rate = 0.75;

  TestRun infra =
      MakeTestRun("tests/errors.yaml", "default", "Read config", "gemini-agent", "GOOGLE", RunStatus::kError);
  infra.assertions.clear();
  infra.transcript = Transcript();
  infra.transcript.prompt = "Read the config file";
  infra.transcript.errors.push_back({ErrorKind::kServer, "server 'fs' failed to start: exec: npx: not found", 0});
  run.runs.push_back(infra);

  TestRun failed =
      MakeTestRun("tests/errors.yaml", "default", "Read config", "claude-agent", "ANTHROPIC", RunStatus::kFailed);
  failed.agent_index = 1;
  ToolCall timeout;
  timeout.id = "call_2";
  timeout.name = "slow_tool";
  timeout.server = "fs";
  timeout.arguments = {{"path", "/etc/hosts"}};
  timeout.status = ToolCallStatus::kTimeout;
  timeout.error = "no answer within 30s";
  timeout.iteration = 2;
  timeout.started_ms = kT0 + 1500;
  timeout.duration_ms = 30000;
  failed.transcript.tool_calls.push_back(timeout);
  ToolCall bad = failed.transcript.tool_calls.front();
  bad.id = "call_3";
  bad.iteration = 2;
  bad.status = ToolCallStatus::kToolError;
  bad.result->is_error = true;
  bad.result->content[0].text = "<script>alert(1)</script> & <img src=x onerror=alert(1)>";
  bad.result->content[0].raw = {{"type", "text"}, {"text", bad.result->content[0].text}};
  failed.transcript.tool_calls.push_back(bad);
  failed.transcript.errors.push_back({ErrorKind::kTool, "tool 'slow_tool' timed out after 30s", 2});
  failed.transcript.errors.push_back(
      {ErrorKind::kMaxIterations, "stopped after 2 iterations without a final answer", 2});
  failed.transcript.final_answer = false;
  failed.transcript.final_output = "";
  AssertionResult any = Assert("anyOf", false, "none of 2 alternatives passed");
  any.children.push_back(Assert("tool_called", false, "tool 'write_file' was not called",
                                {{"expected", "write_file"}, {"actual", Json::array({"read_file", "slow_tool"})}}));
  any.children.push_back(
      Assert("output_contains", false, "output does not contain \"done\"", {{"expected", "done"}, {"actual", ""}}));
  failed.assertions.push_back(any);
  failed.assertions.push_back(Assert("no_error_messages", false, "2 tool calls failed", {{"errors", 2}}));
  run.runs.push_back(failed);

  TestRun skipped =
      MakeTestRun("tests/errors.yaml", "default", "Write config", "gemini-agent", "GOOGLE", RunStatus::kSkipped);
  skipped.test_index = 1;
  skipped.assertions.clear();
  skipped.transcript = Transcript();
  run.runs.push_back(skipped);
  TestRun passed =
      MakeTestRun("tests/errors.yaml", "default", "Write config", "claude-agent", "ANTHROPIC", RunStatus::kPassed);
  passed.test_index = 1;
  passed.agent_index = 1;
  run.runs.push_back(passed);
  return run;
}

}  // namespace

TestRun MakeTestRun(const std::string& file, const std::string& session, const std::string& test,
                    const std::string& agent, const std::string& provider_type, RunStatus status) {
  TestRun r;
  r.file = file;
  r.session = session;
  r.test = test;
  r.agent = agent;
  r.provider_name = ToLower(provider_type);
  r.provider_type = provider_type;
  r.model = provider_type == "ANTHROPIC" ? "claude-sonnet-4"
            : provider_type == "OPENAI"  ? "gpt-4o"
                                         : "gemini-2.0-flash";
  r.status = status;
  r.passed = status == RunStatus::kPassed;
  Transcript& t = r.transcript;
  t.prompt = "Please " + test + " and tell me when done";
  t.started_ms = kT0;
  t.ended_ms = kT0 + 2340;
  t.latency_ms = 2340;
  t.llm_ms = 2000;
  t.tool_ms = 40;
  t.iterations = 2;
  t.messages = {{"user", t.prompt, kT0, ""},
                {"assistant", "", kT0 + 1000, ""},
                {"tool", "{\"ok\":true}", kT0 + 1040, "write_file"},
                {"assistant", "Done: " + test, kT0 + 2340, ""}};
  LlmTurn turn1;
  turn1.iteration = 1;
  turn1.started_ms = kT0;
  turn1.latency_ms = 1000;
  turn1.usage.prompt_tokens = 100;
  turn1.usage.completion_tokens = 20;
  turn1.stop_reason = "tool_calls";
  turn1.tool_calls = 1;
  LlmTurn turn2 = turn1;
  turn2.iteration = 2;
  turn2.started_ms = kT0 + 1040;
  turn2.usage.prompt_tokens = 140;
  turn2.usage.completion_tokens = 30;
  turn2.usage.cached_tokens = 100;
  turn2.stop_reason = "stop";
  turn2.tool_calls = 0;
  turn2.text = "Done: " + test;
  t.turns = {turn1, turn2};
  ToolCall call;
  call.id = "call_1";
  call.name = "write_file";
  call.server = "fs";
  call.arguments = {{"path", "test.txt"}, {"content", "Hello"}};
  call.arguments_raw = call.arguments.dump();
  call.iteration = 1;
  call.started_ms = kT0 + 1000;
  call.duration_ms = 40;
  ToolResult result;
  ContentBlock block;
  block.type = "text";
  block.text = "{\"ok\":true}";
  block.raw = {{"type", "text"}, {"text", block.text}};
  result.content.push_back(block);
  result.structured = {{"ok", true}};
  call.result = result;
  t.tool_calls.push_back(call);
  t.final_output = "Done: " + test;
  t.final_answer = true;
  t.usage = turn1.usage;
  t.usage += turn2.usage;
  t.usage.cost_usd = provider_type == "GOOGLE" ? std::optional<double>(0.00125) : std::nullopt;
  t.available_tools = {"write_file", "read_file"};
  r.assertions.push_back(
      Assert("tool_called", true, "tool 'write_file' was called", {{"tool", "write_file"}, {"count", 1}}));
  if (status == RunStatus::kFailed) {
    r.assertions.push_back(
        Assert("tool_param_equals", false, "write_file called with incorrect parameters",
               {{"expected", {{"path", "test.txt"}, {"content", "Hi"}}}, {"actual", call.arguments}}));
  }
  r.assertions.push_back(
      Assert("max_latency_ms", true, "latency 2340ms within 5000ms", {{"actual", 2340}, {"max", 5000}}));
  return r;
}

std::vector<std::string> ScenarioNames() {
  return {"01_single_agent_single_test", "02_single_agent_multi_test",    "03_multi_agent_single_test",
          "04_multi_agent_multi_test",   "05_single_agent_multi_session", "06_multi_agent_multi_session",
          "07_single_agent_multi_file",  "08_multi_agent_multi_file",     "09_failed_with_errors"};
}

Run MakeScenario(const std::string& name) {
  const std::string f = "tests/basic.yaml";
  if (name == "01_single_agent_single_test") {
    Run run = Base({f}, {"gemini-agent"});
    AddGrid(run, f, 0, "default", 0, {"Create file"}, Never());
    return run;
  }
  if (name == "02_single_agent_multi_test") {
    Run run = Base({f}, {"gemini-agent"});
    AddGrid(run, f, 0, "default", 0, {"Create file", "Read file", "Delete file"},
            [](size_t t, size_t) { return t == 1; });
    return run;
  }
  if (name == "03_multi_agent_single_test") {
    Run run = Base({f}, {"gemini-agent", "claude-agent"});
    AddGrid(run, f, 0, "default", 0, {"Create file"}, [](size_t, size_t a) { return a == 1; });
    return run;
  }
  if (name == "04_multi_agent_multi_test") {
    Run run = Base({f}, {"gemini-agent", "claude-agent", "gpt-agent"});
    AddGrid(run, f, 0, "default", 0, {"Create file", "Read file"}, [](size_t t, size_t a) { return t == a; });
    return run;
  }
  if (name == "05_single_agent_multi_session" || name == "06_multi_agent_multi_session") {
    bool multi = name[1] == '6';
    Run run = Base({f}, multi ? std::vector<std::string>{"gemini-agent", "claude-agent"}
                              : std::vector<std::string>{"gemini-agent"});
    AddGrid(run, f, 0, "Setup", 0, {"Create file", "Read file"}, Never());
    AddGrid(run, f, 0, "Cleanup", 1, {"Delete file", "Verify empty"},
            [multi](size_t t, size_t a) { return multi && t == 1 && a == 1; });
    // The first test of a session carries the agent's system prompt before its own messages (schema 2: each
    // message of a session is carried once, by the test during which it was added).
    for (auto& r : run.runs) {
      if (r.test_index == 0) {
        r.transcript.messages.insert(r.transcript.messages.begin(), {"system", "You are " + r.agent, 0, ""});
        r.transcript.first_message_of_test = 1;
      }
    }
    return run;
  }
  if (name == "07_single_agent_multi_file" || name == "08_multi_agent_multi_file") {
    bool multi = name[1] == '8';
    const std::string g = "/home/user/suite/files.yaml";  // absolute: deterministic mode keeps only "files.yaml"
    Run run = Base({f, g}, multi ? std::vector<std::string>{"gemini-agent", "claude-agent"}
                                 : std::vector<std::string>{"gemini-agent"});
    run.suite_name = "Filesystem suite";
    AddGrid(run, f, 0, "default", 0, {"Create file", "List files"}, Never());
    AddGrid(run, g, 1, "Listing", 0, {"List files"}, [multi](size_t, size_t a) { return multi && a == 1; });
    AddGrid(run, g, 1, "Cleanup", 1, {"Delete file"}, Never());
    for (auto& r : run.runs) r.suite = run.suite_name;
    if (multi) run.required_success_rate = 0.8;
    return run;
  }
  if (name == "09_failed_with_errors") return Scenario09();
  return Run();
}

Run MakeLargeRun(int n) {
  Run run = Base({}, {});
  for (int a = 0; a < 10; ++a) run.agents.push_back("agent-" + std::to_string(a));
  for (int i = 0; i < n; ++i) {
    int file = i / 1000;
    std::string path = "tests/file" + std::to_string(file) + ".yaml";
    if (i % 1000 == 0) run.test_files.push_back(path);
    const std::string& agent = run.agents[static_cast<size_t>(i % 10)];
    RunStatus status = i % 7 == 0 ? RunStatus::kFailed : i % 31 == 0 ? RunStatus::kError : RunStatus::kPassed;
    TestRun r = MakeTestRun(path, "s" + std::to_string((i / 100) % 3), "test " + std::to_string(i / 10), agent,
                            ProviderOf(agent), status);
    r.transcript.latency_ms = 100.0 + (i * 37) % 5000;
    run.runs.push_back(std::move(r));
  }
  return run;
}

}  // namespace ab::report::testing
