#include "serve/api_json.h"

#include <algorithm>
#include <set>

#include "base/time.h"

namespace ab::serve {
namespace {

Json Opt(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }
Json Time(int64_t ms) { return ms ? Json(FormatRfc3339(ms)) : Json(nullptr); }

/// The UI's fields beside the bench layer's (bench::ComparisonJson) for one change: which side has it and which
/// way each metric moved.
void AddChangeFields(const bench::Change& c, Json& j) {
  j["in_a"] = c.in_a;
  j["in_b"] = c.in_b;
  j["a"]["latency_samples"] = c.a_latency_samples;
  j["b"]["latency_samples"] = c.b_latency_samples;
  j["success_regression"] = c.success_regression;
  j["success_improvement"] = c.success_improvement;
  j["latency_regression"] = c.latency_regression;
  j["latency_improvement"] = c.latency_improvement;
}

}  // namespace

Json AggregateToJson(const bench::Aggregate& a) {
  Json j = {{"runs", a.runs},
            {"passed", a.passed},
            {"failed", a.failed},
            {"errored", a.errored},
            {"timed_out", a.timed_out},
            {"success_rate", a.success_rate},
            {"success_ci", {a.success_ci.low, a.success_ci.high}},
            {"latency",
             {{"samples", a.latency.samples},
              {"p50_ms", a.latency.p50},
              {"p95_ms", a.latency.p95},
              {"min_ms", a.latency.min},
              {"max_ms", a.latency.max},
              {"mean_ms", a.latency.mean}}},
            {"prompt_tokens_mean", a.prompt_tokens_mean},
            {"completion_tokens_mean", a.completion_tokens_mean},
            {"cost_total_usd", Opt(a.cost_total)},
            {"cost_per_run_usd", Opt(a.cost_mean)},
            {"cost_unknown_runs", a.cost_unknown},
            {"pass_at_k", Opt(a.pass_at_k)},
            {"pass_hat_k", Opt(a.pass_hat_k)}};
  if (!a.config.empty()) j["config"] = a.config;
  if (!a.variant.empty()) j["variant"] = a.variant;
  if (!a.test_key.empty()) j["test"] = a.test_key;
  return j;
}

Json BenchListItem(const BenchView& v) {
  const store::BenchInfo& info = v.bench.info;
  Json by_config = Json::array();
  for (const auto& a : v.summary.by_config) by_config.push_back(AggregateToJson(a));
  std::set<std::string> providers, models;
  std::vector<std::string> agents;
  for (const auto& r : v.bench.runs) {
    if (!r.provider_type.empty()) providers.insert(r.provider_type);
    if (!r.model.empty()) models.insert(r.model);
    if (!r.agent.empty() && std::find(agents.begin(), agents.end(), r.agent) == agents.end()) agents.push_back(r.agent);
  }
  Json files = Json::array();
  for (const auto& f : info.files) files.push_back(Json{{"path", f.path}, {"content_hash", f.content_hash}});
  return Json{{"id", info.id},
              {"kind", info.kind},
              {"files", files},
              {"agents", agents},
              {"name", info.name},
              {"suite", info.suite},
              {"started", Time(info.started_ms)},
              {"started_ms", info.started_ms},
              {"ended_ms", info.ended_ms},
              {"tool_version", info.tool_version},
              {"configs", info.configs},
              {"variants", v.summary.meta.variants},
              {"repetitions", v.summary.meta.repetitions},
              {"tags", info.tags},
              {"providers", providers},
              {"models", models},
              {"k", v.summary.k},
              {"overall", AggregateToJson(v.summary.overall)},
              {"by_config", by_config},
              {"cheapest", v.summary.cheapest},
              {"fastest", v.summary.fastest},
              {"most_reliable", v.summary.most_reliable},
              {"warnings", v.summary.warnings}};
}

Json BenchDetail(const BenchView& v, const std::optional<FixtureRef>& fixture) {
  Json j = BenchListItem(v);
  Json by_variant = Json::array(), by_test = Json::array(), runs = Json::array();
  for (const auto& a : v.summary.by_config_variant) by_variant.push_back(AggregateToJson(a));
  for (const auto& a : v.summary.by_test) by_test.push_back(AggregateToJson(a));
  for (size_t i = 0; i < v.bench.runs.size(); ++i) {
    RunView r;
    r.record = v.bench.runs[i];
    r.record.bench_id = v.bench.info.id;
    r.seq = static_cast<int>(i);
    runs.push_back(RunToJson(r));
  }
  j["by_config_variant"] = by_variant;
  j["by_test"] = by_test;
  j["fixture"] = fixture ? FixtureRefToJson(*fixture) : Json(nullptr);
  j["runs"] = runs;
  return j;
}

Json RunToJson(const RunView& v) {
  const store::RunRecord& r = v.record;
  return Json{{"id", v.id()},
              {"bench_id", r.bench_id},
              {"run_id", r.run_id},
              {"config", r.config},
              {"variant", r.variant},
              {"repetition", r.repetition},
              {"test", r.test_key},
              {"agent", r.agent},
              {"status", store::RunStatusName(r.status)},
              {"duration_ms", r.duration_ms},
              {"llm_ms", r.llm_ms},
              {"tool_ms", r.tool_ms},
              {"wait_ms", r.wait_ms},
              {"retries", r.retries},
              {"prompt_tokens", r.prompt_tokens},
              {"completion_tokens", r.completion_tokens},
              {"cached_tokens", r.cached_tokens},
              {"cost_usd", Opt(r.cost_usd)},
              {"error", r.error},
              {"inputs", r.inputs},
              {"provider_type", r.provider_type},
              {"model", r.model},
              {"started", Time(r.started_ms)},
              {"started_ms", r.started_ms},
              {"final_answer", r.final_answer},
              {"tool_chain", r.tool_chain}};
}

Json GridToJson(const Grid& g) {
  Json rows = Json::array();
  for (const GridRow& row : g.rows) {
    Json cells = Json::array();
    for (const std::vector<RunView>& runs : row.cells) {
      if (runs.empty()) {
        cells.push_back(nullptr);
        continue;
      }
      // The cell shows its first run; the others (variants, repetitions) are listed by id and counted.
      const RunView& first = runs.front();
      int passed = 0;
      Json ids = Json::array();
      for (const RunView& r : runs) {
        passed += r.record.status == store::RunStatus::kPassed;
        ids.push_back(r.id());
      }
      cells.push_back(Json{{"id", first.id()},
                           {"agent", first.record.agent},
                           {"status", store::RunStatusName(first.record.status)},
                           {"final_answer", first.record.final_answer},
                           {"tool_chain", first.record.tool_chain},
                           {"error", first.record.error},
                           {"model", first.record.model},
                           {"duration_ms", first.record.duration_ms},
                           {"cost_usd", Opt(first.record.cost_usd)},
                           {"runs", runs.size()},
                           {"passed", passed},
                           {"run_ids", ids}});
    }
    rows.push_back(
        Json{{"test", row.test}, {"not_passed", row.not_passed}, {"duration_ms", row.duration_ms}, {"cells", cells}});
  }
  return Json{
      {"bench_id", g.bench_id}, {"kind", g.kind}, {"columns", g.columns}, {"rows", rows}, {"total", g.total_rows}};
}

Json FlipsToJson(const store::TestFlips& f) {
  Json outcomes = Json::array();
  for (const store::TestOutcome& o : f.outcomes) {
    outcomes.push_back(Json{{"run", o.bench_id + "~" + std::to_string(o.seq)},
                            {"bench_id", o.bench_id},
                            {"kind", o.kind},
                            {"started", Time(o.started_ms)},
                            {"started_ms", o.started_ms},
                            {"status", store::RunStatusName(o.status)},
                            {"model", o.model},
                            {"content_hash", o.content_hash},
                            {"error", o.error}});
  }
  return Json{{"test", f.test_key}, {"agent", f.agent},    {"runs", f.outcomes.size()},  {"verdicts", f.verdicts},
              {"errors", f.errors}, {"flips", f.flips},    {"flip_rate", f.flip_rate()}, {"flaky", f.flaky()},
              {"trend", f.Trend()}, {"outcomes", outcomes}};
}

Json JobToJson(const JobSnapshot& job) {
  Json j = {{"id", job.id},
            {"state", JobStateName(job.state)},
            {"request", job.request.ToJson()},
            {"created", Time(job.created_ms)},
            {"started", Time(job.started_ms)},
            {"ended", Time(job.ended_ms)},
            {"progress",
             {{"done", job.done},
              {"total", job.total},
              {"passed", job.passed},
              {"failed", job.failed},
              {"errored", job.errored}}},
            {"bench_id", job.bench_id.empty() ? Json(nullptr) : Json(job.bench_id)},
            {"error", job.error.empty() ? Json(nullptr) : Json(job.error)},
            {"diagnostics", job.diagnostics},
            {"fixture", job.fixture ? FixtureRefToJson(*job.fixture) : Json(nullptr)}};
  return j;
}

Json ComparisonToJson(const bench::Comparison& c) {
  Json j = bench::ComparisonJson(c);
  for (const char* list : {"configs", "tests"}) {
    const std::vector<bench::Change>& changes = list[0] == 'c' ? c.configs : c.tests;
    Json& out = j[list];
    for (size_t i = 0; i < changes.size() && i < out.size(); ++i) AddChangeFields(changes[i], out[i]);
  }
  return j;
}

Json JudgeCalibrationsToJson(const store::JudgeCalibrations& judge) {
  Json points = Json::array();
  for (const store::JudgeCalibrationPoint& p : judge.points) {
    points.push_back(Json{{"calibration_id", p.judge.calibration_id},
                          {"calibration_name", p.calibration_name},
                          {"judge_name", p.judge.judge_name},
                          {"created", Time(p.judge.created_ms)},
                          {"created_ms", p.judge.created_ms},
                          {"kappa", p.judge.kappa},
                          {"kappa_ci95", {p.judge.kappa_low, p.judge.kappa_high}},
                          {"agreement", p.judge.agreement},
                          {"bias", p.judge.bias},
                          {"items", p.items},
                          {"repetitions", p.repetitions}});
  }
  Json j = {{"judge_key", judge.judge_key}, {"calibrations", points}};
  if (!judge.points.empty()) {
    j["latest_kappa"] = judge.points.back().judge.kappa;
    j["kappa_change"] = judge.points.back().judge.kappa - judge.points.front().judge.kappa;
  }
  return j;
}

Json FixtureToJson(const FixtureVersion& f, bool with_variants) {
  Json j = {{"name", f.name},
            {"version", f.version},
            {"hash", f.hash},
            {"description", f.description},
            {"variant_count", f.variants.size()},
            {"created", Time(f.created_ms)}};
  if (with_variants) j["variants"] = f.variants;
  return j;
}

Json FixtureRefToJson(const FixtureRef& r) { return Json{{"name", r.name}, {"version", r.version}, {"hash", r.hash}}; }

}  // namespace ab::serve
