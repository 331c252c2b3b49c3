// compare: an injected regression is flagged, noise is not.
#include <doctest/doctest.h>

#include <sstream>

#include "bench/compare.h"
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
  CHECK(out.str().find("REGRESSION (success)") != std::string::npos);
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
  CHECK(out.str().find("new") != std::string::npos);
}

}  // namespace
}  // namespace ab::bench
