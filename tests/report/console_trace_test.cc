// The compact trace (report/trace.h) and the console layout around it: what a failed run shows, that a passing
// assertion is one line, model names, the comparison title, and what -q keeps.
#include <doctest/doctest.h>

#include <sstream>

#include "base/redact.h"
#include "base/utf8.h"
#include "report/render.h"
#include "report/trace.h"

namespace ab::report {
namespace console_trace_test {  // named: the report tests are built in unity batches

ToolCall Call(const std::string& name, Json args, ToolCallStatus status) {
  ToolCall c;
  c.name = name;
  c.arguments = std::move(args);
  c.status = status;
  return c;
}

Transcript Sample() {
  Transcript t;
  t.prompt = "Add a note titled Groceries,\nthen search for it";
  t.tool_calls.push_back(Call("add_note", {{"title", "Groceries"}, {"body", "milk, eggs"}}, ToolCallStatus::kOk));
  t.tool_calls.push_back(Call("search", {{"q", "Groceries"}, {"limit", 5}}, ToolCallStatus::kToolError));
  t.final_output = "Saved the note and found it.";
  t.final_answer = true;
  return t;
}

size_t CountOf(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

TEST_CASE("trace: prompt, each call with its arguments and outcome, final answer") {
  CHECK(FormatTrace(Sample()) ==
        "\"Add a note titled Groceries, then search for it\" → add_note{title:\"Groceries\", body:\"milk, eggs\"} "
        "ok → search{q:\"Groceries\", limit:5} error → \"Saved the note and found it.\"");
}

TEST_CASE("trace: no answer says why, bad arguments show the raw text, statuses are named") {
  Transcript t;
  t.prompt = "p";
  ToolCall bad = Call("f", Json::object(), ToolCallStatus::kBadArguments);
  bad.arguments_raw = "{not json";
  t.tool_calls.push_back(bad);
  t.tool_calls.push_back(Call("g", Json::object(), ToolCallStatus::kTimeout));
  t.tool_calls.push_back(Call("h", {{"a", Json::array({1, 2})}, {"o", {{"k", 1}}}}, ToolCallStatus::kNotOffered));
  t.errors.push_back({ErrorKind::kMaxIterations, "stopped after 3 iterations", 3});
  CHECK(FormatTrace(t) ==
        "\"p\" → f(\"{not json\") bad arguments → g{} timeout → h{a:[…], o:{…}} not offered → "
        "(no answer: max_iterations)");
  t.timed_out = true;
  CHECK(FormatTrace(t).find("(no answer: timed out)") != std::string::npos);
  t.prompt.clear();
  CHECK(FormatTrace(t).rfind("(no prompt) → ", 0) == 0);
}

TEST_CASE("trace: long values, many calls and the whole line are bounded") {
  Transcript t;
  t.prompt = std::string(10'000, 'p');
  for (int i = 0; i < 50; ++i)
    t.tool_calls.push_back(Call("tool" + std::to_string(i), {{"v", std::string(1000, 'x')}}, ToolCallStatus::kOk));
  t.final_output = std::string(1'000'000, 'a');
  t.final_answer = true;
  TraceOptions o;
  std::string trace = FormatTrace(t, o);
  CHECK(trace.size() <= o.max_bytes + std::string("…").size());
  CHECK(trace.find(std::string(o.max_text_bytes, 'p') + "…\"") != std::string::npos);
  CHECK(trace.find("x…\"}") != std::string::npos);
  CHECK(trace.find(std::string(o.max_value_bytes + 1, 'x')) == std::string::npos);
  o.max_bytes = 100'000;
  std::string whole = FormatTrace(t, o);
  CHECK(CountOf(whole, " ok") == o.max_calls);
  CHECK(whole.find("→ … 42 more calls →") != std::string::npos);
}

TEST_CASE("trace: UTF-8 is cut on a code point, invalid bytes and terminal controls are replaced") {
  Transcript t;
  t.prompt = "";
  for (int i = 0; i < 40; ++i) t.prompt += "é€";  // 2- and 3-byte code points
  t.final_output = "bad \xC3 byte \033[31mred\033[0m\r\nnext";
  t.final_answer = true;
  std::string trace = FormatTrace(t);
  CHECK(FirstInvalidUtf8(trace) == std::string::npos);
  CHECK(trace.find('\033') == std::string::npos);
  CHECK(trace.find('\n') == std::string::npos);
  CHECK(trace.find("\xEF\xBF\xBD") != std::string::npos);  // U+FFFD for the stray byte
  CHECK(trace.find("red") != std::string::npos);
}

TestRun MakeRun(const std::string& test, const std::string& agent, RunStatus status, Transcript t,
                std::vector<AssertionResult> assertions) {
  TestRun r;
  r.file = "t.yaml";
  r.session = "S";
  r.test = test;
  r.agent = agent;
  r.provider_type = "ANTHROPIC";
  r.model = "claude-sonnet-4";
  r.status = status;
  r.passed = status == RunStatus::kPassed;
  r.transcript = std::move(t);
  r.assertions = std::move(assertions);
  return r;
}

AssertionResult Result(const std::string& type, bool passed, const std::string& message) {
  AssertionResult a;
  a.type = type;
  a.passed = passed;
  a.message = message;
  a.details = {{"expected", "add_note"}, {"actual", Json::array()}};
  return a;
}

Run TwoAgents() {
  Run run;
  run.agents = {"good", "bad"};
  run.required_success_rate = 1.0;
  Transcript failed = Sample();
  failed.final_output = "my key is sk-console-secret-123";
  run.runs.push_back(MakeRun("Create", "good", RunStatus::kPassed, Sample(),
                             {Result("tool_called", true, "tool 'add_note' was called")}));
  run.runs.push_back(MakeRun("Create", "bad", RunStatus::kFailed, failed,
                             {Result("tool_called", true, "tool 'add_note' was called"),
                              Result("output_contains", false, "expected the output to contain 'done'")}));
  return run;
}

std::string Render(RenderFn fn, const Run& run) {
  std::ostringstream out;
  fn(run, out, RenderOptions{});
  return out.str();
}

TEST_CASE("console: a failed run shows its trace and failing details, a passing assertion is one line") {
  RegisterSecret("sk-console-secret-123");
  std::string out = Render(&RenderConsole, TwoAgents());
  CHECK(out.find("AGENT COMPARISON (2 agents × 1 test)") != std::string::npos);
  CHECK(out.find("SERVER COMPARISON") == std::string::npos);
  CHECK(out.find("ANTHROPIC · claude-sonnet-4") != std::string::npos);
  CHECK(CountOf(out, "Trace: ") == 1);  // only the failed run
  CHECK(out.find("Trace: \"Add a note titled Groceries, then search for it\" → add_note{") != std::string::npos);
  // The trace is redacted like the rest of the console.
  CHECK(out.find("sk-console-secret-123") == std::string::npos);
  CHECK(out.find("my key is [REDACTED]") != std::string::npos);
  // Details (• expected/actual) only under the failing assertion.
  CHECK(CountOf(out, "• expected: add_note") == 1);
  CHECK(out.find("✓ tool_called: tool 'add_note' was called\n    ✓") == std::string::npos);
}

TEST_CASE("console: one agent is titled as test results") {
  Run run = TwoAgents();
  run.agents = {"good"};
  run.runs.pop_back();
  std::string out = Render(&RenderConsole, run);
  CHECK(out.find("TEST RESULTS (1 test)") != std::string::npos);
  CHECK(out.find("Trace:") == std::string::npos);
}

TEST_CASE("console -q: only failed and errored runs, with why, then the verdict") {
  Run run = TwoAgents();
  Transcript broken;
  broken.errors.push_back({ErrorKind::kServer, "server 'fs' failed to start: exec: npx: not found", 0});
  run.runs.push_back(MakeRun("Other", "good", RunStatus::kError, broken, {}));
  std::string out = Render(&RenderConsoleFailures, run);
  CHECK(out.find("✗ FAIL Create · bad [ANTHROPIC · claude-sonnet-4]") != std::string::npos);
  CHECK(out.find("! ERROR Other · good") != std::string::npos);
  CHECK(out.find("Create · good") == std::string::npos);
  CHECK(out.find("✗ output_contains: expected the output to contain 'done'") != std::string::npos);
  CHECK(out.find("✓ tool_called") == std::string::npos);  // passing assertions are left out
  CHECK(out.find("[server] server 'fs' failed to start: exec: npx: not found") != std::string::npos);
  CHECK(out.find("Total: 3 | Passed: 1 | Failed: 1 | Errors: 1 | Criteria: success rate ≥ 100.0% NOT MET") !=
        std::string::npos);

  Run all_good = TwoAgents();
  all_good.runs.pop_back();
  std::string quiet = Render(&RenderConsoleFailures, all_good);
  CHECK(quiet.find("FAIL") == std::string::npos);
  CHECK(quiet.find("Total: 1 | Passed: 1") != std::string::npos);
}

}  // namespace console_trace_test
}  // namespace ab::report
