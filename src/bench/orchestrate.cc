#include "bench/orchestrate.h"

#include <exception>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "base/time.h"
#include "base/version.h"
#include "bench/apply.h"
#include "bench/variants_fixture.h"
#include "runner/checks.h"
#include "runner/executor.h"
#include "runner/load.h"
#include "runner/options.h"
#include "runner/progress.h"

namespace ab::bench {
namespace {

std::string DirOf(const std::string& path) {
  std::filesystem::path p = std::filesystem::absolute(std::filesystem::path(path));
  return p.parent_path().string();
}

void Append(Diagnostics& to, const Diagnostics& from) { to.insert(to.end(), from.begin(), from.end()); }

/// Keeps the first of each identical diagnostic: the checks run once per config × variant and most findings are
/// the same in every combination.
Diagnostics Unique(const Diagnostics& in) {
  std::set<std::string> seen;
  Diagnostics out;
  for (const Diagnostic& d : in)
    if (seen.insert(d.ToString()).second) out.push_back(d);
  return out;
}

Diagnostic FromError(const Error& e) { return Diagnostic{Severity::kError, e.loc, e.message}; }

/// Loads the bench's file, applies |config| and |variant| to every unit; false (with diagnostics) on failure.
bool LoadApplied(const std::string& file, const BenchConfig& config, const std::string& configs_dir,
                 const Variant& variant, runner::LoadedUnits& out, Diagnostics& diags) {
  out = runner::LoadUnits({file}, {});
  if (!out.ok() || out.units.empty()) {
    Append(diags, out.diagnostics);
    return false;
  }
  for (auto& unit : out.units) {
    if (Status s = ApplyConfig(config, configs_dir, unit); !s) {
      diags.push_back(FromError(s.error()));
      return false;
    }
    ApplyVariant(variant, unit);
  }
  return true;
}

std::string StemOf(const std::string& path) { return std::filesystem::path(path).stem().string(); }

std::string NewId(const BenchRunOptions& o) {
  std::random_device rd;
  return NewBenchId(NowMs(), o.file + "|" + o.configs_path + "|" + std::to_string(rd()));
}

/// The records of one planned run, in the runner's declaration order.
struct RunOutcome {
  std::vector<RunRecord> records;
  std::vector<RunTrace> traces;  ///< parallel to records
  std::vector<std::string> warnings;
};

RunTrace TraceOf(const Transcript& t) {
  RunTrace trace;
  trace.known = true;
  for (const ToolCall& c : t.tool_calls) trace.tools.push_back(c.name);
  trace.output = t.final_output;
  return trace;
}

RunOutcome ExecuteOne(const PreparedBench& bench, const PlannedRun& planned, runner::ProviderCache& cache,
                      std::mutex& load_mu, const std::atomic<bool>& cancel) {
  RunOutcome out;
  const BenchConfig& config = bench.spec.configs[planned.config_index];
  const Variant& variant = bench.spec.variants[planned.variant_index];
  runner::LoadedUnits loaded;
  Diagnostics diags;
  bool ok;
  {
    // The loader is run one at a time: it is cheap next to a run and this keeps it off the concurrency path.
    std::lock_guard<std::mutex> lock(load_mu);
    ok = LoadApplied(bench.options.file, config, DirOf(bench.options.configs_path), variant, loaded, diags);
  }
  if (!ok) {
    std::string why = diags.empty() ? "cannot load " + bench.options.file : diags.front().ToString();
    out.records.push_back(ErrorRecord(planned, variant, bench.options.file, why));
    return out;
  }
  std::vector<ExpectedTest> expected;
  for (const auto& unit : loaded.units) {
    std::vector<ExpectedTest> e = ExpectedTests(unit);
    expected.insert(expected.end(), e.begin(), e.end());
  }

  runner::RunOptions options;
  options.test_files = {bench.options.file};
  options.report_types.clear();
  options.quiet = true;
  options.progress = false;
  options.jobs = 1;
  options.seed = bench.options.seed;
  options.provider_cache = &cache;
  options.trace_id = bench.options.trace_id;
  runner::SilentProgress silent;
  report::Run run;
  std::string failure;
  try {
    run = runner::Execute(loaded.units, options, silent, cancel);
  } catch (const std::exception& e) {
    // A broken run is recorded as errors below; the rest of the bench goes on.
    failure = std::string("the run failed: ") + e.what();
  }
  out.warnings = run.warnings;
  std::set<std::pair<std::string, std::string>> seen;
  for (const report::TestRun& t : run.runs) {
    out.records.push_back(FromTestRun(t, planned, variant));
    out.traces.push_back(TraceOf(t.transcript));
    if (bench.options.on_test) bench.options.on_test(out.records.back(), t);
    seen.insert({t.Key(), t.agent});
  }
  if (cancel.load()) return out;  // unfinished tests of an interrupted bench are missing, not errors
  if (failure.empty()) {
    for (const auto& w : run.warnings) failure += (failure.empty() ? "" : "; ") + w;
    if (failure.empty()) failure = "the run produced no result for this test";
  }
  for (const ExpectedTest& e : expected) {
    if (seen.count({e.test_key, e.agent})) continue;
    RunRecord r = ErrorRecord(planned, variant, e.test_key, failure);
    r.agent = e.agent;
    out.records.push_back(std::move(r));
    out.traces.push_back(RunTrace{});
  }
  return out;
}

}  // namespace

Result<PreparedBench> PrepareBench(const BenchRunOptions& options, Diagnostics* diagnostics) {
  Diagnostics local;
  Diagnostics& diags = diagnostics ? *diagnostics : local;
  auto fail = [&](std::string message) -> Error {
    for (const Diagnostic& d : diags)
      if (d.severity == Severity::kError) return Error(ErrorCode::kConfig, d.message, d.loc);
    return Error(ErrorCode::kConfig, std::move(message));
  };
  if (options.file.empty()) {
    diags.push_back(Diagnostic{Severity::kError, {}, "give the test file or suite to bench"});
    return fail("");
  }
  if (options.configs_path.empty()) {
    diags.push_back(Diagnostic{Severity::kError, {}, "give the configs file with --configs (see docs/bench.md)"});
    return fail("");
  }
  Diagnostics spec_diags;
  Result<BenchSpec> spec = LoadBenchSpec(options.configs_path, &spec_diags);
  Append(diags, spec_diags);
  if (!spec) {
    if (!HasErrors(spec_diags)) diags.push_back(FromError(spec.error()));
    return fail("");
  }
  runner::LoadedUnits first = runner::LoadUnits({options.file}, {});
  Append(diags, first.diagnostics);
  if (!first.ok()) return fail("");
  if (Status gen =
          ResolveGeneratedVariants(*spec, first.units.front(), options.configs_path, options.regenerate_variants,
                                   std::cerr, options.record_dir, options.replay_dir);
      !gen.ok()) {
    diags.push_back(FromError(gen.error()));
    return fail("");
  }
  PreparedBench bench;
  for (const auto& unit : first.units) {
    Append(diags, runner::CheckStatic(unit));
    bench.tests_per_run += static_cast<int>(ExpectedTests(unit).size());
  }
  if (bench.tests_per_run == 0) {
    diags.push_back(Diagnostic{Severity::kError, {options.file, 0, 0}, "the file defines no tests to bench"});
    return fail("");
  }
  // Names are checked with each config and variant applied: a variant may define what a prompt reads, and an
  // inline provider may read an environment variable.
  Diagnostics combos;
  std::string configs_dir = DirOf(options.configs_path);
  for (const BenchConfig& config : spec->configs) {
    for (const Variant& variant : spec->variants) {
      runner::LoadedUnits applied;
      Diagnostics d;
      if (!LoadApplied(options.file, config, configs_dir, variant, applied, d)) {
        Append(combos, d);
        continue;
      }
      for (const auto& unit : applied.units) Append(combos, runner::CheckNames(unit));
      for (const auto& unit : applied.units) Append(combos, runner::CheckFiles(unit, true));  // mock scripts
    }
  }
  Append(diags, Unique(combos));
  if (HasErrors(diags)) return fail("");

  bench.spec = std::move(*spec);
  bench.options = options;
  bench.repetitions = options.runs > 0 ? options.runs : bench.spec.runs;
  std::string id = options.bench_id.empty() ? NewId(options) : options.bench_id;
  bench.plan = PlanRuns(bench.spec, id, bench.repetitions, options.shard);
  bench.matrix_size = bench.spec.configs.size() * bench.spec.variants.size() * static_cast<size_t>(bench.repetitions);
  int jobs = options.jobs > 0 ? options.jobs : bench.spec.max_concurrent_runs;
  bench.concurrency = std::max(1, std::min<int>(jobs, static_cast<int>(bench.plan.size())));

  const runner::Unit& unit = first.units.front();
  std::string suite = unit.suite_name.empty() ? StemOf(options.file) : unit.suite_name;
  bench.meta.id = id;
  bench.meta.name = bench.spec.name.empty() ? suite : bench.spec.name;
  bench.meta.suite = suite;
  bench.meta.tool_version = Version();
  for (const auto& c : bench.spec.configs) bench.meta.configs.push_back(c.name);
  for (const auto& v : bench.spec.variants) bench.meta.variants.push_back(v.name);
  bench.meta.repetitions = bench.repetitions;
  return bench;
}

BenchResult RunBench(const PreparedBench& bench, const std::function<void(const RunProgress&)>& on_progress,
                     const std::atomic<bool>& cancel) {
  BenchMeta meta = bench.meta;
  meta.started_ms = NowMs();
  std::vector<RunOutcome> outcomes(bench.plan.size());
  std::vector<bool> finished(bench.plan.size(), false);
  runner::ProviderCache cache;  // shared by every run: one provider, one rate limiter per definition
  std::mutex load_mu, progress_mu;
  std::atomic<size_t> next{0};
  size_t done = 0;
  auto worker = [&] {
    while (!cancel.load()) {
      size_t i = next.fetch_add(1);
      if (i >= bench.plan.size()) return;
      int64_t start = NowMs();
      outcomes[i] = ExecuteOne(bench, bench.plan[i], cache, load_mu, cancel);
      std::lock_guard<std::mutex> lock(progress_mu);
      finished[i] = true;
      RunProgress p;
      p.done = ++done;
      p.total = bench.plan.size();
      p.run = &bench.plan[i];
      p.duration_ms = NowMs() - start;
      for (const RunRecord& r : outcomes[i].records) {
        if (r.status == RunStatus::kPassed) ++p.passed;
        else if (r.status == RunStatus::kFailed) ++p.failed;
        else if (r.status == RunStatus::kError || r.status == RunStatus::kTimeout) ++p.errored;
      }
      if (on_progress) on_progress(p);
    }
  };
  std::vector<std::thread> pool;
  for (int i = 0; i < bench.concurrency; ++i) pool.emplace_back(worker);
  for (auto& t : pool) t.join();

  BenchResult result;
  std::vector<RunTrace> traces;
  std::set<std::string> seen_warnings;
  size_t completed = 0;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    if (finished[i]) ++completed;
    for (auto& r : outcomes[i].records) result.runs.push_back(std::move(r));
    outcomes[i].traces.resize(outcomes[i].records.size());  // an early return leaves traces short
    for (auto& t : outcomes[i].traces) traces.push_back(std::move(t));
    for (auto& w : outcomes[i].warnings)
      if (seen_warnings.insert(w).second) result.warnings.push_back(w);
  }
  result.incomplete = cancel.load();
  meta.ended_ms = NowMs();
  result.summary = Summarize(meta, result.runs);
  result.summary.stability = ComputeStability(result.runs, traces);
  if (const GeneratedInputs& g = bench.spec.generated; g.calls > 0) {
    BenchSummary::Generation gen;
    gen.calls = g.calls;
    gen.tokens = g.usage.total();
    if (!g.cost_unknown) gen.cost_usd = g.usage.cost_usd.value_or(0.0);
    result.summary.generation = gen;
  }
  if (result.incomplete)
    result.summary.warnings.push_back("interrupted: " + std::to_string(completed) + " of " +
                                      std::to_string(bench.plan.size()) + " planned runs finished");
  return result;
}

Result<BenchResult> Run(const BenchRunOptions& options, Diagnostics* diagnostics,
                        const std::function<void(const RunProgress&)>& on_progress, const std::atomic<bool>& cancel) {
  Result<PreparedBench> bench = PrepareBench(options, diagnostics);
  if (!bench) return bench.error();
  if (options.on_prepared) options.on_prepared(*bench);
  return RunBench(*bench, on_progress, cancel);
}

}  // namespace ab::bench
