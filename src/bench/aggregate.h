// Turns a bench's run records into the figures its reports show: per config, per config × variant and per
// config × test, plus the cheapest, fastest and most reliable config. Pure functions; order always follows the
// configs file (then first appearance in the runs), so reports are deterministic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/record.h"
#include "bench/stability.h"
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
  /// Their 95% intervals: the mean over the same cells of each cell's interval (PassKWithInterval: the cell's
  /// Wilson interval pushed through 1 - (1 - p)^k and p^k).
  std::optional<Interval> pass_at_k_ci, pass_hat_k_ci;
  LatencySummary latency;
  std::vector<double> latencies_ms;  ///< the samples behind |latency|, in run order (for plots)
  double prompt_tokens_mean = 0, completion_tokens_mean = 0, cached_tokens_mean = 0;
  std::optional<double> cost_total;  ///< sum of known costs; empty when no run had a known cost
  std::optional<double> cost_mean;   ///< cost_total / runs with a known cost
  int cost_unknown = 0;              ///< runs whose model has no known price: flagged, never counted as $0
  /// cost_total / passed: what one passing run costs, failures included. Empty when a cost is unknown or
  /// nothing passed.
  std::optional<double> cost_per_success;
  /// Configs only (by_config): the configs that dominate this one on cost and quality (mean cost no higher and
  /// success rate no lower, one of them strictly); empty = on the Pareto front. Only fully priced configs take part.
  std::vector<std::string> dominated_by;
  /// Configs only: 1 for the configs whose success interval overlaps the best config's, 2 for the next group
  /// (overlapping the best of the rest), ... Configs of one tier are tied: not ranked against each other.
  int tier = 0;
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
  std::string cheapest;            ///< lowest mean cost per run among configs whose every run has a known cost
  std::string fastest;             ///< lowest p50 latency
  std::string most_reliable;       ///< highest success rate; a tie goes to the narrower interval
  /// The other configs whose success interval overlaps the most reliable one's: tied with it at this sample size.
  std::vector<std::string> tied_with_most_reliable;
  /// Fully priced configs not dominated on (mean cost, success rate), in configs order.
  std::vector<std::string> pareto_front;
  /// Per config × variant × test: do repetitions take the same path and give the same answer? Filled by
  /// RunBench from the transcripts, and by Summarize from the records' answers and tool paths (merged or
  /// stored benches; empty when the records have neither).
  std::vector<Stability> stability;
  std::vector<std::string> warnings;  ///< e.g. runs without a known price
  /// The model calls a bench makes besides its runs (writing generated variants, variants_fixture.h), shown
  /// apart as the "generation cost" and added to the bench's total. Empty when none was made (the variants
  /// were reused, or none are generated). Set by RunBench; not in the JSON, so absent for merged benches.
  struct Generation {
    int calls = 0;
    int64_t tokens = 0;
    std::optional<double> cost_usd;  ///< empty when a call had no known price
  };
  std::optional<Generation> generation;
};

/// Aggregates |runs|. |k| <= 0 uses meta.repetitions.
BenchSummary Summarize(const BenchMeta& meta, const std::vector<RunRecord>& runs, int k = 0);

/// A config's rank for reports: "1", or "1 (tied)" when another config shares its tier; "–" without runs.
std::string RankText(const BenchSummary& summary, const Aggregate& config);

/// The figures of any group of runs (exposed for compare and tests).
Aggregate AggregateRuns(const std::vector<const RunRecord*>& runs, int k);

/// The headline row the history keeps for a bench.
store::BenchInfo HeadlineOf(const BenchSummary& summary);

}  // namespace ab::bench
