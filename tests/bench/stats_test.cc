// Statistics against hand-computed and textbook values.
#include "bench/stats.h"

#include <doctest/doctest.h>

#include <cmath>

namespace ab::bench {
namespace {

using doctest::Approx;

TEST_CASE("stats: Wilson interval") {
  Interval i = WilsonInterval(8, 10);
  CHECK(i.low == Approx(0.4902).epsilon(1e-3));
  CHECK(i.high == Approx(0.9433).epsilon(1e-3));
  Interval zero = WilsonInterval(0, 10);
  CHECK(zero.low == 0.0);
  CHECK(zero.high == Approx(0.2775).epsilon(1e-3));
  Interval all = WilsonInterval(20, 20);
  CHECK(all.high == Approx(1.0));
  CHECK(all.low == Approx(0.8389).epsilon(1e-3));
  Interval none = WilsonInterval(0, 0);
  CHECK(none.low == 0.0);
  CHECK(none.high == 0.0);
}

TEST_CASE("stats: percentiles use linear interpolation (type 7)") {
  std::vector<double> v = {10, 1, 9, 2, 8, 3, 7, 4, 6, 5};  // 1..10 shuffled
  CHECK(Percentile(v, 0) == 1.0);
  CHECK(Percentile(v, 100) == 10.0);
  CHECK(Percentile(v, 50) == Approx(5.5));
  CHECK(Percentile(v, 25) == Approx(3.25));
  CHECK(Percentile(v, 95) == Approx(9.55));
  CHECK(Percentile({42}, 95) == 42.0);
  CHECK(Percentile({}, 50) == 0.0);
  CHECK(Mean(v) == Approx(5.5));
  CHECK(Mean({}) == 0.0);
}

TEST_CASE("stats: pass@k and pass^k") {
  CHECK(PassAtK(10, 3, 1) == Approx(0.3));
  CHECK(PassAtK(5, 2, 2) == Approx(0.7));   // 1 - C(3,2)/C(5,2) = 1 - 3/10
  CHECK(PassHatK(5, 2, 2) == Approx(0.1));  // C(2,2)/C(5,2) = 1/10
  CHECK(PassAtK(5, 0, 3) == 0.0);
  CHECK(PassAtK(5, 3, 3) == 1.0);  // n - c < k: a pass is certain
  CHECK(PassHatK(5, 5, 5) == 1.0);
  CHECK(PassHatK(5, 4, 5) == 0.0);
  CHECK(PassHatK(10, 7, 1) == Approx(0.7));
  CHECK(PassAtK(200, 100, 100) == Approx(1.0));  // large n stays finite
}

TEST_CASE("stats: two-proportion z-test") {
  TestResult r = TwoProportionZTest(45, 100, 30, 100);
  CHECK(r.statistic == Approx(2.1909).epsilon(1e-3));
  CHECK(r.p_value == Approx(0.02846).epsilon(1e-2));
  CHECK(TwoProportionZTest(10, 10, 10, 10).p_value == 1.0);
  CHECK(TwoProportionZTest(0, 0, 1, 2).p_value == 1.0);
}

TEST_CASE("stats: Fisher's exact test") {
  // Fisher's lady tasting tea: [[3, 1], [1, 3]], two-sided p = 34/70.
  CHECK(FisherExact(3, 1, 1, 3).p_value == Approx(0.4857).epsilon(1e-3));
  CHECK(FisherExact(20, 0, 8, 12).p_value < 0.001);
  CHECK(FisherExact(19, 1, 18, 2).p_value == Approx(1.0));
  // R: fisher.test(matrix(c(10, 2, 3, 15), 2)) gives p = 0.0005367
  CHECK(FisherExact(10, 3, 2, 15).p_value == Approx(0.0005367).epsilon(1e-2));
  CHECK(FisherExact(0, 0, 0, 0).p_value == 1.0);
}

TEST_CASE("stats: Mann-Whitney U") {
  // scipy.stats.mannwhitneyu([1,2,3], [4,5,6], method="asymptotic"): U = 0, p = 0.0809
  TestResult r = MannWhitneyU({1, 2, 3}, {4, 5, 6});
  CHECK(r.statistic == 0.0);
  CHECK(r.p_value == Approx(0.0809).epsilon(1e-2));
  // Ties, by hand: x ranks 1, 3, 3, 5.5 -> R = 12.5, U = 2.5; tie term (3^3-3) + (2^3-2) = 30,
  // var = 16/12 * (9 - 30/56) = 11.29, z = (|2.5 - 8| - 0.5) / sqrt(var) = 1.488, p = 0.1367.
  TestResult t = MannWhitneyU({1, 2, 2, 3}, {2, 3, 4, 5});
  CHECK(t.statistic == 2.5);
  CHECK(t.p_value == Approx(0.1367).epsilon(1e-3));
  CHECK(MannWhitneyU({5, 5, 5}, {5, 5}).p_value == 1.0);
  CHECK(MannWhitneyU({}, {1}).p_value == 1.0);
  std::vector<double> fast, slow;
  for (int i = 0; i < 20; ++i) {
    fast.push_back(100 + i);
    slow.push_back(200 + i);
  }
  CHECK(MannWhitneyU(fast, slow).p_value < 0.001);
  CHECK(MannWhitneyU(slow, fast).statistic == 400.0);
}

TEST_CASE("stats: normal CDF") {
  CHECK(NormalCdf(0) == Approx(0.5));
  CHECK(NormalCdf(1.96) == Approx(0.975).epsilon(1e-3));
}

TEST_CASE("stats: normal quantile") {
  CHECK(NormalQuantile(0.975) == Approx(1.959964).epsilon(1e-6));
  CHECK(NormalQuantile(0.8) == Approx(0.841621).epsilon(1e-6));
  CHECK(NormalQuantile(0.025) == Approx(-1.959964).epsilon(1e-6));
  CHECK(NormalQuantile(0.001) == Approx(-3.090232).epsilon(1e-6));
  CHECK(NormalQuantile(0.5) == Approx(0.0));
}

TEST_CASE("stats: McNemar exact and mid-p") {
  // Fagerland, Lydersen & Laake (2013), BMC Med Res Methodol 13:91, airway hyper-responsiveness before and after
  // stem cell transplantation: discordant pairs 1 and 7; exact conditional p = 0.070, mid-p = 0.039.
  // By hand: P(X <= 1 | n = 8) = 9/256, exact = 18/256 = 0.0703125, mid-p = (18 - 8) / 256 = 0.0390625.
  McNemarResult r = McNemar(1, 7);
  CHECK(r.p_exact == Approx(0.0703125));
  CHECK(r.p_mid == Approx(0.0390625));
  CHECK(McNemar(7, 1).p_exact == Approx(0.0703125));  // symmetric
  // No discordant pair: nothing to test.
  CHECK(McNemar(0, 0).p_exact == 1.0);
  // Balanced discordance: exact p capped at 1.
  CHECK(McNemar(5, 5).p_exact == 1.0);
  // 12 pairs all in one direction: 2 / 2^12.
  CHECK(McNemar(12, 0).p_exact == Approx(2.0 / 4096));
  CHECK(McNemar(12, 0).p_mid == Approx(1.0 / 4096));
  // Large n stays finite: Agresti's presidential approval table (b = 150, c = 86), chi-square 17.36, p < 0.0001.
  CHECK(McNemar(150, 86).p_exact < 1e-4);
}

TEST_CASE("stats: pairs McNemar needs (Connor 1987)") {
  // By hand: pd = 10/40 = 0.25, d = 6/40 = 0.15; (1.959964 * 0.5 + 0.841621 * sqrt(0.2275))^2 / 0.0225
  // = (0.979982 + 0.401428)^2 / 0.0225 = 84.81 -> 85 pairs.
  CHECK(McNemarPairsNeeded(2, 8, 40) == 85);
  CHECK_FALSE(McNemarPairsNeeded(3, 3, 40).has_value());  // no difference seen
  CHECK_FALSE(McNemarPairsNeeded(0, 0, 0).has_value());
  // A bigger difference needs fewer pairs.
  CHECK(*McNemarPairsNeeded(0, 10, 40) < 85);
}

TEST_CASE("stats: pass@k and pass^k intervals from the Wilson interval") {
  PassKEstimate one = PassKWithInterval(10, 8, 1);
  CHECK(one.at == Approx(0.8));
  CHECK(one.at_ci.low == Approx(0.4902).epsilon(1e-3));  // k = 1 is the Wilson interval itself
  CHECK(one.at_ci.high == Approx(0.9433).epsilon(1e-3));
  PassKEstimate two = PassKWithInterval(10, 8, 2);
  CHECK(two.hat == Approx(28.0 / 45));  // C(8,2)/C(10,2)
  CHECK(two.hat_ci.low == Approx(0.4902 * 0.4902).epsilon(1e-3));
  CHECK(two.hat_ci.high == Approx(0.9433 * 0.9433).epsilon(1e-3));
  CHECK(two.at_ci.low == Approx(1 - 0.5098 * 0.5098).epsilon(1e-3));
  // n = 2, c = 1, k = 2: the unbiased pass@2 is 1, above the plug-in curve; the interval is widened to hold it.
  PassKEstimate small = PassKWithInterval(2, 1, 2);
  CHECK(small.at == 1.0);
  CHECK(small.at_ci.high == 1.0);
  CHECK(small.at_ci.low <= small.at);
}

TEST_CASE("stats: paired bootstrap with a fixed seed") {
  std::vector<double> diffs;
  for (int i = 0; i < 40; ++i) diffs.push_back(10 + (i % 7) - 3);  // mean 10 (+- small spread)
  BootstrapResult a = PairedBootstrapMean(diffs, 2000, 42);
  BootstrapResult b = PairedBootstrapMean(diffs, 2000, 42);
  CHECK(a.mean == Approx(Mean(diffs)));
  CHECK(a.ci.low == b.ci.low);  // reproducible from the seed
  CHECK(a.ci.high == b.ci.high);
  CHECK(a.ci.low < a.mean);
  CHECK(a.ci.high > a.mean);
  CHECK(a.ci.low > 0);  // a clear shift excludes 0
  // Close to the normal-theory interval mean +- 1.96 sd / sqrt(n).
  double var = 0;
  for (double d : diffs) var += (d - a.mean) * (d - a.mean);
  double se = std::sqrt(var / diffs.size()) / std::sqrt(static_cast<double>(diffs.size()));
  CHECK(a.ci.low == Approx(a.mean - 1.96 * se).epsilon(0.02));
  CHECK(a.ci.high == Approx(a.mean + 1.96 * se).epsilon(0.02));
  // A different seed moves the bounds a little, not the mean.
  BootstrapResult c = PairedBootstrapMean(diffs, 2000, 7);
  CHECK(c.mean == a.mean);
  // A constant difference has a degenerate interval; no data, no interval.
  BootstrapResult k = PairedBootstrapMean({3, 3, 3});
  CHECK(k.ci.low == 3.0);
  CHECK(k.ci.high == 3.0);
  CHECK(PairedBootstrapMean({}).resamples == 0);
}

TEST_CASE("stats: SplitMix64 is the published sequence") {
  // Reference output of Vigna's splitmix64.c seeded with 0.
  SplitMix64 r(0);
  CHECK(r.Next() == 0xE220A8397B1DCDAFULL);
  CHECK(r.Next() == 0x6E789E6AA1B965F4ULL);
  SplitMix64 u(1);
  for (int i = 0; i < 1000; ++i) CHECK(u.Below(7) < 7);
}

}  // namespace
}  // namespace ab::bench
