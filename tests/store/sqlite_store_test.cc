// The SQLite history: save/list/load round trips, tags and references, and schema migration from version 1.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "store/store.h"

namespace ab::store {
namespace {

/// A fresh database path under the build tree (directories not created: the store must create them).
std::string FreshPath(const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(AB_BINARY_DIR) / "tmp-store-tests" / name;
  std::filesystem::remove_all(dir);
  return (dir / "nested" / "history.db").string();
}

RunRecord MakeRun(const std::string& bench, const std::string& config, int rep, RunStatus status) {
  RunRecord r;
  r.run_id = bench + "-" + config + "-" + std::to_string(rep);
  r.bench_id = bench;
  r.config = config;
  r.variant = "default";
  r.repetition = rep;
  r.test_key = "f.yaml/s/t";
  r.agent = "a";
  r.status = status;
  r.duration_ms = 100.5 + rep;
  r.llm_ms = 80;
  r.tool_ms = 10;
  r.wait_ms = 2.5;
  r.retries = rep;
  r.prompt_tokens = 1000;
  r.completion_tokens = 200;
  r.cached_tokens = 300;
  if (config != "unpriced") r.cost_usd = 0.0125;
  r.error = status == RunStatus::kPassed ? "" : "boom";
  r.inputs = Json{{"topic", "cats"}};
  r.provider_type = "OPENAI";
  r.model = "gpt-4o";
  r.started_ms = 1700000000000 + rep;
  return r;
}

StoredBench MakeBench(const std::string& id, const std::string& suite, int64_t started,
                      std::vector<std::string> configs) {
  StoredBench b;
  b.info.id = id;
  b.info.name = "bench " + id;
  b.info.suite = suite;
  b.info.started_ms = started;
  b.info.ended_ms = started + 1000;
  b.info.tool_version = "0.1.0";
  b.info.configs = configs;
  for (const auto& c : configs) {
    b.runs.push_back(MakeRun(id, c, 0, RunStatus::kPassed));
    b.runs.push_back(MakeRun(id, c, 1, RunStatus::kTimeout));
  }
  b.info.total_runs = static_cast<int>(b.runs.size());
  b.info.passed_runs = static_cast<int>(configs.size());
  b.info.total_cost_usd = 0.05;
  b.info.cost_unknown_runs = 0;
  b.info.p50_latency_ms = 101;
  return b;
}

std::unique_ptr<Store> OpenOrDie(const std::string& path) {
  Result<std::unique_ptr<Store>> s = OpenSqliteStore(path);
  REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().ToString()));
  return std::move(*s);
}

TEST_CASE("store: save, list newest first, load round trip") {
  std::string path = FreshPath("roundtrip");
  auto store = OpenOrDie(path);
  CHECK(std::filesystem::exists(path));
  REQUIRE(store->SaveBench(MakeBench("b1", "suite-a", 1000, {"gpt", "claude"})).ok());
  REQUIRE(store->SaveBench(MakeBench("b3", "suite-b", 3000, {"gpt"})).ok());
  REQUIRE(store->SaveBench(MakeBench("b2", "suite-a", 2000, {"unpriced"})).ok());

  auto all = store->ListBenches({});
  REQUIRE(all.has_value());
  REQUIRE(all->size() == 3);
  CHECK((*all)[0].id == "b3");
  CHECK((*all)[1].id == "b2");
  CHECK((*all)[2].id == "b1");
  CHECK((*all)[2].configs == std::vector<std::string>{"gpt", "claude"});

  BenchFilter by_suite;
  by_suite.suite = "suite-a";
  auto a = store->ListBenches(by_suite);
  REQUIRE(a.has_value());
  CHECK(a->size() == 2);
  BenchFilter by_config;
  by_config.config = "claude";
  auto c = store->ListBenches(by_config);
  REQUIRE(c.has_value());
  REQUIRE(c->size() == 1);
  CHECK(c->front().id == "b1");

  // Reopen: everything came from the file, not from memory.
  store.reset();
  store = OpenOrDie(path);
  auto loaded = store->LoadBench("b1");
  REQUIRE(loaded.has_value());
  StoredBench expected = MakeBench("b1", "suite-a", 1000, {"gpt", "claude"});
  CHECK(loaded->info.total_runs == 4);
  CHECK(loaded->info.passed_runs == 2);
  CHECK(loaded->info.total_cost_usd == doctest::Approx(0.05));
  REQUIRE(loaded->runs.size() == expected.runs.size());
  for (size_t i = 0; i < expected.runs.size(); ++i) {
    const RunRecord& x = expected.runs[i];
    const RunRecord& y = loaded->runs[i];
    CHECK(y.run_id == x.run_id);
    CHECK(y.config == x.config);
    CHECK(y.status == x.status);
    CHECK(y.duration_ms == x.duration_ms);
    CHECK(y.cached_tokens == 300);
    CHECK(y.cost_usd == x.cost_usd);
    CHECK(y.inputs == x.inputs);
    CHECK(y.error == x.error);
    CHECK(y.started_ms == x.started_ms);
  }
  auto unpriced = store->LoadBench("b2");
  REQUIRE(unpriced.has_value());
  CHECK_FALSE(unpriced->runs.front().cost_usd.has_value());  // NULL, not 0

  auto missing = store->LoadBench("nope");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == ErrorCode::kNotFound);
}

