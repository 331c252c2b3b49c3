// Scoring a judge's calls against the gold labels: majority per item, confusion, bias, self-consistency, cost.
#include <doctest/doctest.h>

#include "calibrate/run.h"

namespace ab::calibrate {
namespace {

Call Pass(bool pass, std::optional<double> cost = 0.001) {
  Call c;
  c.ok = true;
  c.pass = pass;
  c.score = pass ? 1 : 0;
  c.cost_usd = cost;
  c.latency_ms = 10;
  return c;
}

Call Failed() {
  Call c;
  c.error = "HTTP 500";
  c.latency_ms = 5;
  return c;
}

TEST_CASE("score: majority verdict per item, confusion, kappa, bias and self-consistency") {
  JudgeResult j;
  std::vector<bool> gold = {true, true, false, false};
  j.calls = {
      {Pass(true), Pass(true), Pass(true)},    // TP, consistent
      {Pass(true), Pass(false), Pass(false)},  // majority fail: FN, 2/3 consistent
      {Pass(true), Pass(true), Pass(false)},   // majority pass: FP, 2/3 consistent
      {Pass(false), Failed(), Pass(false)},    // TN from the two answered calls
  };
  Score(j, gold);
  CHECK(j.judged == 4);
  CHECK(j.failed_calls == 1);
  CHECK(j.confusion.tp == 1);
  CHECK(j.confusion.fn == 1);
  CHECK(j.confusion.fp == 1);
  CHECK(j.confusion.tn == 1);
  CHECK(j.agreement == doctest::Approx(0.5));
  CHECK(j.kappa.kappa == doctest::Approx(0.0));  // p_o = 0.5 = p_e
  CHECK(j.bias == doctest::Approx(0.0));         // 2 of 4 pass, like the humans
  // (1 + 2/3 + 2/3 + 1) / 4
  CHECK(j.self_consistency == doctest::Approx((1 + 2.0 / 3 + 2.0 / 3 + 1) / 4));
  REQUIRE(j.cost_total.has_value());
  CHECK(*j.cost_total == doctest::Approx(0.011));  // 11 answered calls; the failed one is not billed
}

TEST_CASE("score: a tie is fail, an item with only failed calls is left out, an unpriced answer makes cost unknown") {
  JudgeResult j;
  j.calls = {{Pass(true), Pass(false)}, {Failed(), Failed()}, {Pass(true, std::nullopt), Pass(true)}};
  Score(j, {true, true, true});
  CHECK(j.judged == 2);
  CHECK(j.confusion.fn == 1);  // the tie
  CHECK(j.confusion.tp == 1);
  CHECK(j.judge_pass_rate == doctest::Approx(0.5));
  CHECK(j.human_pass_rate == 1.0);
  CHECK(j.bias == doctest::Approx(-0.5));
  CHECK_FALSE(j.cost_total.has_value());
  CHECK(j.cost_unknown == 1);
}

}  // namespace
}  // namespace ab::calibrate
