// cli_exit_code_equals, cli_stdout_contains, cli_stdout_regex, cli_stderr_contains.
#include <doctest/doctest.h>

#include "transcript_json.h"

namespace ab::assertions {
namespace {

using testing::Eval;
using testing::TranscriptFromJson;

using testing::E;

Json Run(const char* tool, int code, const char* out, const char* err) {
  return {{"name", tool}, {"text", Json{{"exit_code", code}, {"stdout", out}, {"stderr", err}}.dump()}};
}

Transcript Cli() {
  Json calls = Json::array({Run("echo_execute", 0, "first\n", ""),
                            {{"name", "echo_execute"}, {"text", "not json"}},
                            Run("other_tool", 9, "", ""),
                            Run("git_execute", 1, "", "fatal: not a repo")});
  return TranscriptFromJson(Json{{"calls", calls}});
}

TEST_CASE("cli_exit_code_equals checks the last matching call by default and honours expected and value") {
  Transcript t = Cli();
  AssertionResult r = E(R"({"type": "cli_exit_code_equals", "expected": 1})", t);
  CHECK(r.passed);
  CHECK(r.details["evidence"]["call"] == 4);
  CHECK(E(R"({"type": "cli_exit_code_equals", "value": "1"})", t).passed);
  r = E(R"({"type": "cli_exit_code_equals"})", t);  // default 0 against the last run
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("expected exit code 0, got 1 (stderr: \"fatal: not a repo\")") != std::string::npos);
  CHECK(E(R"({"type": "cli_exit_code_equals", "expected": 0, "tool": "echo_execute"})", t).passed);
  CHECK(E(R"({"type": "cli_exit_code_equals", "expected": 0, "call": "first"})", t).passed);
  CHECK(E(R"({"type": "cli_exit_code_equals", "expected": 9, "tool": "other_tool"})", t).passed);
  CHECK_FALSE(E(R"({"type": "cli_exit_code_equals", "expected": 1, "value": 2})", t).passed);  // disagree: invalid
  r = E(R"({"type": "cli_exit_code_equals", "tool": "missing_execute"})", t);
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("no call of 'missing_execute'") != std::string::npos);
}

TEST_CASE("cli_stdout_contains, cli_stdout_regex and cli_stderr_contains") {
  Transcript t = Cli();
  CHECK(E(R"({"type": "cli_stdout_contains", "value": "first", "call": "any"})", t).passed);
  AssertionResult r = E(R"({"type": "cli_stdout_contains", "value": "first"})", t);
  CHECK_FALSE(r.passed);  // the last run printed nothing
  CHECK(r.message.find("call #4") != std::string::npos);
  CHECK(E(R"({"type": "cli_stdout_regex", "pattern": "^fir", "tool": "echo_execute"})", t).passed);
  CHECK_FALSE(E(R"({"type": "cli_stdout_regex", "pattern": "^x"})", t).passed);
  CHECK(E(R"({"type": "cli_stderr_contains", "value": "not a repo"})", t).passed);
  CHECK_FALSE(E(R"({"type": "cli_stderr_contains", "value": "x"})", TranscriptFromJson(Json::object())).passed);
}

}  // namespace
}  // namespace ab::assertions
