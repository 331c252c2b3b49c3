// Test helpers: a Transcript and an AssertionSpec built from compact JSON, so test cases (and the table in
// data/verdicts.json) stay readable.
#pragma once

#include <string>

#include "assert/engine.h"
#include "base/json.h"
#include "base/transcript.h"
#include "config/model.h"

namespace ab::assertions::testing {

/// Transcript from {"final_output", "prompt", "calls": [{"name", "args", "status", "text", "structured",
/// "is_error", "no_result", "iteration"}], "available_tools", "tool_schemas", "errors": [{"kind","message"}],
/// "tokens": {"prompt","completion"}, "cost_usd", "latency_ms", "iterations", "clarification": {"enabled",
/// "count", "examples"}, "rate_limit_hits"}. Calls' names are added to available_tools unless it is given.
Transcript TranscriptFromJson(const Json& j);

/// Spec from {"type": ..., field: value ...} or {"anyOf": [...]}, {"allOf": [...]}, {"not": {...}}. Every field
/// gets the location test.yaml:<line>:<col> where line is |line| and col the field's position (1-based) + 4.
config::AssertionSpec SpecFromJson(const Json& j, int line = 1);

/// Evaluates one spec against |t|.
AssertionResult Eval(const Json& spec, const Transcript& t, const EvalContext& ctx = {});

/// Shorthands the test files share: T(transcript JSON), E(spec JSON, transcript), J(JSON text).
inline Transcript T(const char* json) { return TranscriptFromJson(Json::parse(json)); }
inline AssertionResult E(const char* spec, const Transcript& t, const EvalContext& ctx = {}) {
  return Eval(Json::parse(spec), t, ctx);
}
inline Json J(const char* s) { return Json::parse(s); }

}  // namespace ab::assertions::testing
