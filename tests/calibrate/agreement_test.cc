// Cohen's and Fleiss' kappa against published worked examples.
#include "calibrate/agreement.h"

#include <doctest/doctest.h>

namespace ab::calibrate {
namespace {

using doctest::Approx;

TEST_CASE("agreement: Cohen's kappa, textbook 2×2 examples") {
  // Wikipedia, "Cohen's kappa", worked example: 50 proposals, A and B both yes 20, A yes B no 5, A no B yes 10,
  // both no 15: p_o = 0.7, p_e = 0.5, kappa = 0.4.
  Kappa k = CohenKappaTable({{20, 5}, {10, 15}});
  CHECK(k.observed == Approx(0.7));
  CHECK(k.expected == Approx(0.5));
  CHECK(k.kappa == Approx(0.4));
  // Same article, "same percentage agreement, different kappa": [[45, 15], [25, 15]] -> 0.1304 and
  // [[25, 35], [5, 35]] -> 0.2593.
  CHECK(CohenKappaTable({{45, 15}, {25, 15}}).kappa == Approx(0.1304).epsilon(1e-3));
  CHECK(CohenKappaTable({{25, 35}, {5, 35}}).kappa == Approx(0.2593).epsilon(1e-3));
  // Cohen (1960) standard error: sqrt(0.7 * 0.3 / (50 * 0.25)) = 0.1296; 95% interval 0.4 -+ 0.254.
  CHECK(k.se == Approx(0.12961).epsilon(1e-3));
  CHECK(k.low == Approx(0.4 - 1.96 * 0.12961).epsilon(1e-3));
  CHECK(k.high == Approx(0.4 + 1.96 * 0.12961).epsilon(1e-3));
}

TEST_CASE("agreement: the Confusion form puts the judge in rows and the humans in columns") {
  Confusion c;
  c.tp = 20;
  c.fp = 5;
  c.fn = 10;
  c.tn = 15;
  CHECK(CohenKappa(c).kappa == Approx(0.4));
  CHECK(c.n() == 50);
}

TEST_CASE("agreement: degenerate tables") {
  CHECK(CohenKappaTable({{0, 0}, {0, 0}}).kappa == 0.0);  // nothing to compare
  Kappa all_same = CohenKappaTable({{10, 0}, {0, 0}});    // both always pass: p_e = 1
  CHECK(all_same.kappa == 1.0);
  CHECK(all_same.se == 0.0);
  // A rater who always says pass against a mixed one agrees only by chance: kappa 0.
  CHECK(CohenKappaTable({{6, 4}, {0, 0}}).kappa == Approx(0.0));
  // Perfect disagreement on a balanced set: kappa -1.
  CHECK(CohenKappaTable({{0, 5}, {5, 0}}).kappa == Approx(-1.0));
  CHECK(CohenKappaTable({{0, 5}, {5, 0}}).low >= -1.0);
}

TEST_CASE("agreement: Fleiss' kappa, the worked example of Fleiss (1971) as on Wikipedia") {
  // 10 subjects, 14 raters, 5 categories: P̄ = 0.378, P̄e = 0.213, kappa = 0.210.
  std::vector<std::vector<int>> counts = {
      {0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
      {7, 7, 0, 0, 0},  {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7},
  };
  CHECK(FleissKappa(counts) == Approx(0.210).epsilon(2e-3));
  CHECK(FleissKappa({{3, 0}, {0, 3}}) == Approx(1.0));  // unanimous on every subject
  CHECK(FleissKappa({}) == 0.0);
  CHECK(FleissKappa({{1, 0}}) == 0.0);  // one rater: no agreement to measure
}

}  // namespace
}  // namespace ab::calibrate
