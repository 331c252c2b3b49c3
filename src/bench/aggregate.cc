#include "bench/aggregate.h"

#include <algorithm>
#include <map>

namespace ab::bench {
namespace {

/// Names in |preferred| order first, then any other name in order of first appearance.
std::vector<std::string> Ordered(const std::vector<std::string>& preferred, const std::vector<RunRecord>& runs,
                                 std::string RunRecord::*field) {
  std::vector<std::string> out = preferred;
  for (const RunRecord& r : runs) {
    if (std::find(out.begin(), out.end(), r.*field) == out.end()) out.push_back(r.*field);
  }
  return out;
}

void PassK(Aggregate& a, const std::vector<const RunRecord*>& runs, int k) {
  // Cells: one (variant, test) of the group, whose repetitions are the samples of pass@k.
  std::map<std::pair<std::string, std::string>, std::pair<int, int>> cells;  // -> (n, c)
  for (const RunRecord* r : runs) {
    if (r->status == RunStatus::kSkipped) continue;
    auto& cell = cells[{r->variant, r->test_key}];
    ++cell.first;
    if (r->status == RunStatus::kPassed) ++cell.second;
  }
  double at = 0, hat = 0;
  Interval at_ci, hat_ci;
  int used = 0;
  for (const auto& [key, nc] : cells) {
    if (nc.first < k) continue;
    PassKEstimate e = PassKWithInterval(nc.first, nc.second, k);
    at += e.at;
    hat += e.hat;
    at_ci.low += e.at_ci.low;
    at_ci.high += e.at_ci.high;
    hat_ci.low += e.hat_ci.low;
    hat_ci.high += e.hat_ci.high;
    ++used;
  }
  if (used > 0) {
    a.pass_at_k = at / used;
    a.pass_hat_k = hat / used;
    a.pass_at_k_ci = Interval{at_ci.low / used, at_ci.high / used};
    a.pass_hat_k_ci = Interval{hat_ci.low / used, hat_ci.high / used};
  }
}

bool Overlap(const Interval& a, const Interval& b) { return a.low <= b.high && b.low <= a.high; }

/// Tiers by success rate: the best config not yet placed opens a tier, and every unplaced config whose Wilson
/// interval overlaps the opener's joins it.
void AssignTiers(std::vector<Aggregate>& configs) {
  std::vector<Aggregate*> order;
  for (Aggregate& a : configs)
    if (a.runs > 0) order.push_back(&a);
  std::stable_sort(order.begin(), order.end(),
                   [](const Aggregate* l, const Aggregate* r) { return l->success_rate > r->success_rate; });
  int tier = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    if (order[i]->tier != 0) continue;
    order[i]->tier = ++tier;
    for (size_t j = i + 1; j < order.size(); ++j)
      if (order[j]->tier == 0 && Overlap(order[j]->success_ci, order[i]->success_ci)) order[j]->tier = tier;
  }
}

/// Cost/quality Pareto view over fully priced configs: B dominates A when B costs no more per run and succeeds
/// no less often, and is strictly better on one of the two.
void ParetoFront(BenchSummary& s) {
  auto priced = [](const Aggregate& a) { return a.runs > 0 && a.cost_unknown == 0 && a.cost_mean.has_value(); };
  for (Aggregate& a : s.by_config) {
    if (!priced(a)) continue;
    for (const Aggregate& b : s.by_config) {
      if (&a == &b || !priced(b)) continue;
      bool no_worse = *b.cost_mean <= *a.cost_mean && b.success_rate >= a.success_rate;
      bool better = *b.cost_mean < *a.cost_mean || b.success_rate > a.success_rate;
      if (no_worse && better) a.dominated_by.push_back(b.config);
    }
    if (a.dominated_by.empty()) s.pareto_front.push_back(a.config);
  }
}

}  // namespace

Aggregate AggregateRuns(const std::vector<const RunRecord*>& runs, int k) {
  Aggregate a;
  double prompt = 0, completion = 0, cached = 0, wait = 0;
  int known_cost = 0;
  for (const RunRecord* r : runs) {
    if (r->status == RunStatus::kSkipped) {
      ++a.skipped;
      continue;
    }
    ++a.runs;
    switch (r->status) {
      case RunStatus::kPassed: ++a.passed; break;
      case RunStatus::kFailed: ++a.failed; break;
      case RunStatus::kError: ++a.errored; break;
      case RunStatus::kTimeout: ++a.timed_out; break;
      case RunStatus::kSkipped: break;
    }
    if (r->status != RunStatus::kError) a.latencies_ms.push_back(r->duration_ms);
    prompt += static_cast<double>(r->prompt_tokens);
    completion += static_cast<double>(r->completion_tokens);
    cached += static_cast<double>(r->cached_tokens);
    wait += r->wait_ms;
    a.retries += r->retries;
    if (r->cost_usd) {
      a.cost_total = a.cost_total.value_or(0.0) + *r->cost_usd;
      ++known_cost;
    } else {
      ++a.cost_unknown;
    }
  }
  if (a.runs > 0) {
    double n = a.runs;
    a.success_rate = a.passed / n;
    a.success_ci = WilsonInterval(a.passed, a.runs);
    a.prompt_tokens_mean = prompt / n;
    a.completion_tokens_mean = completion / n;
    a.cached_tokens_mean = cached / n;
    a.wait_ms_mean = wait / n;
  }
  if (known_cost > 0) a.cost_mean = *a.cost_total / known_cost;
  if (a.cost_unknown == 0 && a.cost_total && a.passed > 0) a.cost_per_success = *a.cost_total / a.passed;
  if (!a.latencies_ms.empty()) {
    const auto& l = a.latencies_ms;
    a.latency.samples = static_cast<int>(l.size());
    a.latency.min = *std::min_element(l.begin(), l.end());
    a.latency.max = *std::max_element(l.begin(), l.end());
    a.latency.p50 = Percentile(l, 50);
    a.latency.p95 = Percentile(l, 95);
    a.latency.mean = Mean(l);
  }
  PassK(a, runs, std::max(1, k));
  return a;
}

