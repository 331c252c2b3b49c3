// Runs a bench for real: loads the test file (or suite) and the configs file, checks both before any model is
// called, then executes every planned run (config × variant × repetition) on a pool of threads. Each run reloads
// the units, applies its config and variant and calls runner::Execute with one job; all runs share one
// ProviderCache, so each distinct provider (and its rate limiter) exists once for the whole bench. A run that
// fails in any way becomes error records: it never aborts the bench.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/result.h"
#include "bench/aggregate.h"
#include "bench/configs.h"
#include "bench/plan.h"
#include "bench/record.h"

namespace ab::bench {

struct PreparedBench;

/// What `agent-bench bench` was asked to run.
struct BenchRunOptions {
  std::string file;          ///< a test file or a suite (a file with `test_files`)
  std::string configs_path;  ///< the configs file
  int runs = 0;              ///< > 0 replaces the configs file's `runs`
  int jobs = 0;              ///< > 0 replaces `max_concurrent_runs`: planned runs executing at once
  std::optional<Shard> shard;
  std::string bench_id;                    ///< empty = a new id; shards of one bench must share it
  std::optional<unsigned long long> seed;  ///< template randomness, the same in every run
  bool regenerate_variants = false;        ///< --regenerate-variants: ask the model again (variants_fixture.h)
  /// --record / --replay: the model calls the bench makes besides its runs (variant generation, AI summary) are
  /// recorded to, or replayed from, this folder.
  std::string record_dir, replay_dir;
  /// Called with each record made from a test run and that run (its full transcript), from the worker threads,
  /// possibly at the same time; empty = nothing. `bench` and `serve` keep transcripts in the history with it.
  std::function<void(const RunRecord&, const report::TestRun&)> on_test;
  /// Called once by Run when the bench passed its checks, before any run starts (the CLI prints the plan);
  /// empty = nothing.
  std::function<void(const PreparedBench&)> on_prepared;
  /// The OTLP trace the bench's spans go into: MCP requests carry it in _meta.traceparent. Empty: none.
  std::string trace_id;
};

/// A bench that loaded and passed its checks, ready to run.
struct PreparedBench {
  BenchSpec spec;
  std::vector<PlannedRun> plan;  ///< this shard's runs, in matrix order
  size_t matrix_size = 0;        ///< runs of the whole matrix (all shards)
  int repetitions = 1;           ///< after --runs
  int concurrency = 1;           ///< after -j, never above the plan size
  int tests_per_run = 0;         ///< (test, agent) pairs one run executes
  BenchMeta meta;                ///< id, name, suite, configs, variants, repetitions (times are set by RunBench)
  BenchRunOptions options;
};

/// Loads |options.file| and the configs file and checks them with every config and variant applied (unknown
/// provider references, undefined template names, bad assertions). On any error returns kConfig and appends
/// every problem to |diagnostics| (warnings are appended too).
Result<PreparedBench> PrepareBench(const BenchRunOptions& options, Diagnostics* diagnostics);

/// Reported after each planned run finishes (calls are serialized).
struct RunProgress {
  size_t done = 0, total = 0;
  const PlannedRun* run = nullptr;
  int passed = 0, failed = 0, errored = 0;  ///< errored includes timeouts
  int64_t duration_ms = 0;
};

/// The outcome of a bench: every record in matrix order (then declaration order within a run) and its summary.
struct BenchResult {
  BenchSummary summary;
  std::vector<RunRecord> runs;
  bool incomplete = false;            ///< |cancel| was set: some planned runs never started
  std::vector<std::string> warnings;  ///< runner warnings, each once
};

/// Executes |bench|. |on_progress| may be empty. |cancel| stops new runs and interrupts runs in flight.
BenchResult RunBench(const PreparedBench& bench, const std::function<void(const RunProgress&)>& on_progress,
                     const std::atomic<bool>& cancel);

/// The library entry point, used by `agent-bench bench` and `serve`: PrepareBench, options.on_prepared, then
/// RunBench. |diagnostics| may be null; |on_progress| may be empty; setting |cancel| (from any thread) stops new
/// runs and interrupts runs in flight, and the result says incomplete.
Result<BenchResult> Run(const BenchRunOptions& options, Diagnostics* diagnostics,
                        const std::function<void(const RunProgress&)>& on_progress, const std::atomic<bool>& cancel);

}  // namespace ab::bench
