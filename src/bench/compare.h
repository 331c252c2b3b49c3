// Compares two benches (A = before, B = after) per config and per config × test: success rate with Fisher's
// exact test, latency with the Mann-Whitney U test. A change is a regression only when it is both significant
// (p < alpha) and large enough to matter (a minimum effect size), so run-to-run noise is not flagged.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "bench/record.h"

namespace ab::bench {

struct CompareOptions {
  double alpha = 0.05;                ///< significance level of both tests
  double min_success_drop = 0.10;     ///< success rate must fall by at least 10 points
  double min_latency_increase = 0.20; ///< p50 latency must grow by at least 20%
  int min_latency_samples = 3;        ///< per side, below which latency is not tested
};

/// One config (test_key empty) or one config × test, in A and in B.
struct Change {
  std::string config;
  std::string test_key;
  bool in_a = false, in_b = false;
  int a_runs = 0, a_passed = 0, b_runs = 0, b_passed = 0;
  double a_success = 0, b_success = 0;
  double success_p = 1;  ///< Fisher exact, two-sided
  int a_latency_samples = 0, b_latency_samples = 0;
  double a_p50 = 0, b_p50 = 0;
  double latency_p = 1;  ///< Mann-Whitney U, two-sided
  bool success_regression = false, success_improvement = false;
  bool latency_regression = false, latency_improvement = false;
  bool regression() const { return success_regression || latency_regression; }
};

struct Comparison {
  std::string a_id, b_id;
  CompareOptions options;
  std::vector<Change> configs;  ///< A's config order, then configs only in B
  std::vector<Change> tests;    ///< same config order; tests in first-seen order
  bool has_regression = false;
};

/// Compares the runs of two benches (skipped runs ignored). Configs and tests present on one side only are
/// listed (in_a / in_b) but never flagged.
Comparison CompareRuns(const std::string& a_id, const std::vector<RunRecord>& a, const std::string& b_id,
                       const std::vector<RunRecord>& b, const CompareOptions& options = {});

/// Markdown: a per-config table, then the tests that changed significantly, then a verdict line.
void RenderComparisonMarkdown(const Comparison& comparison, std::ostream& out);

}  // namespace ab::bench
