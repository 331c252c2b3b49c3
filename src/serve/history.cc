#include "serve/history.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "base/strings.h"

namespace ab::serve {
namespace {

bool RunMatches(const store::RunRecord& r, const HistoryFilter& f) {
  if (!f.config.empty() && r.config != f.config) return false;
  if (!f.provider.empty() && ToLower(r.provider_type) != ToLower(f.provider)) return false;
  if (!f.model.empty() && r.model != f.model) return false;
  if (!f.status.empty() && store::RunStatusName(r.status) != f.status) return false;
  if (!f.test.empty() && r.test_key.find(f.test) == std::string::npos) return false;
  if (!f.agent.empty() && r.agent != f.agent) return false;
  return true;
}

bool Contains(const std::string& text, const std::string& lower_needle) {
  return ToLower(text).find(lower_needle) != std::string::npos;
}

/// The search box: any of the bench's names, files, configs, tags, or its runs' tests, agents and models.
bool SearchMatches(const store::StoredBench& b, const std::string& q) {
  if (q.empty()) return true;
  const std::string needle = ToLower(q);
  const store::BenchInfo& i = b.info;
  if (Contains(i.id, needle) || Contains(i.name, needle) || Contains(i.suite, needle)) return true;
  for (const auto& c : i.configs)
    if (Contains(c, needle)) return true;
  for (const auto& t : i.tags)
    if (Contains(t, needle)) return true;
  for (const auto& f : i.files)
    if (Contains(f.path, needle)) return true;
  return std::any_of(b.runs.begin(), b.runs.end(), [&](const store::RunRecord& r) {
    return Contains(r.test_key, needle) || Contains(r.agent, needle) || Contains(r.model, needle);
  });
}

bool BenchMatches(const store::StoredBench& b, const HistoryFilter& f) {
  if (f.from_ms && b.info.started_ms < *f.from_ms) return false;
  if (f.to_ms && b.info.started_ms > *f.to_ms) return false;
  if (!SearchMatches(b, f.q)) return false;
  if (f.provider.empty() && f.model.empty() && f.status.empty() && f.agent.empty()) return true;
  HistoryFilter runs_only = f;
  runs_only.config.clear();  // the store already kept benches that ran the config
  runs_only.test.clear();
  return std::any_of(b.runs.begin(), b.runs.end(), [&](const store::RunRecord& r) { return RunMatches(r, runs_only); });
}

}  // namespace

std::string RunView::id() const { return record.bench_id + "~" + std::to_string(seq); }

Result<std::pair<std::string, int>> ParseRunId(std::string_view id) {
  size_t at = id.rfind('~');
  std::string seq = at == std::string_view::npos ? "" : std::string(id.substr(at + 1));
  bool digits = !seq.empty() && seq.size() < 9 &&
                std::all_of(seq.begin(), seq.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || at == 0)
    return Error(ErrorCode::kInvalidArgument, "'" + std::string(id) + "' is not a run id (<bench id>~<number>)");
  return std::make_pair(std::string(id.substr(0, at)), std::atoi(seq.c_str()));
}

bench::BenchSummary SummarizeStored(const store::StoredBench& stored) {
  bench::BenchMeta meta;
  meta.id = stored.info.id;
  meta.name = stored.info.name;
  meta.suite = stored.info.suite;
  meta.started_ms = stored.info.started_ms;
  meta.ended_ms = stored.info.ended_ms;
  meta.tool_version = stored.info.tool_version;
  meta.configs = stored.info.configs;
  std::set<std::string> seen;
  int reps = 1;
  for (const auto& r : stored.runs) {
    if (seen.insert(r.variant).second) meta.variants.push_back(r.variant);
    reps = std::max(reps, r.repetition + 1);
  }
  meta.repetitions = reps;
  return bench::Summarize(meta, stored.runs);
}

Result<std::unique_ptr<store::Store>> History::Open() { return opener_(); }

Result<std::vector<BenchView>> History::ListBenches(const HistoryFilter& filter) {
  auto s = Open();
  if (!s) return s.error();
  store::BenchFilter bf;
  bf.suite = filter.suite;
  bf.config = filter.config;
  bf.kind = filter.kind;
  Result<std::vector<store::BenchInfo>> infos = (*s)->ListBenches(bf);
  if (!infos) return infos.error();
  std::vector<BenchView> out;
  int skipped = 0;
  for (const store::BenchInfo& info : *infos) {
    if (static_cast<int>(out.size()) >= filter.limit) break;
    if (filter.from_ms && info.started_ms < *filter.from_ms) continue;
    if (filter.to_ms && info.started_ms > *filter.to_ms) continue;
    Result<store::StoredBench> b = (*s)->LoadBench(info.id);
    if (!b) return b.error();
    if (!BenchMatches(*b, filter)) continue;
    if (skipped++ < filter.offset) continue;
    BenchView v;
    v.summary = SummarizeStored(*b);
    v.bench = std::move(*b);
    out.push_back(std::move(v));
  }
  return out;
}

Result<BenchView> History::GetBench(std::string_view ref) {
  auto s = Open();
  if (!s) return s.error();
  Result<std::string> id = (*s)->Resolve(ref);
  if (!id) return id.error();
  Result<store::StoredBench> b = (*s)->LoadBench(*id);
  if (!b) return b.error();
  BenchView v;
  v.summary = SummarizeStored(*b);
  v.bench = std::move(*b);
  return v;
}

Result<std::vector<RunView>> History::ListRuns(const HistoryFilter& filter, size_t* total) {
  auto s = Open();
  if (!s) return s.error();
  std::vector<std::string> ids;
  if (!filter.bench.empty()) {
    Result<std::string> id = (*s)->Resolve(filter.bench);
    if (!id) return id.error();
    ids.push_back(*id);
  } else {
    store::BenchFilter bf;
    bf.suite = filter.suite;
    bf.config = filter.config;
    bf.kind = filter.kind;
    Result<std::vector<store::BenchInfo>> infos = (*s)->ListBenches(bf);
    if (!infos) return infos.error();
    for (const auto& info : *infos) ids.push_back(info.id);
  }
  std::vector<RunView> out;
  size_t matched = 0;
  for (const std::string& id : ids) {
    Result<store::StoredBench> b = (*s)->LoadBench(id);
    if (!b) return b.error();
    if (!filter.suite.empty() && b->info.suite != filter.suite) continue;
    for (size_t i = 0; i < b->runs.size(); ++i) {
      const store::RunRecord& r = b->runs[i];
      int64_t t = r.started_ms ? r.started_ms : b->info.started_ms;
      if (filter.from_ms && t < *filter.from_ms) continue;
      if (filter.to_ms && t > *filter.to_ms) continue;
      if (!RunMatches(r, filter)) continue;
      size_t index = matched++;
      if (index < static_cast<size_t>(filter.offset) || out.size() >= static_cast<size_t>(filter.limit)) continue;
      RunView v;
      v.record = r;
      v.record.bench_id = b->info.id;
      v.seq = static_cast<int>(i);
      out.push_back(std::move(v));
    }
  }
  if (total) *total = matched;
  return out;
}

Result<RunView> History::GetRun(std::string_view id) {
  Result<std::pair<std::string, int>> parsed = ParseRunId(id);
  if (!parsed) return Error(ErrorCode::kNotFound, parsed.error().message);
  auto s = Open();
  if (!s) return s.error();
  Result<store::StoredBench> b = (*s)->LoadBench(parsed->first);
  if (!b) return b.error();
  if (parsed->second < 0 || static_cast<size_t>(parsed->second) >= b->runs.size())
    return Error(ErrorCode::kNotFound, "bench '" + parsed->first + "' has no run " + std::to_string(parsed->second));
  RunView v;
  v.record = b->runs[static_cast<size_t>(parsed->second)];
  v.record.bench_id = b->info.id;
  v.seq = parsed->second;
  return v;
}

Result<std::optional<Json>> History::Transcript(const store::RunRecord& run) {
  auto s = Open();
  if (!s) return s.error();
  return (*s)->LoadTranscript(run);
}

Result<bench::Comparison> History::Compare(std::string_view a, std::string_view b, bool force) {
  Result<BenchView> left = GetBench(a);
  if (!left) return left.error();
  Result<BenchView> right = GetBench(b);
  if (!right) return right.error();
  const store::BenchInfo& x = left->bench.info;
  const store::BenchInfo& y = right->bench.info;
  // The same rule as the CLI's `compare`: different suites ran different tests, so a "regression" between them
  // would be noise dressed up as a finding.
  if (x.suite != y.suite && !force)
    return Error{ErrorCode::kInvalidArgument, "bench " + x.id + " ran suite '" + x.suite + "' and bench " + y.id +
                                                  " ran suite '" + y.suite +
                                                  "': their results are not comparable; pass force=true to compare "
                                                  "them anyway"};
  bench::CompareOptions options;
  options.force = force;
  bench::Comparison c = bench::CompareBenches(left->bench, right->bench, options);
  auto s = Open();
  if (!s) return s.error();
  if (Status marked = bench::MarkFlakyTestsFromHistory(c, right->bench, **s); !marked) return marked.error();
  return c;
}

Result<std::vector<store::TestFlips>> History::Flips(const store::FlipFilter& filter) {
  auto s = Open();
  if (!s) return s.error();
  return (*s)->FlipRates(filter);
}

Status History::Save(const store::StoredBench& bench) {
  auto s = Open();
  if (!s) return s.error();
  return (*s)->SaveBench(bench);
}

}  // namespace ab::serve
