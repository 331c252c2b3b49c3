// Percentiles, grouping and per-agent figures.
#include "report/stats.h"

#include <doctest/doctest.h>

#include "report/fixtures.h"
#include "report/format.h"

namespace ab::report {
namespace {

TEST_CASE("stats: percentile and mean") {
  CHECK(Percentile({}, 50) == 0);
  CHECK(Percentile({7}, 95) == 7);
  CHECK(Percentile({4, 1, 3, 2}, 50) == doctest::Approx(2.5));
  CHECK(Percentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 95) == doctest::Approx(10.5));
  CHECK(Percentile({1, 2, 3}, 0) == 1);
  CHECK(Percentile({1, 2, 3}, 100) == 3);
  CHECK(Mean({}) == 0);
  CHECK(Mean({1, 2, 6}) == 3);
}

TEST_CASE("stats: grouping keeps run order and unique keys") {
  Run run = testing::MakeScenario("08_multi_agent_multi_file");
  std::vector<TestGroup> groups = GroupByTest(run);
  REQUIRE(groups.size() == 4);  // "List files" exists in two files: two groups
  CHECK(groups[1].first->test == "List files");
  CHECK(groups[2].first->test == "List files");
  CHECK(groups[1].key != groups[2].key);
  CHECK(groups[0].runs == std::vector<size_t>{0, 1});
  CHECK(StatsByFile(run).size() == 2);
  CHECK(StatsBySession(run).size() == 3);
}

TEST_CASE("stats: per-agent figures") {
  Run run = testing::MakeScenario("03_multi_agent_single_test");
  run.agents.push_back("idle-agent");  // declared, never ran
  std::vector<GroupStats> agents = StatsByAgent(run);
  REQUIRE(agents.size() == 3);
  CHECK(agents[0].name == "gemini-agent");
  CHECK(agents[0].provider_type == "GOOGLE");
  CHECK(agents[0].totals.passed == 1);
  CHECK(agents[0].cost_usd == doctest::Approx(0.00125));
  CHECK(agents[1].totals.failed == 1);
  CHECK_FALSE(agents[1].cost_usd.has_value());
  CHECK(agents[1].total_tokens == 290);
  CHECK(agents[2].totals.total == 0);
  CHECK(AgentOrder(run) == std::vector<std::string>{"gemini-agent", "claude-agent", "idle-agent"});
}

TEST_CASE("stats: a run that never reached the model costs 0, known, and an unpriced answered call is unknown") {
  auto run_of = [](const std::string& agent, std::vector<LlmTurn> turns) {
    TestRun r;
    r.agent = agent;
    r.status = RunStatus::kError;
    r.transcript.turns = std::move(turns);
    for (const LlmTurn& t : r.transcript.turns) r.transcript.usage += t.usage;
    return r;
  };
  LlmTurn priced;
  priced.usage.prompt_tokens = 10;
  priced.usage.cost_usd = 0.5;
  LlmTurn unpriced;
  unpriced.usage.prompt_tokens = 10;
  LlmTurn failed;  // the provider answered with an error: not billed
  failed.error = "HTTP 503";
  Run run;
  run.agents = {"down", "mixed", "half"};
  run.runs.push_back(run_of("down", {}));        // the server did not start: no model call
  run.runs.push_back(run_of("down", {failed}));  // the only call failed
  run.runs.push_back(run_of("mixed", {priced, failed}));
  run.runs.push_back(run_of("mixed", {}));
  run.runs.push_back(run_of("half", {priced, unpriced}));  // a partial sum would understate
  std::vector<GroupStats> agents = StatsByAgent(run);
  REQUIRE(agents.size() == 3);
  REQUIRE(agents[0].cost_usd.has_value());
  CHECK(*agents[0].cost_usd == doctest::Approx(0.0));
  CHECK_FALSE(agents[0].cost_partial);
  CHECK(agents[1].cost_usd == doctest::Approx(0.5));
  CHECK_FALSE(agents[1].cost_partial);
  CHECK_FALSE(agents[2].cost_usd.has_value());
  CHECK(agents[2].cost_partial);
  CHECK(TranscriptCost(run.runs[4].transcript) == std::nullopt);
}

TEST_CASE("format: durations, percentages, costs, counts") {
  CHECK(FormatDuration(0) == "0ms");
  CHECK(FormatDuration(850) == "850ms");
  CHECK(FormatDuration(2340) == "2.34s");
  CHECK(FormatSeconds(2340) == "2.340");
  CHECK(FormatPercent(2, 3) == "66.7%");
  CHECK(FormatPercent(0, 0) == "0.0%");
  CHECK(FormatCost(std::nullopt) == "n/a");
  CHECK(FormatCost(0.0123) == "$0.0123");
  CHECK(FormatCount(1234567) == "1,234,567");
  CHECK(FormatCount(-1000) == "-1,000");
  CHECK(FormatCount(12) == "12");
}

}  // namespace
}  // namespace ab::report
