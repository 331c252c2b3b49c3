// merge: shard reports combine into the unsharded bench.
#include "bench/merge.h"

#include <doctest/doctest.h>

#include "bench/render.h"

namespace ab::bench {
namespace {

BenchSpec Spec() {
  BenchSpec s;
  s.configs = {BenchConfig{"a", "p", {}, {}, {}, {}, {}, {}}, BenchConfig{"b", "p", {}, {}, {}, {}, {}, {}}};
  s.variants = {Variant{"x", {}, {}}, Variant{"y", {}, {}}};
  s.runs = 3;
  return s;
}

BenchMeta Meta(int64_t start, int64_t end) {
  BenchMeta m;
  m.id = "bench-1";
  m.configs = {"a", "b"};
  m.variants = {"x", "y"};
  m.repetitions = 3;
  m.started_ms = start;
  m.ended_ms = end;
  return m;
}

/// What a shard (or the whole bench when |shard| is empty) would report: one test, passed on even ordinals.
Json ShardReport(std::optional<Shard> shard, int64_t start, int64_t end) {
  std::vector<RunRecord> runs;
  for (const PlannedRun& p : PlanRuns(Spec(), "bench-1", 0, shard)) {
    RunRecord r = ErrorRecord(p, Variant{p.variant, {}, {}}, "f/s/t", "");
    r.status = p.ordinal % 2 == 0 ? RunStatus::kPassed : RunStatus::kFailed;
    r.duration_ms = static_cast<double>(100 + p.ordinal);
    r.final_answer = "answer " + std::to_string(p.ordinal);
    r.tool_chain = p.ordinal % 2 == 0 ? "search ok" : "search ok \u2192 add_note error";
    runs.push_back(r);
  }
  return BenchToJson(Summarize(Meta(start, end), runs), runs);
}

TEST_CASE("merge: shards merge into the same runs and figures as the unsharded bench") {
  Json whole = ShardReport(std::nullopt, 10, 90);
  Result<LoadedBench> merged = MergeBenchJson(
      {ShardReport(Shard{2, 3}, 30, 80), ShardReport(Shard{1, 3}, 10, 90), ShardReport(Shard{3, 3}, 20, 70)});
  REQUIRE_MESSAGE(merged.has_value(), (merged ? "" : merged.error().ToString()));
  CHECK(merged->meta.started_ms == 10);
  CHECK(merged->meta.ended_ms == 90);
  Json again = BenchToJson(Summarize(merged->meta, merged->runs), merged->runs);
  CHECK(again["runs"] == whole["runs"]);
  // What the agent did travels through the shards' JSON.
  REQUIRE(merged->runs.size() == 12);
  CHECK(merged->runs[1].final_answer == "answer 1");
  CHECK(merged->runs[1].tool_chain == "search ok \u2192 add_note error");
  CHECK(whole["runs"][1]["tool_chain"] == "search ok \u2192 add_note error");
  CHECK(again["configs"] == whole["configs"]);
  CHECK(again["bench"] == whole["bench"]);
}

TEST_CASE("merge: mismatched or duplicated shards are refused") {
  Json one = ShardReport(Shard{1, 2}, 0, 0);
  CHECK(MergeBenchJson({one, one}).error().message.find("appears in two reports") != std::string::npos);
  Json other = ShardReport(Shard{2, 2}, 0, 0);
  other["bench"]["id"] = "bench-2";
  CHECK(MergeBenchJson({one, other}).error().message.find("shards must share a bench id") != std::string::npos);
  CHECK_FALSE(MergeBenchJson({}).has_value());
  CHECK_FALSE(ReadBenchJson(Json{{"kind", "something"}}).has_value());
  Json future = one;
  future["schema_version"] = kBenchJsonSchemaVersion + 1;
  CHECK(ReadBenchJson(future).error().message.find("schema_version") != std::string::npos);
}

}  // namespace
}  // namespace ab::bench
