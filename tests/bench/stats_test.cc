// Statistics against hand-computed and textbook values.
#include <doctest/doctest.h>

#include "bench/stats.h"

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

}  // namespace
}  // namespace ab::bench
