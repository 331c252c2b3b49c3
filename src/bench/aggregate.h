// Turns a bench's run records into the figures its reports show: per config, per config × variant and per
// config × test, plus the cheapest, fastest and most reliable config. Pure functions; order always follows the
// configs file (then first appearance in the runs), so reports are deterministic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/record.h"
#include "bench/stats.h"
#include "store/model.h"

namespace ab::bench {

struct LatencySummary {
  int samples = 0;  ///< runs that ended in passed, failed or timeout (errors and skips have no meaningful time)
  double min = 0, p50 = 0, p95 = 0, max = 0, mean = 0;
};

/// The figures of one group of runs.
struct Aggregate {
  std::string config;
  std::string variant;   ///< set for per config × variant groups only
  std::string test_key;  ///< set for per config × test groups only
  int runs = 0;          ///< skipped runs excluded
  int passed = 0, failed = 0, errored = 0, timed_out = 0, skipped = 0;
  double success_rate = 0;  ///< passed / runs
  Interval success_ci;      ///< Wilson 95%
  /// Mean over the group's (variant, test) cells that have at least k repetitions; empty when none has.
  std::optional<double> pass_at_k, pass_hat_k;
  LatencySummary latency;
  std::vector<double> latencies_ms;  ///< the samples behind |latency|, in run order (for plots)
  double prompt_tokens_mean = 0, completion_tokens_mean = 0, cached_tokens_mean = 0;
  std::optional<double> cost_total;  ///< sum of known costs; empty when no run had a known cost
  std::optional<double> cost_mean;   ///< cost_total / runs with a known cost
  int cost_unknown = 0;              ///< runs whose model has no known price: flagged, never counted as $0
  int retries = 0;
  double wait_ms_mean = 0;
};

/// What the bench was, as opposed to what it measured.
struct BenchMeta {
  std::string id;
  std::string name;
  std::string suite;
  int64_t started_ms = 0;
  int64_t ended_ms = 0;
  std::string tool_version;
  std::vector<std::string> configs;   ///< configs-file order
  std::vector<std::string> variants;  ///< configs-file order
  int repetitions = 1;
};

struct BenchSummary {
  BenchMeta meta;
  int k = 1;  ///< the k of pass@k / pass^k
  Aggregate overall;
  std::vector<Aggregate> by_config;
  std::vector<Aggregate> by_config_variant;
  std::vector<Aggregate> by_test;  ///< config × test
  std::string cheapest;       ///< lowest mean cost per run among configs whose every run has a known cost
  std::string fastest;        ///< lowest p50 latency
  std::string most_reliable;  ///< highest success rate; a tie goes to the narrower interval
  std::vector<std::string> warnings;  ///< e.g. runs without a known price
};

/// Aggregates |runs|. |k| <= 0 uses meta.repetitions.
BenchSummary Summarize(const BenchMeta& meta, const std::vector<RunRecord>& runs, int k = 0);

/// The figures of any group of runs (exposed for compare and tests).
Aggregate AggregateRuns(const std::vector<const RunRecord*>& runs, int k);

/// The headline row the history keeps for a bench.
store::BenchInfo HeadlineOf(const BenchSummary& summary);

}  // namespace ab::bench
