#include "report/stats.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace ab::report {
namespace {

void AddRun(GroupStats& g, const TestRun& r) {
  ++g.totals.total;
  switch (r.status) {
    case RunStatus::kPassed: ++g.totals.passed; break;
    case RunStatus::kFailed: ++g.totals.failed; break;
    case RunStatus::kError: ++g.totals.errored; break;
    case RunStatus::kSkipped: ++g.totals.skipped; break;
  }
  const Transcript& t = r.transcript;
  g.latencies_ms.push_back(t.latency_ms);
  g.tokens.push_back(static_cast<double>(t.usage.total()));
  g.total_tokens += t.usage.total();
  g.tool_calls += static_cast<int>(t.tool_calls.size());
  g.total_ms += t.latency_ms;
  // The bench rule (TranscriptCost): a run that never reached the model cost 0, known.
  if (std::optional<double> cost = TranscriptCost(t)) {
    g.cost_usd = g.cost_usd.value_or(0.0) + *cost;
  } else {
    g.cost_partial = true;
  }
}

GroupStats Named(const std::string& name) {
  GroupStats g;
  g.name = name;
  return g;
}

// Groups runs by a string key in first-seen order.
template <typename KeyFn>
std::vector<GroupStats> StatsBy(const Run& run, const std::vector<std::string>& seed, KeyFn key_of) {
  std::vector<GroupStats> out;
  std::unordered_map<std::string, size_t> index;
  for (const auto& name : seed) {
    if (index.emplace(name, out.size()).second) out.push_back(Named(name));
  }
  for (const auto& r : run.runs) {
    std::string key = key_of(r);
    auto [it, inserted] = index.emplace(key, out.size());
    if (inserted) out.push_back(Named(key));
    GroupStats& g = out[it->second];
    if (g.provider_type.empty()) g.provider_type = r.provider_type;
    AddRun(g, r);
  }
  return out;
}

}  // namespace

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  double rank = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(values.size() - 1);
  size_t lo = static_cast<size_t>(std::floor(rank));
  size_t hi = std::min(lo + 1, values.size() - 1);
  double frac = rank - static_cast<double>(lo);
  return values[lo] + (values[hi] - values[lo]) * frac;
}

double Mean(const std::vector<double>& values) {
  if (values.empty()) return 0;
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

std::vector<GroupStats> StatsByAgent(const Run& run) {
  return StatsBy(run, run.agents, [](const TestRun& r) { return r.agent; });
}

std::vector<GroupStats> StatsByFile(const Run& run) {
  return StatsBy(run, {}, [](const TestRun& r) { return r.file; });
}

std::vector<GroupStats> StatsBySession(const Run& run) {
  return StatsBy(run, {}, [](const TestRun& r) { return r.file + " / " + r.session; });
}

GroupStats StatsOfRun(const Run& run) {
  GroupStats g;
  g.name = "all";
  for (const auto& r : run.runs) AddRun(g, r);
  return g;
}

std::vector<TestGroup> GroupByTest(const Run& run) {
  std::vector<TestGroup> out;
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < run.runs.size(); ++i) {
    const TestRun& r = run.runs[i];
    std::string key = r.Key();
    auto [it, inserted] = index.emplace(key, out.size());
    if (inserted) out.push_back(TestGroup{.key = std::move(key), .first = &r, .runs = {}});
    out[it->second].runs.push_back(i);
  }
  return out;
}

std::vector<std::string> AgentOrder(const Run& run) {
  std::vector<std::string> out;
  for (const auto& g : StatsByAgent(run)) out.push_back(g.name);
  return out;
}

}  // namespace ab::report
