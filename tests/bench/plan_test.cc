// The run matrix: every combination, runs per config, deterministic ids, shards that partition it exactly.
#include "bench/plan.h"

#include <doctest/doctest.h>

#include <set>
#include <tuple>

namespace ab::bench {
namespace {

BenchSpec Spec(int configs, int variants, int runs) {
  BenchSpec s;
  for (int i = 0; i < configs; ++i)
    s.configs.push_back(BenchConfig{"c" + std::to_string(i), "p", {}, {}, {}, {}, {}, {}});
  for (int i = 0; i < variants; ++i) s.variants.push_back(Variant{"v" + std::to_string(i), {}, {}});
  s.runs = runs;
  return s;
}

TEST_CASE("plan: all combinations, each once, in config-major order") {
  std::vector<PlannedRun> plan = PlanRuns(Spec(3, 2, 5), "bench-1", 0, std::nullopt);
  REQUIRE(plan.size() == 30);
  std::set<std::tuple<std::string, std::string, int>> cells;
  for (size_t i = 0; i < plan.size(); ++i) {
    CHECK(plan[i].ordinal == i);
    CHECK(plan[i].bench_id == "bench-1");
    cells.insert({plan[i].config, plan[i].variant, plan[i].repetition});
  }
  CHECK(cells.size() == 30);
  CHECK(plan[0].config == "c0");
  CHECK(plan[0].variant == "v0");
  CHECK(plan[4].repetition == 4);
  CHECK(plan[5].variant == "v1");
  CHECK(plan[10].config == "c1");
  CHECK(plan[10].config_index == 1);
}

TEST_CASE("plan: runs per config are respected and --runs overrides") {
  BenchSpec s = Spec(2, 1, 3);
  auto count = [](const std::vector<PlannedRun>& p, const std::string& c) {
    return std::count_if(p.begin(), p.end(), [&](const PlannedRun& r) { return r.config == c; });
  };
  std::vector<PlannedRun> plan = PlanRuns(s, "b", 0, std::nullopt);
  CHECK(count(plan, "c0") == 3);
  CHECK(count(plan, "c1") == 3);
  plan = PlanRuns(s, "b", 7, std::nullopt);
  CHECK(count(plan, "c0") == 7);
  CHECK(plan.size() == 14);
}

TEST_CASE("plan: run ids are deterministic and distinct") {
  BenchSpec s = Spec(3, 2, 4);
  std::vector<PlannedRun> a = PlanRuns(s, "bench-x", 0, std::nullopt);
  std::vector<PlannedRun> b = PlanRuns(s, "bench-x", 0, std::nullopt);
  std::set<std::string> ids;
  for (size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].run_id == b[i].run_id);
    CHECK(a[i].run_id.size() == 16);
    CHECK(a[i].run_id == MakeRunId("bench-x", a[i].config, a[i].variant, a[i].repetition));
    ids.insert(a[i].run_id);
  }
  CHECK(ids.size() == a.size());
  CHECK(MakeRunId("bench-y", "c0", "v0", 0) != MakeRunId("bench-x", "c0", "v0", 0));
  // Length prefixes keep field boundaries: ("ab", "c") and ("a", "bc") differ.
  CHECK(MakeRunId("b", "ab", "c", 0) != MakeRunId("b", "a", "bc", 0));
  // Pinned value: the id must never change between versions, or history links break.
  // FNV-1a 64 of "0:0:0:1:0", computed independently.
  CHECK(MakeRunId("", "", "", 0) == "4c36844a5214a480");
}

TEST_CASE("plan: shards partition the matrix and merge to the unsharded set") {
  BenchSpec s = Spec(3, 2, 5);
  std::vector<PlannedRun> full = PlanRuns(s, "b", 0, std::nullopt);
  for (int n : {1, 2, 3, 4, 7, 30, 31}) {
    CAPTURE(n);
    std::multiset<std::string> merged;
    size_t smallest = full.size(), largest = 0;
    for (int i = 1; i <= n; ++i) {
      std::vector<PlannedRun> shard = PlanRuns(s, "b", 0, Shard{i, n});
      smallest = std::min(smallest, shard.size());
      largest = std::max(largest, shard.size());
      for (const auto& r : shard) merged.insert(r.run_id);
    }
    std::multiset<std::string> expected;
    for (const auto& r : full) expected.insert(r.run_id);
    CHECK(merged == expected);
    CHECK(largest - smallest <= 1);  // balanced
  }
}

TEST_CASE("plan: shard parsing") {
  Result<Shard> s = ParseShard("2/4");
  REQUIRE(s.has_value());
  CHECK(s->index == 2);
  CHECK(s->count == 4);
  for (const char* bad : {"0/4", "5/4", "2", "a/b", "2/0", "-1/3", "1/3x", ""}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseShard(bad).has_value());
  }
}

TEST_CASE("plan: bench ids sort by time") {
  std::string a = NewBenchId(1700000000000, "x");
  std::string b = NewBenchId(1700000060000, "x");
  CHECK(a.rfind("20231114-221320-", 0) == 0);
  CHECK(a < b);
  CHECK(NewBenchId(1700000000000, "x") == a);
  CHECK(NewBenchId(1700000000000, "y") != a);
}

}  // namespace
}  // namespace ab::bench