BenchSummary Summarize(const BenchMeta& meta, const std::vector<RunRecord>& runs, int k) {
  BenchSummary s;
  s.meta = meta;
  s.meta.configs = Ordered(meta.configs, runs, &RunRecord::config);
  s.meta.variants = Ordered(meta.variants, runs, &RunRecord::variant);
  s.k = k > 0 ? k : std::max(1, meta.repetitions);

  std::vector<const RunRecord*> all;
  for (const RunRecord& r : runs) all.push_back(&r);
  s.overall = AggregateRuns(all, s.k);

  std::vector<std::string> tests = Ordered({}, runs, &RunRecord::test_key);
  for (const std::string& config : s.meta.configs) {
    std::vector<const RunRecord*> of_config;
    for (const RunRecord* r : all)
      if (r->config == config) of_config.push_back(r);
    Aggregate a = AggregateRuns(of_config, s.k);
    a.config = config;
    if (a.cost_unknown > 0) {
      s.warnings.push_back("config '" + config + "': " + std::to_string(a.cost_unknown) +
                           " run(s) without a known price; their cost is unknown, not $0");
    }
    s.by_config.push_back(std::move(a));
    for (const std::string& variant : s.meta.variants) {
      std::vector<const RunRecord*> cell;
      for (const RunRecord* r : of_config)
        if (r->variant == variant) cell.push_back(r);
      if (cell.empty()) continue;
      Aggregate v = AggregateRuns(cell, s.k);
      v.config = config;
      v.variant = variant;
      s.by_config_variant.push_back(std::move(v));
    }
    for (const std::string& test : tests) {
      std::vector<const RunRecord*> cell;
      for (const RunRecord* r : of_config)
        if (r->test_key == test) cell.push_back(r);
      if (cell.empty()) continue;
      Aggregate t = AggregateRuns(cell, s.k);
      t.config = config;
      t.test_key = test;
      s.by_test.push_back(std::move(t));
    }
  }

  const Aggregate* cheapest = nullptr;
  const Aggregate* fastest = nullptr;
  const Aggregate* reliable = nullptr;
  for (const Aggregate& a : s.by_config) {
    if (a.runs == 0) continue;
    if (a.cost_unknown == 0 && a.cost_mean && (!cheapest || *a.cost_mean < *cheapest->cost_mean)) cheapest = &a;
    if (a.latency.samples > 0 && (!fastest || a.latency.p50 < fastest->latency.p50)) fastest = &a;
    auto width = [](const Aggregate& x) { return x.success_ci.high - x.success_ci.low; };
    if (!reliable || a.success_rate > reliable->success_rate ||
        (a.success_rate == reliable->success_rate && width(a) < width(*reliable))) {
      reliable = &a;
    }
  }
  if (reliable) {
    for (const Aggregate& a : s.by_config) {
      if (&a == reliable || a.runs == 0) continue;
      if (Overlap(a.success_ci, reliable->success_ci)) s.tied_with_most_reliable.push_back(a.config);
    }
  }
  AssignTiers(s.by_config);
  ParetoFront(s);
  if (cheapest) s.cheapest = cheapest->config;
  if (fastest) s.fastest = fastest->config;
  if (reliable) s.most_reliable = reliable->config;
  // From the answers and tool paths the records keep (merged or stored benches); a bench that just ran replaces
  // this with the full transcripts' (RunBench).
  s.stability = ComputeStability(runs, TracesFromRecords(runs));
  return s;
}

std::string RankText(const BenchSummary& s, const Aggregate& a) {
  if (a.tier == 0) return "–";
  int same = 0;
  for (const Aggregate& b : s.by_config) same += b.tier == a.tier ? 1 : 0;
  return std::to_string(a.tier) + (same > 1 ? " (tied)" : "");
}

store::BenchInfo HeadlineOf(const BenchSummary& summary) {
  store::BenchInfo info;
  info.id = summary.meta.id;
  info.name = summary.meta.name;
  info.suite = summary.meta.suite;
  info.started_ms = summary.meta.started_ms;
  info.ended_ms = summary.meta.ended_ms;
  info.tool_version = summary.meta.tool_version;
  info.configs = summary.meta.configs;
  info.total_runs = summary.overall.runs;
  info.passed_runs = summary.overall.passed;
  info.total_cost_usd = summary.overall.cost_total;
  info.cost_unknown_runs = summary.overall.cost_unknown;
  info.p50_latency_ms = summary.overall.latency.p50;
  return info;
}

}  // namespace ab::bench
