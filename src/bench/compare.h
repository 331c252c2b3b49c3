// Compares two benches (A = before, B = after) per config and per config × test. Success is compared on pairs
// (the same config, variant, test and repetition index in both benches) with McNemar's exact test, or with
// Fisher's exact test when nothing pairs up; latency and cost with a paired bootstrap of the mean difference,
// or latency with the Mann-Whitney U test when unpaired. Every comparison ends in a three-way verdict: better,
// worse, or inconclusive at this sample size (with the number of runs that would settle it). A change is a
// regression only when it is worse and large enough to matter (a minimum effect size), so noise is not
// flagged. Formulas: docs/statistics.md.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/json.h"
#include "bench/record.h"
#include "bench/stats.h"
#include "store/model.h"
#include "store/store.h"

namespace ab::bench {

struct CompareOptions {
  double alpha = 0.05;                 ///< significance level of every test
  double min_success_drop = 0.10;      ///< success rate must fall by at least 10 points
  double min_latency_increase = 0.20;  ///< p50 latency must grow by at least 20%
  int min_latency_samples = 3;         ///< per side, below which latency is not tested
  double power = 0.8;                  ///< the power behind "runs that would settle it"
  bool force = false;                  ///< CompareCommand: compare benches of different suites anyway
};

/// better / worse / inconclusive: the three answers a comparison at a given sample size can give.
enum class Verdict { kInconclusive, kBetter, kWorse };
/// "inconclusive", "better", "worse".
const char* VerdictName(Verdict v);

/// A metric that got worse beyond the thresholds, with its figures, for the CLI and the serve UI.
struct MetricRegression {
  std::string metric;  ///< "success_rate" or "p50_latency_ms"
  double before = 0, after = 0;
  double change = 0;    ///< after - before (success in rate units, latency in ms)
  double relative = 0;  ///< change / before (0 when before == 0)
  double p_value = 1;   ///< the test behind it
  std::string test;     ///< "McNemar exact", "Fisher exact", "Mann-Whitney U"
  std::string text;     ///< e.g. "success rate 100.0% → 40.0% (-60.0 points, McNemar exact p = 0.0005)"
};

/// One config (test_key empty) or one config × test, in A and in B.
struct Change {
  std::string config;
  std::string test_key;
  bool in_a = false, in_b = false;
  /// "both", "added" (only in B) or "removed" (only in A).
  std::string presence() const { return in_a && in_b ? "both" : in_b ? "added" : "removed"; }
  int a_runs = 0, a_passed = 0, b_runs = 0, b_passed = 0;
  double a_success = 0, b_success = 0;
  Interval a_success_ci, b_success_ci;  ///< Wilson 95%
  double success_p = 1;                 ///< McNemar exact when paired, else Fisher exact; two-sided
  /// Paired outcomes: pairs = runs of A and B with the same variant, test and repetition index.
  int pairs = 0;
  McNemarResult mcnemar;     ///< b = passed in A only, c = passed in B only
  std::string success_test;  ///< "McNemar exact" or "Fisher exact"
  Verdict success_verdict = Verdict::kInconclusive;
  /// When inconclusive with a difference seen: pairs (McNemar) or runs per side (two proportions) that would
  /// detect it at alpha with CompareOptions::power; nullopt when no difference was seen.
  std::optional<int> runs_needed;
  int a_latency_samples = 0, b_latency_samples = 0;
  double a_p50 = 0, b_p50 = 0;
  double latency_p = 1;          ///< Mann-Whitney U, two-sided
  BootstrapResult latency_diff;  ///< paired bootstrap of B - A latency (ms) over pairs where neither errored
  Verdict latency_verdict = Verdict::kInconclusive;
  BootstrapResult cost_diff;  ///< paired bootstrap of B - A cost (USD) over pairs with both costs known
  Verdict cost_verdict = Verdict::kInconclusive;
  bool success_regression = false, success_improvement = false;
  bool latency_regression = false, latency_improvement = false;
  std::vector<MetricRegression> regressions;  ///< what regressed and by how much (empty when nothing did)
  bool regression() const { return success_regression || latency_regression; }
  /// Test rows only, set by MarkFlakyTests: the test's verdict flips often in the history (store::TestFlips::flaky),
  /// so a regression on it may be its flakiness rather than the change between A and B.
  bool flaky = false;
  double flip_rate = 0;   ///< in the history, when flaky
  int flip_verdicts = 0;  ///< verdicts behind flip_rate
};

struct Comparison {
  std::string a_id, b_id;
  std::string a_suite, b_suite;  ///< set by CompareBenches
  bool suites_differ = false;
  CompareOptions options;
  std::vector<Change> configs;               ///< A's config order, then configs only in B
  std::vector<Change> tests;                 ///< same config order; tests in first-seen order
  std::vector<std::string> added_configs;    ///< only in B
  std::vector<std::string> removed_configs;  ///< only in A
  bool has_regression = false;
  /// One sentence per regression, config level first: "config 'gpt': success rate 100.0% → 40.0% (...)".
  std::vector<std::string> regression_summary;
};

/// Compares the runs of two benches (skipped runs ignored). Configs and tests present on one side only are
/// listed (added / removed) but never flagged.
Comparison CompareRuns(const std::string& a_id, const std::vector<RunRecord>& a, const std::string& b_id,
                       const std::vector<RunRecord>& b, const CompareOptions& options = {});

/// CompareRuns on two stored benches, recording their suites (suites_differ when they differ).
Comparison CompareBenches(const store::StoredBench& a, const store::StoredBench& b, const CompareOptions& options = {});

/// Marks the test rows of |comparison| whose test is flaky in |flips| (any agent, all of one config; store::Store::
/// FlipRates over the history) and says so in their regression texts and in the regression summary.
void MarkFlakyTests(Comparison& comparison, const std::string& config, const std::vector<store::TestFlips>& flips);

/// MarkFlakyTests with the flip rates |store| keeps for each config × variant that ran in |b| (runs and benches,
/// the newest store::FlipFilter::runs of them). A history that cannot be read is an error; nothing is marked.
[[nodiscard]] Status MarkFlakyTestsFromHistory(Comparison& comparison, const store::StoredBench& b,
                                               store::Store& store);

/// Markdown: added/removed configs, a per-config table, then the tests that changed, what regressed and a
/// verdict line.
void RenderComparisonMarkdown(const Comparison& comparison, std::ostream& out);

/// The comparison as JSON (docs/bench.md, "compare JSON"): every figure above, for the API and `--json`.
Json ComparisonJson(const Comparison& comparison);

}  // namespace ab::bench
