// Aggregation: hand-computed costs (one config with unknown prices), latency percentiles, pass@k, the winners.
#include "bench/aggregate.h"

#include <doctest/doctest.h>

#include "bench/fixtures.h"

namespace ab::bench {
namespace {

using doctest::Approx;
using testing::Run;

BenchMeta Meta(int reps) {
  BenchMeta m;
  m.id = "bench";
  m.name = "demo";
  m.suite = "suite";
  m.configs = {"priced", "partly", "unpriced"};
  m.variants = {"default"};
  m.repetitions = reps;
  return m;
}

std::vector<RunRecord> CostCase() {
  return {
      Run("priced", "t1", RunStatus::kPassed, 100, 0.01, 0),
      Run("priced", "t1", RunStatus::kPassed, 200, 0.02, 1),
      Run("priced", "t1", RunStatus::kFailed, 300, 0.03, 2),
      Run("priced", "t1", RunStatus::kPassed, 400, 0.04, 3),
      Run("partly", "t1", RunStatus::kPassed, 50, 0.001, 0),
      Run("partly", "t1", RunStatus::kPassed, 60, std::nullopt, 1),
      Run("partly", "t1", RunStatus::kError, 5, std::nullopt, 2),
      Run("partly", "t1", RunStatus::kTimeout, 900, 0.001, 3),
      Run("unpriced", "t1", RunStatus::kPassed, 70, std::nullopt, 0),
      Run("unpriced", "t1", RunStatus::kPassed, 80, std::nullopt, 1),
      Run("unpriced", "t1", RunStatus::kPassed, 90, std::nullopt, 2),
      Run("unpriced", "t1", RunStatus::kPassed, 100, std::nullopt, 3),
  };
}

const Aggregate& Of(const BenchSummary& s, const std::string& config) {
  for (const Aggregate& a : s.by_config)
    if (a.config == config) return a;
  FAIL("no config " << config);
  return s.overall;
}

TEST_CASE("aggregate: cost is summed over known prices and unknown prices are flagged") {
  BenchSummary s = Summarize(Meta(4), CostCase());
  const Aggregate& priced = Of(s, "priced");
  CHECK(*priced.cost_total == Approx(0.10));
  CHECK(*priced.cost_mean == Approx(0.025));
  CHECK(priced.cost_unknown == 0);
  const Aggregate& partly = Of(s, "partly");
  CHECK(*partly.cost_total == Approx(0.002));
  CHECK(*partly.cost_mean == Approx(0.001));
  CHECK(partly.cost_unknown == 2);
  const Aggregate& unpriced = Of(s, "unpriced");
  CHECK_FALSE(unpriced.cost_total.has_value());  // unknown, never $0
  CHECK_FALSE(unpriced.cost_mean.has_value());
  CHECK(unpriced.cost_unknown == 4);
  CHECK(*s.overall.cost_total == Approx(0.102));
  CHECK(s.overall.cost_unknown == 6);
  // "partly" is cheaper per known run, but only fully priced configs can be named cheapest.
  CHECK(s.cheapest == "priced");
  REQUIRE(s.warnings.size() == 2);
  CHECK(s.warnings[0].find("'partly': 2 run(s) without a known price") != std::string::npos);
}

TEST_CASE("aggregate: latency percentiles, counts and rates") {
  BenchSummary s = Summarize(Meta(4), CostCase());
  const Aggregate& priced = Of(s, "priced");
  CHECK(priced.runs == 4);
  CHECK(priced.passed == 3);
  CHECK(priced.failed == 1);
  CHECK(priced.success_rate == Approx(0.75));
  CHECK(priced.success_ci.low == Approx(WilsonInterval(3, 4).low));
  CHECK(priced.latency.min == 100);
  CHECK(priced.latency.max == 400);
  CHECK(priced.latency.p50 == Approx(250));
  CHECK(priced.latency.p95 == Approx(385));  // h = 3 * 0.95 = 2.85 -> 300 + 0.85 * 100
  CHECK(priced.latency.mean == Approx(250));
  CHECK(priced.prompt_tokens_mean == Approx(100));
  const Aggregate& partly = Of(s, "partly");
  CHECK(partly.errored == 1);
  CHECK(partly.timed_out == 1);
  CHECK(partly.latency.samples == 3);  // the error run has no meaningful latency
  CHECK(partly.latency.p50 == Approx(60));
  CHECK(s.fastest == "partly");
  CHECK(s.most_reliable == "unpriced");
}

TEST_CASE("aggregate: pass@k and pass^k over repetitions of each test") {
  std::vector<RunRecord> runs;
  for (int rep = 0; rep < 5; ++rep) {
    runs.push_back(Run("priced", "t1", rep < 2 ? RunStatus::kPassed : RunStatus::kFailed, 10, 0.01, rep));
    runs.push_back(Run("priced", "t2", RunStatus::kPassed, 10, 0.01, rep));
  }
  BenchSummary s = Summarize(Meta(5), runs, 2);
  const Aggregate& a = Of(s, "priced");
  // t1: n=5, c=2 -> pass@2 = 0.7, pass^2 = 0.1; t2: 1 and 1. Mean over tests.
  CHECK(*a.pass_at_k == Approx((0.7 + 1.0) / 2));
  CHECK(*a.pass_hat_k == Approx((0.1 + 1.0) / 2));
  REQUIRE(s.by_test.size() == 2);
  CHECK(s.by_test[0].test_key == "t1");
  CHECK(*s.by_test[0].pass_at_k == Approx(0.7));
  // Default k = repetitions: pass^5 of t1 is 0.
  BenchSummary d = Summarize(Meta(5), runs);
  CHECK(d.k == 5);
  CHECK(*d.by_test[0].pass_hat_k == 0.0);
  CHECK(*d.by_test[0].pass_at_k == 1.0);
  // Too few repetitions for k: no figure rather than a wrong one.
  CHECK_FALSE(Summarize(Meta(5), runs, 6).by_test[0].pass_at_k.has_value());
}

TEST_CASE("aggregate: per variant groups, reliability ties and the headline") {
  std::vector<RunRecord> runs = {
      Run("priced", "t", RunStatus::kPassed, 10, 0.01, 0, "short"),
      Run("priced", "t", RunStatus::kPassed, 10, 0.01, 0, "long"),
      Run("partly", "t", RunStatus::kPassed, 10, 0.01, 0, "short"),
      Run("partly", "t", RunStatus::kPassed, 10, 0.01, 1, "short"),
      Run("partly", "t", RunStatus::kPassed, 10, 0.01, 0, "long"),
      Run("partly", "t", RunStatus::kSkipped, 10, 0.01, 1, "long"),
  };
  BenchMeta m = Meta(2);
  m.configs = {"priced", "partly"};
  m.variants = {"short", "long"};
  BenchSummary s = Summarize(m, runs);
  CHECK(s.by_config_variant.size() == 4);
  CHECK(s.by_config_variant[1].variant == "long");
  CHECK(Of(s, "partly").runs == 3);
  CHECK(Of(s, "partly").skipped == 1);
  CHECK(s.most_reliable == "partly");  // both 100%, more runs -> narrower interval
  store::BenchInfo h = HeadlineOf(s);
  CHECK(h.id == "bench");
  CHECK(h.total_runs == 5);
  CHECK(h.passed_runs == 5);
  CHECK(h.configs == std::vector<std::string>{"priced", "partly"});
}

}  // namespace
}  // namespace ab::bench

