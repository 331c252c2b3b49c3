// compare: an injected regression is flagged, noise is not.
#include "bench/compare.h"

#include <doctest/doctest.h>

#include <sstream>

#include "bench/fixtures.h"

namespace ab::bench {
namespace {

using testing::Runs;

TEST_CASE("compare: 20/20 -> 8/20 is a success regression") {
  Comparison c = CompareRuns("a", Runs("gpt", 20, 20), "b", Runs("gpt", 20, 8));
  CHECK(c.has_regression);
  REQUIRE(c.configs.size() == 1);
  CHECK(c.configs[0].success_regression);
  CHECK(c.configs[0].success_p < 0.001);
  REQUIRE(c.tests.size() == 1);
  CHECK(c.tests[0].success_regression);
  std::ostringstream out;
  RenderComparisonMarkdown(c, out);
  CHECK(out.str().find("REGRESSION: success rate 100.0% → 40.0%") != std::string::npos);
  CHECK(out.str().find("**Regression detected.**") != std::string::npos);
}

TEST_CASE("compare: 19/20 vs 18/20 is noise") {
  Comparison c = CompareRuns("a", Runs("gpt", 20, 19), "b", Runs("gpt", 20, 18));
  CHECK_FALSE(c.has_regression);
  CHECK(c.configs[0].success_p > 0.05);
  std::ostringstream out;
  RenderComparisonMarkdown(c, out);
  CHECK(out.str().find("No regression.") != std::string::npos);
}

TEST_CASE("compare: a large drop on too few runs is not significant") {
  Comparison c = CompareRuns("a", Runs("gpt", 3, 3), "b", Runs("gpt", 3, 1));
  CHECK_FALSE(c.has_regression);
}

TEST_CASE("compare: improvements are reported, not flagged") {
  Comparison c = CompareRuns("a", Runs("gpt", 20, 8), "b", Runs("gpt", 20, 20));
  CHECK_FALSE(c.has_regression);
  CHECK(c.configs[0].success_improvement);
}

TEST_CASE("compare: a slower p50 is a latency regression only when large and significant") {
  Comparison slow = CompareRuns("a", Runs("gpt", 20, 20, 100), "b", Runs("gpt", 20, 20, 300));
  CHECK(slow.has_regression);
  CHECK(slow.configs[0].latency_regression);
  CHECK(slow.configs[0].b_p50 > slow.configs[0].a_p50);
  // 5% slower: significant with these tight samples, but under the minimum effect size.
  Comparison small = CompareRuns("a", Runs("gpt", 20, 20, 1000), "b", Runs("gpt", 20, 20, 1050));
  CHECK_FALSE(small.has_regression);
}

TEST_CASE("compare: configs on one side only are listed, never flagged") {
  std::vector<RunRecord> a = Runs("gpt", 10, 10);
  std::vector<RunRecord> b = Runs("claude", 10, 0);
  Comparison c = CompareRuns("a", a, "b", b);
  CHECK_FALSE(c.has_regression);
  REQUIRE(c.configs.size() == 2);
  CHECK(c.configs[0].in_a);
  CHECK_FALSE(c.configs[0].in_b);
  CHECK_FALSE(c.configs[1].in_a);
  std::ostringstream out;
  RenderComparisonMarkdown(c, out);
  CHECK(out.str().find("removed") != std::string::npos);
  CHECK(out.str().find("added") != std::string::npos);
  CHECK(out.str().find("10/10 → 0/0") == std::string::npos);
  CHECK(out.str().find("0/0 → 10/10") == std::string::npos);
}

TEST_CASE("compare: a small difference on few runs is inconclusive, with the runs that would settle it") {
  Comparison c = CompareRuns("a", Runs("gpt", 5, 5), "b", Runs("gpt", 5, 4));
  REQUIRE(c.configs.size() == 1);
  const Change& ch = c.configs[0];
  CHECK(ch.pairs == 5);
  CHECK(ch.success_test == "McNemar exact");
  CHECK(ch.mcnemar.b == 1);
  CHECK(ch.mcnemar.c == 0);
  CHECK(ch.success_verdict == Verdict::kInconclusive);
  CHECK_FALSE(c.has_regression);
  // Connor: pd = 0.2, d = -0.2, (1.96 * 0.4472 + 0.8416 * 0.4)^2 / 0.04 = 36.6 -> 37 pairs.
  REQUIRE(ch.runs_needed.has_value());
  CHECK(*ch.runs_needed == 37);
  std::ostringstream out;
  RenderComparisonMarkdown(c, out);
  CHECK(out.str().find("inconclusive") != std::string::npos);
  CHECK(out.str().find("≈37 pairs (32 more)") != std::string::npos);
}

TEST_CASE("compare: a large drop is worse, and the report says which metric and by how much") {
  Comparison c = CompareRuns("a", Runs("gpt", 20, 20), "b", Runs("gpt", 20, 5));
  const Change& ch = c.configs[0];
  CHECK(ch.success_verdict == Verdict::kWorse);
  CHECK(ch.mcnemar.b == 15);
  CHECK(ch.success_p == doctest::Approx(2.0 / 32768));
  CHECK_FALSE(ch.runs_needed.has_value());
  REQUIRE(ch.regressions.size() == 1);
  CHECK(ch.regressions[0].metric == "success_rate");
  CHECK(ch.regressions[0].change == doctest::Approx(-0.75));
  REQUIRE_FALSE(c.regression_summary.empty());
  CHECK(c.regression_summary[0].find("config 'gpt': success rate 100.0% → 25.0% (-75.0 points") == 0);
  Json j = ComparisonJson(c);
  CHECK(j["configs"][0]["success_verdict"] == "worse");
  CHECK(j["configs"][0]["regressions"][0]["metric"] == "success_rate");
  CHECK(j["has_regression"] == true);
}

TEST_CASE("compare: unpaired runs fall back to Fisher's exact test") {
  std::vector<RunRecord> b = Runs("gpt", 20, 5);
  for (RunRecord& r : b) r.variant = "other";
  Comparison c = CompareRuns("a", Runs("gpt", 20, 20), "b", b);
  CHECK(c.configs[0].pairs == 0);
  CHECK(c.configs[0].success_test == "Fisher exact");
  CHECK(c.configs[0].success_verdict == Verdict::kWorse);
}

TEST_CASE("compare: paired latency and cost differences by bootstrap") {
  Comparison c = CompareRuns("a", Runs("gpt", 20, 20, 100), "b", Runs("gpt", 20, 20, 300));
  const Change& ch = c.configs[0];
  CHECK(ch.latency_diff.mean == doctest::Approx(200));
  CHECK(ch.latency_verdict == Verdict::kWorse);
  CHECK(ch.cost_verdict == Verdict::kInconclusive);  // the same $0.01 on both sides
  REQUIRE_FALSE(ch.regressions.empty());
  CHECK(ch.regressions.back().metric == "p50_latency_ms");
  CHECK(ch.regressions.back().text.find("p50 latency") == 0);
}

TEST_CASE("compare: added and removed configs are listed apart, never as 12/12 → 0/0") {
  std::vector<RunRecord> a = Runs("gpt", 12, 12);
  std::vector<RunRecord> more = Runs("claude", 12, 3);
  a.insert(a.end(), more.begin(), more.end());
  std::vector<RunRecord> b = Runs("claude", 12, 3);
  std::vector<RunRecord> fresh = Runs("mistral", 4, 4);
  b.insert(b.end(), fresh.begin(), fresh.end());
  Comparison c = CompareRuns("a", a, "b", b);
  CHECK(c.removed_configs == std::vector<std::string>{"gpt"});
  CHECK(c.added_configs == std::vector<std::string>{"mistral"});
  CHECK_FALSE(c.has_regression);
  std::ostringstream out;
  RenderComparisonMarkdown(c, out);
  std::string md = out.str();
  CHECK(md.find("12/12 → 0/0") == std::string::npos);
  CHECK(md.find("0/0 → 4/4") == std::string::npos);
  CHECK(md.find("- removed: `gpt` (12/12 passed in A)") != std::string::npos);
  CHECK(md.find("- added: `mistral` (4/4 passed in B)") != std::string::npos);
  CHECK(md.find("| claude | 3/12 → 3/12") != std::string::npos);
  Json j = ComparisonJson(c);
  CHECK(j["configs"][0]["presence"] == "removed");
  CHECK(j["added_configs"][0] == "mistral");
}

}  // namespace
}  // namespace ab::bench
