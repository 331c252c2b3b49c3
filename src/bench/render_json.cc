// The JSON bench report (schema_version 1, documented in docs/bench.md) and the renderer table.
#include "base/redact.h"
#include "base/time.h"
#include "bench/render.h"

namespace ab::bench {
namespace {

Json Optional(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }
Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json AggregateToJson(const Aggregate& a) {
  Json j = Json::object();
  j["config"] = a.config;
  if (!a.variant.empty()) j["variant"] = a.variant;
  if (!a.test_key.empty()) j["test"] = a.test_key;
  j["runs"] = a.runs;
  j["passed"] = a.passed;
  j["failed"] = a.failed;
  j["errored"] = a.errored;
  j["timed_out"] = a.timed_out;
  j["skipped"] = a.skipped;
  j["success_rate"] = a.success_rate;
  j["success_ci"] = {{"level", 0.95}, {"low", a.success_ci.low}, {"high", a.success_ci.high}};
  j["pass_at_k"] = Optional(a.pass_at_k);
  j["pass_hat_k"] = Optional(a.pass_hat_k);
  auto ci = [](const std::optional<Interval>& i) {
    return i ? Json{{"level", 0.95}, {"low", i->low}, {"high", i->high}} : Json(nullptr);
  };
  j["pass_at_k_ci"] = ci(a.pass_at_k_ci);
  j["pass_hat_k_ci"] = ci(a.pass_hat_k_ci);
  j["latency_ms"] = {{"samples", a.latency.samples}, {"min", a.latency.min}, {"p50", a.latency.p50},
                     {"p95", a.latency.p95},         {"max", a.latency.max}, {"mean", a.latency.mean}};
  j["tokens_mean"] = {
      {"prompt", a.prompt_tokens_mean}, {"completion", a.completion_tokens_mean}, {"cached", a.cached_tokens_mean}};
  j["cost_usd"] = {
      {"mean", Optional(a.cost_mean)}, {"total", Optional(a.cost_total)}, {"unknown_runs", a.cost_unknown}};
  j["cost_per_success_usd"] = Optional(a.cost_per_success);
  if (a.tier > 0) {
    j["tier"] = a.tier;
    j["dominated_by"] = a.dominated_by;
  }
  j["retries"] = a.retries;
  j["wait_ms_mean"] = a.wait_ms_mean;
  return j;
}

void RenderMd(const BenchSummary& s, const std::vector<RunRecord>&, std::ostream& out, const BenchRenderOptions& o) {
  RenderBenchMarkdown(s, out, o);
}
void RenderHtml(const BenchSummary& s, const std::vector<RunRecord>& runs, std::ostream& out,
                const BenchRenderOptions& o) {
  RenderBenchHtml(s, runs, out, o);
}

const BenchRenderer kRenderers[] = {
    {"md", ".md", &RenderMd},
    {"json", ".json", &RenderBenchJson},
    {"html", ".html", &RenderHtml},
};

}  // namespace

Json BenchToJson(const BenchSummary& s, const std::vector<RunRecord>& runs, const BenchRenderOptions& options) {
  const BenchMeta& m = s.meta;
  bool det = options.deterministic;
  Json j = Json::object();
  j["schema_version"] = kBenchJsonSchemaVersion;
  j["kind"] = "agent-bench/bench";
  j["bench"] = {{"id", m.id},
                {"name", m.name},
                {"suite", m.suite},
                {"started_at", det || m.started_ms == 0 ? Json(nullptr) : Json(FormatRfc3339(m.started_ms))},
                {"started_ms", det ? 0 : m.started_ms},
                {"ended_ms", det ? 0 : m.ended_ms},
                {"tool_version", det ? std::string() : m.tool_version},
                {"configs", m.configs},
                {"variants", m.variants},
                {"repetitions", m.repetitions},
                {"k", s.k}};
  j["highlights"] = {{"cheapest", OrNull(s.cheapest)},
                     {"fastest", OrNull(s.fastest)},
                     {"most_reliable", OrNull(s.most_reliable)},
                     {"tied_with_most_reliable", s.tied_with_most_reliable},
                     {"pareto_front", s.pareto_front}};
  j["stability"] = Json::array();
  for (const Stability& st : s.stability) {
    Json seqs = Json::array();
    for (const SequenceCount& c : st.sequences) seqs.push_back({{"sequence", c.sequence}, {"count", c.count}});
    j["stability"].push_back({{"config", st.config},
                              {"variant", st.variant},
                              {"test", st.test_key},
                              {"runs", st.runs},
                              {"trajectory_consistency", st.trajectory_consistency},
                              {"sequences", seqs},
                              {"output_exact_agreement", st.output_exact_agreement},
                              {"output_normalized_agreement", st.output_normalized_agreement},
                              {"distinct_outputs", st.distinct_outputs},
                              {"distinct_normalized_outputs", st.distinct_normalized_outputs}});
  }
  j["overall"] = AggregateToJson(s.overall);
  for (const char* key : {"configs", "config_variants", "tests"}) j[key] = Json::array();
  for (const Aggregate& a : s.by_config) j["configs"].push_back(AggregateToJson(a));
  for (const Aggregate& a : s.by_config_variant) j["config_variants"].push_back(AggregateToJson(a));
  for (const Aggregate& a : s.by_test) j["tests"].push_back(AggregateToJson(a));
  j["warnings"] = Json::array();
  for (const std::string& w : s.warnings) j["warnings"].push_back(Redact(w));
  j["runs"] = Json::array();
  for (const RunRecord& r : runs) {
    Json run = RunToJson(r);
    // What the agent did, as the viewer's grid shows it; `merge` carries both into the merged bench.
    run["final_answer"] = Redact(r.final_answer);
    run["tool_chain"] = Redact(r.tool_chain);
    if (det) run["started_ms"] = 0;
    j["runs"].push_back(std::move(run));
  }
  return j;
}

void RenderBenchJson(const BenchSummary& s, const std::vector<RunRecord>& runs, std::ostream& out,
                     const BenchRenderOptions& options) {
  // replace: user text (outputs, errors) may hold invalid UTF-8, which must not abort a report.
  out << BenchToJson(s, runs, options).dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

const BenchRenderer* FindBenchRenderer(std::string_view name) {
  if (name == "markdown") name = "md";
  for (const BenchRenderer& r : kRenderers)
    if (name == r.name) return &r;
  return nullptr;
}

std::vector<std::string> BenchRendererNames() {
  std::vector<std::string> out;
  for (const BenchRenderer& r : kRenderers) out.push_back(r.name);
  return out;
}

}  // namespace ab::bench
