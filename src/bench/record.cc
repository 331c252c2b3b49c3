#include "bench/record.h"

#include "base/redact.h"
#include "runner/history.h"

namespace ab::bench {

Json VariantInputs(const Variant& variant) {
  Json out = Json::object();
  for (const auto& [k, v] : variant.variables) out[k] = v;
  return out;
}

RunRecord FromTestRun(const report::TestRun& test, const PlannedRun& planned, const Variant& variant) {
  RunRecord r;
  r.run_id = planned.run_id;
  r.bench_id = planned.bench_id;
  r.config = planned.config;
  r.variant = planned.variant;
  r.repetition = planned.repetition;
  runner::FillRunRecord(test, r);  // the same fields a plain run records
  r.inputs = VariantInputs(variant);
  return r;
}

RunRecord ErrorRecord(const PlannedRun& planned, const Variant& variant, const std::string& test_key,
                      const std::string& error) {
  RunRecord r;
  r.run_id = planned.run_id;
  r.bench_id = planned.bench_id;
  r.config = planned.config;
  r.variant = planned.variant;
  r.repetition = planned.repetition;
  r.test_key = test_key;
  r.status = RunStatus::kError;
  r.cost_usd = 0.0;  // nothing ran, so no model was called
  r.error = Redact(error);
  r.inputs = VariantInputs(variant);
  return r;
}

Json RunToJson(const RunRecord& r) {
  Json j = Json::object();
  j["run_id"] = r.run_id;
  j["bench_id"] = r.bench_id;
  j["config"] = r.config;
  j["variant"] = r.variant;
  j["repetition"] = r.repetition;
  j["test"] = r.test_key;
  j["agent"] = r.agent;
  j["status"] = store::RunStatusName(r.status);
  j["duration_ms"] = r.duration_ms;
  j["llm_ms"] = r.llm_ms;
  j["tool_ms"] = r.tool_ms;
  j["wait_ms"] = r.wait_ms;
  j["retries"] = r.retries;
  j["prompt_tokens"] = r.prompt_tokens;
  j["completion_tokens"] = r.completion_tokens;
  j["cached_tokens"] = r.cached_tokens;
  j["cost_usd"] = r.cost_usd ? Json(*r.cost_usd) : Json(nullptr);
  j["error"] = Redact(r.error);
  j["inputs"] = r.inputs;
  j["provider_type"] = r.provider_type;
  j["model"] = r.model;
  j["started_ms"] = r.started_ms;
  // What stability needs to be computed again from the JSON (a merged bench): the answer and the tool path.
  j["final_answer"] = Redact(r.final_answer);
  j["tool_chain"] = r.tool_chain;
  return j;
}

namespace {

/// Reads |key| of |j| into |out|; false (with |missing| set) when absent or of another type.
template <typename T>
bool Field(const Json& j, const char* key, T& out, std::string& bad) {
  auto it = j.find(key);
  if (it == j.end()) {
    bad = std::string("missing field '") + key + "'";
    return false;
  }
  try {
    out = it->get<T>();
  } catch (const Json::exception&) {
    bad = std::string("field '") + key + "' has the wrong type";
    return false;
  }
  return true;
}

}  // namespace

Result<RunRecord> RunFromJson(const Json& j) {
  if (!j.is_object()) return Error(ErrorCode::kParse, "a run must be a JSON object");
  RunRecord r;
  std::string bad, status;
  bool ok =
      Field(j, "run_id", r.run_id, bad) && Field(j, "bench_id", r.bench_id, bad) && Field(j, "config", r.config, bad) &&
      Field(j, "variant", r.variant, bad) && Field(j, "repetition", r.repetition, bad) &&
      Field(j, "test", r.test_key, bad) && Field(j, "agent", r.agent, bad) && Field(j, "status", status, bad) &&
      Field(j, "duration_ms", r.duration_ms, bad) && Field(j, "llm_ms", r.llm_ms, bad) &&
      Field(j, "tool_ms", r.tool_ms, bad) && Field(j, "wait_ms", r.wait_ms, bad) &&
      Field(j, "retries", r.retries, bad) && Field(j, "prompt_tokens", r.prompt_tokens, bad) &&
      Field(j, "completion_tokens", r.completion_tokens, bad) && Field(j, "cached_tokens", r.cached_tokens, bad) &&
      Field(j, "error", r.error, bad) && Field(j, "provider_type", r.provider_type, bad) &&
      Field(j, "model", r.model, bad) && Field(j, "started_ms", r.started_ms, bad);
  if (!ok) return Error(ErrorCode::kParse, "run: " + bad);
  std::optional<RunStatus> s = store::ParseRunStatus(status);
  if (!s) return Error(ErrorCode::kParse, "run: unknown status '" + status + "'");
  r.status = *s;
  auto cost = j.find("cost_usd");
  if (cost != j.end() && cost->is_number()) r.cost_usd = cost->get<double>();
  auto inputs = j.find("inputs");
  if (inputs != j.end() && inputs->is_object()) r.inputs = *inputs;
  // Optional: reports written before they existed have neither.
  if (auto a = j.find("final_answer"); a != j.end() && a->is_string()) r.final_answer = a->get<std::string>();
  if (auto c = j.find("tool_chain"); c != j.end() && c->is_string()) r.tool_chain = c->get<std::string>();
  return r;
}

}  // namespace ab::bench
