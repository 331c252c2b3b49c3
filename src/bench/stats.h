// The statistics of a bench, as pure functions over plain numbers: confidence intervals, percentiles, pass@k and
// pass^k, and the significance tests `compare` uses. Formulas and their sources are in docs/bench.md.
#pragma once

#include <cstdint>
#include <vector>

namespace ab::bench {

struct Interval {
  double low = 0;
  double high = 0;
};

/// Wilson score interval of |successes| out of |n| at normal quantile |z| (1.96 = 95%); {0, 0} when n == 0.
Interval WilsonInterval(int successes, int n, double z = 1.96);

/// Percentile |p| in [0, 100] with linear interpolation between closest ranks (Hyndman & Fan type 7, as numpy's
/// default and Excel's PERCENTILE.INC): rank h = (n - 1) * p / 100. 0 for an empty list. Sorts a copy.
double Percentile(std::vector<double> values, double p);
/// Arithmetic mean; 0 for an empty list.
double Mean(const std::vector<double>& values);

/// Unbiased pass@k over n samples with c correct: 1 - C(n-c, k) / C(n, k), the chance at least one of k draws
/// passes. Requires 0 < k <= n and 0 <= c <= n.
double PassAtK(int n, int c, int k);
/// pass^k: C(c, k) / C(n, k), the chance all of k draws pass (tau-bench's reliability measure).
double PassHatK(int n, int c, int k);

/// A test's statistic and two-sided p-value.
struct TestResult {
  double statistic = 0;
  double p_value = 1;
};

/// Two-proportion z-test (pooled) of x1/n1 against x2/n2; statistic z > 0 when the first rate is higher.
/// p = 1 when either sample is empty or both rates are 0 or 1.
TestResult TwoProportionZTest(int x1, int n1, int x2, int n2);
/// Fisher's exact test on the 2×2 table [[a, b], [c, d]]; two-sided p-value summing every table with the same
/// margins whose probability is at most the observed one's. statistic = the observed table's probability.
TestResult FisherExact(int a, int b, int c, int d);
/// Mann-Whitney U test of |x| against |y|, normal approximation with tie correction and continuity correction.
/// statistic = U of |x| (large when x tends to be larger). p = 1 when a sample is empty or every value ties.
TestResult MannWhitneyU(const std::vector<double>& x, const std::vector<double>& y);

/// Standard normal cumulative distribution function.
double NormalCdf(double z);

}  // namespace ab::bench
