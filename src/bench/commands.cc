#include "bench/commands.h"

#include "base/exit_codes.h"
#include "base/json_dump.h"
#include "base/redact.h"
#include "base/time.h"
#include "bench/format.h"
#include "store/store.h"

namespace ab::bench {
namespace {

/// Opens the history, printing the error; nullptr on failure.
std::unique_ptr<store::Store> Open(const std::string& path, std::ostream& err) {
  Result<std::unique_ptr<store::Store>> s = store::OpenStore(path);
  if (!s) {
    err << "error: " << Redact(s.error().ToString()) << "\n";
    return nullptr;
  }
  return std::move(*s);
}

int CodeFor(const Error& e) {
  return e.code == ErrorCode::kNotFound || e.code == ErrorCode::kInvalidArgument ? kExitUsage : kExitInfra;
}

}  // namespace

int HistoryCommand(const std::string& store_path, const std::string& suite_filter, const std::string& config_filter,
                   std::ostream& out, std::ostream& err) {
  auto store = Open(store_path, err);
  if (!store) return kExitInfra;
  store::BenchFilter filter;
  filter.suite = suite_filter;
  filter.config = config_filter;
  Result<std::vector<store::BenchInfo>> benches = store->ListBenches(filter);
  if (!benches) {
    err << "error: " << Redact(benches.error().ToString()) << "\n";
    return kExitInfra;
  }
  if (benches->empty()) {
    const std::string where = store::RedactStoreLocation(store_path);
    if (!suite_filter.empty() || !config_filter.empty()) {
      out << "No benches in " << where << " match.\n";
      return kExitOk;
    }
    // Plain runs are listed next (runner::RunHistoryCommand): a history of runs only is not "empty".
    store::BenchFilter runs;
    runs.kind = store::kKindRun;
    runs.limit = 1;
    Result<std::vector<store::BenchInfo>> any_run = store->ListBenches(runs);
    if (any_run && !any_run->empty()) return kExitOk;
    out << "Nothing in " << where
        << " yet: every agent-bench -f/-s run and every bench is saved there (unless --no-history).\n";
    return kExitOk;
  }
  out << "| Bench | Started | Suite | Configs | Runs | Success | p50 | Total cost | Tags |\n"
      << "|---|---|---|---|---:|---:|---:|---:|---|\n";
  for (const store::BenchInfo& b : *benches) {
    std::string cost = FormatUsd(b.total_cost_usd);
    if (b.cost_unknown_runs > 0) cost += " (" + std::to_string(b.cost_unknown_runs) + " unknown)";
    std::string configs, tags;
    for (const auto& c : b.configs) configs += (configs.empty() ? "" : ", ") + c;
    for (const auto& t : b.tags) tags += (tags.empty() ? "" : ", ") + t;
    out << "| " << EscapeMarkdownCell(b.id) << " | " << (b.started_ms ? FormatRfc3339(b.started_ms) : "–") << " | "
        << EscapeMarkdownCell(b.suite) << " | " << EscapeMarkdownCell(configs) << " | " << b.total_runs << " | "
        << FormatPercent(b.success_rate()) << " | " << FormatMs(b.p50_latency_ms) << " | " << cost << " | "
        << EscapeMarkdownCell(tags) << " |\n";
  }
  return kExitOk;
}

int CompareCommand(const std::string& store_path, const std::string& a, const std::string& b, std::ostream& out,
                   std::ostream& err, const CompareOptions& options, bool json) {
  auto store = Open(store_path, err);
  if (!store) return kExitInfra;
  store::StoredBench sides[2];
  const std::string* refs[2] = {&a, &b};
  for (int i = 0; i < 2; ++i) {
    Result<std::string> id = store->Resolve(*refs[i]);
    if (!id) {
      err << "error: " << Redact(id.error().ToString()) << "\n";
      return CodeFor(id.error());
    }
    Result<store::StoredBench> loaded = store->LoadBench(*id);
    if (!loaded) {
      err << "error: " << Redact(loaded.error().ToString()) << "\n";
      return CodeFor(loaded.error());
    }
    sides[i] = std::move(*loaded);
  }
  if (sides[0].info.suite != sides[1].info.suite && !options.force) {
    err << "error: bench " << sides[0].info.id << " ran suite '" << sides[0].info.suite << "' and bench "
        << sides[1].info.id << " ran suite '" << sides[1].info.suite
        << "': their results are not comparable; pass --force to compare them anyway\n";
    return kExitUsage;
  }
  Comparison c = CompareBenches(sides[0], sides[1], options);
  if (Status s = MarkFlakyTestsFromHistory(c, sides[1], *store); !s)
    err << "warning: the flip rates in the history could not be read, so flaky tests are not marked: "
        << Redact(s.error().message) << "\n";
  if (json) {
    out << DumpJson(ComparisonJson(c), 2) << "\n";
  } else {
    RenderComparisonMarkdown(c, out);
  }
  return c.has_regression ? kExitFailed : kExitOk;
}

int TagCommand(const std::string& store_path, const std::string& ref, const std::string& tag, std::ostream& out,
               std::ostream& err) {
  auto store = Open(store_path, err);
  if (!store) return kExitInfra;
  Result<std::string> id = store->Resolve(ref);
  if (!id) {
    err << "error: " << Redact(id.error().ToString()) << "\n";
    return CodeFor(id.error());
  }
  if (Status s = store->Tag(*id, tag); !s) {
    err << "error: " << Redact(s.error().ToString()) << "\n";
    return CodeFor(s.error());
  }
  out << "Tagged " << *id << " as '" << tag << "'.\n";
  return kExitOk;
}

Status SaveToHistory(const std::string& store_path, const BenchSummary& summary, const std::vector<RunRecord>& runs,
                     std::vector<store::StoredTranscript> transcripts) {
  Result<std::unique_ptr<store::Store>> s = store::OpenStore(store_path);
  if (!s) return s.error();
  store::StoredBench bench;
  bench.info = HeadlineOf(summary);
  bench.runs = runs;
  bench.transcripts = std::move(transcripts);
  return (*s)->SaveBench(bench);
}

}  // namespace ab::bench
