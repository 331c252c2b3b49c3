// max_tokens, max_latency_ms, max_cost_usd, max_iterations, max_tool_calls, no_error_messages,
// no_clarification_questions, no_rate_limit_errors.
#include <doctest/doctest.h>

#include "transcript_json.h"

namespace ab::assertions {
namespace {

using testing::Eval;
using testing::TranscriptFromJson;

using testing::E;
using testing::T;

TEST_CASE("max_tokens reads value or count against prompt + completion tokens") {
  Transcript t = T(R"({"tokens": {"prompt": 700, "completion": 300}})");
  CHECK(E(R"({"type": "max_tokens", "value": 1000})", t).passed);
  CHECK(E(R"({"type": "max_tokens", "count": "1000"})", t).passed);
  AssertionResult r = E(R"({"type": "max_tokens", "value": 999})", t);
  CHECK_FALSE(r.passed);
  CHECK(r.details["actual"] == 1000);
  CHECK(r.details["expected"] == 999);
  CHECK_FALSE(E(R"({"type": "max_tokens", "value": 1, "count": 2})", t).passed);  // ambiguous: invalid
}

TEST_CASE("max_latency_ms, max_iterations and max_tool_calls") {
  Transcript t = T(R"({"latency_ms": 1500.5, "iterations": 4, "calls": [{"name": "a"}, {"name": "b"}]})");
  CHECK(E(R"({"type": "max_latency_ms", "value": 1501})", t).passed);
  CHECK_FALSE(E(R"({"type": "max_latency_ms", "value": "1500"})", t).passed);
  CHECK(E(R"({"type": "max_iterations", "value": 4})", t).passed);
  CHECK_FALSE(E(R"({"type": "max_iterations", "value": 3})", t).passed);
  CHECK(E(R"({"type": "max_tool_calls", "value": 2})", t).passed);
  AssertionResult r = E(R"({"type": "max_tool_calls", "value": 1})", t);
  CHECK_FALSE(r.passed);
  CHECK(r.message == "expected tool calls <= 1, got 2");
  CHECK(E(R"({"type": "max_tool_calls", "value": 0})", T("{}")).passed);
}

TEST_CASE("max_cost_usd fails with 'unknown cost' when the price is unknown") {
  CHECK(E(R"({"type": "max_cost_usd", "value": 0.05})", T(R"({"cost_usd": 0.049})")).passed);
  CHECK_FALSE(E(R"({"type": "max_cost_usd", "value": 0.05})", T(R"({"cost_usd": 0.051})")).passed);
  AssertionResult r = E(R"({"type": "max_cost_usd", "value": 1})", T("{}"));
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("unknown cost") == 0);
}

TEST_CASE("no_error_messages lists the errors") {
  CHECK(E(R"({"type": "no_error_messages"})", T("{}")).passed);
  AssertionResult r = E(R"({"type": "no_error_messages"})",
                        T(R"({"errors": [{"kind": "max_iterations", "message": "reached 10 iterations"},
                                         {"kind": "tool", "message": "x"}]})"));
  CHECK_FALSE(r.passed);
  CHECK(r.message == "expected no errors, got 2; first (max_iterations): reached 10 iterations");
  CHECK(r.details["errors"].size() == 2);
}

TEST_CASE("no_clarification_questions passes with a warning when detection is off") {
  AssertionResult r =
      E(R"({"type": "no_clarification_questions"})", T(R"({"clarification": {"enabled": false, "count": 3}})"));
  CHECK(r.passed);
  CHECK(r.message.find("warning") == 0);
  CHECK(E(R"({"type": "no_clarification_questions"})", T(R"({"clarification": {"enabled": true}})")).passed);
  r = E(R"({"type": "no_clarification_questions"})",
        T(R"({"clarification": {"enabled": true, "count": 1, "examples": ["Shall I proceed?"]}})"));
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("Shall I proceed?") != std::string::npos);
}

TEST_CASE("no_rate_limit_errors reads this test's own hits") {
  CHECK(E(R"({"type": "no_rate_limit_errors"})", T("{}")).passed);
  AssertionResult r = E(R"({"type": "no_rate_limit_errors"})", T(R"({"rate_limit_hits": 1})"));
  CHECK_FALSE(r.passed);
  CHECK(r.details["actual"] == 1);
}

}  // namespace
}  // namespace ab::assertions