namespace ab::bench {
namespace {

TEST_CASE("aggregate: tiers tie overlapping intervals, Pareto marks dominated configs, cost per success") {
  using testing::Runs;
  std::vector<RunRecord> runs = Runs("good", 30, 30);
  for (RunRecord r : Runs("close", 30, 28)) runs.push_back(r);
  for (RunRecord r : Runs("bad", 30, 5)) runs.push_back(r);
  for (RunRecord& r : runs) r.cost_usd = r.config == "good" ? 0.02 : 0.01;
  BenchMeta m;
  m.configs = {"good", "close", "bad"};
  m.repetitions = 30;
  BenchSummary s = Summarize(m, runs);
  REQUIRE(s.by_config.size() == 3);
  // 30/30 [0.886, 1] and 28/30 [0.787, 0.982] overlap; 5/30 [0.073, 0.336] does not.
  CHECK(s.by_config[0].tier == 1);
  CHECK(s.by_config[1].tier == 1);
  CHECK(s.by_config[2].tier == 2);
  CHECK(s.most_reliable == "good");
  CHECK(s.tied_with_most_reliable == std::vector<std::string>{"close"});
  // close costs less than good and succeeds less: both on the front; bad costs as much as close and succeeds less.
  CHECK(s.pareto_front == std::vector<std::string>{"good", "close"});
  CHECK(s.by_config[2].dominated_by == std::vector<std::string>{"close"});
  CHECK(s.by_config[0].cost_per_success == doctest::Approx(0.02));
  CHECK(s.by_config[2].cost_per_success == doctest::Approx(0.3 / 5));
  // pass@k intervals exist and hold the point estimate.
  REQUIRE(s.by_config[1].pass_at_k_ci.has_value());
  CHECK(s.by_config[1].pass_at_k_ci->low <= *s.by_config[1].pass_at_k);
  CHECK(s.by_config[1].pass_hat_k_ci->high >= *s.by_config[1].pass_hat_k);
}

TEST_CASE("aggregate: cost per success is unknown when a cost is unknown or nothing passed") {
  using testing::Runs;
  std::vector<RunRecord> runs = Runs("none", 4, 0);
  for (RunRecord r : Runs("partly", 4, 4)) runs.push_back(r);
  runs.back().cost_usd.reset();
  BenchMeta m;
  BenchSummary s = Summarize(m, runs);
  CHECK_FALSE(s.by_config[0].cost_per_success.has_value());
  CHECK_FALSE(s.by_config[1].cost_per_success.has_value());
}

}  // namespace
}  // namespace ab::bench
