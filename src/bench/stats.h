// The statistics of a bench, as pure functions over plain numbers: confidence intervals, percentiles, pass@k and
// pass^k, and the significance tests `compare` uses. Formulas and their sources are in docs/statistics.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
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
/// Its inverse (quantile) for 0 < p < 1, Acklam's rational approximation refined by one Halley step
/// (|error| < 1e-9). NormalQuantile(0.975) = 1.95996.
double NormalQuantile(double p);

/// pass@k and pass^k of one (variant, test) cell with an interval: the cell's Wilson interval [L, U] of c/n
/// pushed through the monotone maps p -> 1 - (1 - p)^k and p -> p^k, widened to contain the unbiased point
/// estimate (PassAtK / PassHatK), which for small n can sit outside the plug-in curve.
struct PassKEstimate {
  double at = 0, hat = 0;
  Interval at_ci, hat_ci;
};
PassKEstimate PassKWithInterval(int n, int c, int k, double z = 1.96);

/// McNemar's test on paired pass/fail outcomes: |b| pairs passed in A and failed in B, |c| failed in A and passed
/// in B (concordant pairs carry no information). Exact two-sided p = min(1, 2 P(X <= min(b, c))) for
/// X ~ Binomial(b + c, 1/2); mid-p = exact p - P(X = min(b, c)) (Fagerland, Lydersen & Laake 2013). Both 1 when
/// b + c == 0.
struct McNemarResult {
  int b = 0, c = 0;
  double p_exact = 1;
  double p_mid = 1;
};
McNemarResult McNemar(int b, int c);

/// How many pairs McNemar's test needs to detect the difference seen in |b|, |c| out of |pairs| at two-sided
/// |alpha| with |power| (Connor 1987): with discordant share pd = (b + c) / pairs and effect d = (c - b) / pairs,
/// N = (z_{1-alpha/2} sqrt(pd) + z_{power} sqrt(pd - d^2))^2 / d^2, rounded up. nullopt when d == 0 (no difference
/// seen: no sample size settles a difference of 0) or pairs == 0.
std::optional<int> McNemarPairsNeeded(int b, int c, int pairs, double alpha = 0.05, double power = 0.8);

/// A small deterministic generator (SplitMix64) so bootstraps are reproducible on every platform and standard
/// library (std::uniform_int_distribution is implementation-defined).
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  /// Uniform in [0, n), n > 0, without modulo bias.
  size_t Below(size_t n);

 private:
  uint64_t state_;
};

/// The bootstrap seed every report uses, so a report is reproducible from its runs.
inline constexpr uint64_t kBootstrapSeed = 20240601;

/// Paired bootstrap of the mean of |diffs| (B - A per pair): |resamples| resamples of the pairs with
/// replacement, the percentile interval at |confidence|. mean = the observed mean. {} when diffs is empty.
struct BootstrapResult {
  double mean = 0;
  Interval ci;
  int resamples = 0;
};
BootstrapResult PairedBootstrapMean(const std::vector<double>& diffs, int resamples = 2000,
                                    uint64_t seed = kBootstrapSeed, double confidence = 0.95);

}  // namespace ab::bench