TEST_CASE("store: saving the same id replaces the bench and keeps its tags") {
  auto store = OpenOrDie(FreshPath("replace"));
  REQUIRE(store->SaveBench(MakeBench("b1", "s", 1000, {"gpt"})).ok());
  REQUIRE(store->Tag("b1", "baseline").ok());
  REQUIRE(store->SaveBench(MakeBench("b1", "s", 1000, {"gpt", "claude"})).ok());
  auto all = store->ListBenches({});
  REQUIRE(all.has_value());
  REQUIRE(all->size() == 1);
  CHECK(all->front().tags == std::vector<std::string>{"baseline"});
  auto loaded = store->LoadBench("b1");
  REQUIRE(loaded.has_value());
  CHECK(loaded->runs.size() == 4);
}

TEST_CASE("store: resolve latest, tags, ids and id prefixes") {
  auto store = OpenOrDie(FreshPath("resolve"));
  CHECK(store->Resolve("latest").error().code == ErrorCode::kNotFound);
  REQUIRE(store->SaveBench(MakeBench("20260101-aaa", "s", 1000, {"gpt"})).ok());
  REQUIRE(store->SaveBench(MakeBench("20260102-bbb", "s", 2000, {"gpt"})).ok());
  CHECK(*store->Resolve("latest") == "20260102-bbb");
  CHECK(*store->Resolve("20260101-aaa") == "20260101-aaa");
  CHECK(*store->Resolve("20260101") == "20260101-aaa");
  CHECK(store->Resolve("2026").error().code == ErrorCode::kInvalidArgument);  // ambiguous
  CHECK(store->Resolve("baseline").error().code == ErrorCode::kNotFound);
  REQUIRE(store->Tag("20260101-aaa", "baseline").ok());
  CHECK(*store->Resolve("baseline") == "20260101-aaa");
  REQUIRE(store->Tag("20260102-bbb", "baseline").ok());  // a tag moves
  CHECK(*store->Resolve("baseline") == "20260102-bbb");
  CHECK(store->Tag("missing", "x").error().code == ErrorCode::kNotFound);
  CHECK_FALSE(store->Tag("20260101-aaa", "latest").ok());
}

TEST_CASE("store: a version-1 database is migrated and keeps its data") {
  std::string path = FreshPath("migrate");
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  {
    Result<Db> db = Db::Open(path);
    REQUIRE(db.has_value());
    REQUIRE(db->Exec(Migrations().front().sql).ok());
    REQUIRE(db->Exec("CREATE TABLE schema_version (version INTEGER NOT NULL);"
                     "INSERT INTO schema_version VALUES (1);"
                     "INSERT INTO benches VALUES ('old', 'n', 's', 5, 6, '0.0.9', 1, 1, NULL, 1, 42.0);"
                     "INSERT INTO bench_configs VALUES ('old', 0, 'gpt');"
                     "INSERT INTO runs VALUES ('old', 0, 'r1', 'gpt', 'default', 0, 'f/s/t', 'a', 'passed', 42.0, "
                     "40.0, 1.0, 0.0, 0, 10, 5, NULL, '', '{\"k\":\"v\"}', 'OPENAI', 'gpt-4o', 7);")
                .ok());
    Result<int> v = SchemaVersion(*db);
    REQUIRE(v.has_value());
    CHECK(*v == 1);
  }
  auto store = OpenOrDie(path);
  {
    Result<Db> db = Db::Open(path);
    REQUIRE(db.has_value());
    CHECK(*SchemaVersion(*db) == CurrentSchemaVersion());
  }
  auto loaded = store->LoadBench("old");
  REQUIRE(loaded.has_value());
  CHECK(loaded->info.configs == std::vector<std::string>{"gpt"});
  CHECK_FALSE(loaded->info.total_cost_usd.has_value());
  REQUIRE(loaded->runs.size() == 1);
  CHECK(loaded->runs[0].cached_tokens == 0);  // the column added by version 2
  CHECK(loaded->runs[0].inputs == Json{{"k", "v"}});
  CHECK(store->Tag("old", "baseline").ok());  // the table added by version 2
}

TEST_CASE("store: a database from a newer agent-bench is refused") {
  std::string path = FreshPath("newer");
  { auto store = OpenOrDie(path); }
  {
    Result<Db> db = Db::Open(path);
    REQUIRE(db.has_value());
    REQUIRE(db->Exec("UPDATE schema_version SET version = 99;").ok());
  }
  Result<std::unique_ptr<Store>> s = OpenSqliteStore(path);
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().code == ErrorCode::kConfig);
  CHECK(s.error().message.find("newer") != std::string::npos);
}

TEST_CASE("store: status names round trip") {
  for (RunStatus s : {RunStatus::kPassed, RunStatus::kFailed, RunStatus::kError, RunStatus::kTimeout,
                      RunStatus::kSkipped}) {
    CHECK(ParseRunStatus(RunStatusName(s)) == s);
  }
  CHECK_FALSE(ParseRunStatus("ok").has_value());
  CHECK(DefaultStorePath() == ".agent-bench/history.db");
}

}  // namespace
}  // namespace ab::store
