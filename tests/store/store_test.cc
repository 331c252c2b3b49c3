// The history on both backends: every case here runs once on SQLite ("sqlite: ...") and once on a real
// PostgreSQL server ("postgres: ...") with the same code, so the two cannot drift apart: save/list/load round
// trips, replacement, tags and references, schema versions, and concurrent writers in separate processes.
#include "store/store.h"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "base/redact.h"
#include "store/db.h"
#include "store/migrations.h"
#include "store/pg_test_server.h"

namespace ab::store {
namespace {

enum class Backend { kSqlite, kPostgres };

/// A fresh, empty history for one test: a SQLite path under the build tree (directories not created: the store
/// must create them), or a PostgreSQL URL selecting a fresh schema.
std::string FreshLocation(Backend backend, const std::string& name) {
  if (backend == Backend::kPostgres) return testing::FreshPgSchemaUrl(name);
  std::filesystem::path dir = std::filesystem::path(AB_BINARY_DIR) / "tmp-store-tests" / name;
  std::filesystem::remove_all(dir);
  return (dir / "nested" / "history.db").string();
}

/// The raw database behind |location|, for tests that tamper with it.
std::unique_ptr<Db> OpenRaw(const std::string& location) {
  Result<std::unique_ptr<Db>> db = IsPostgresUrl(location) ? OpenPostgresDb(location) : OpenSqliteDb(location);
  REQUIRE_MESSAGE(db.has_value(), (db ? "" : db.error().ToString()));
  return std::move(*db);
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
  r.duration_ms = 100.5 + rep + 1.0 / 3.0;  // not exactly representable in decimal: the round trip must be exact
  r.llm_ms = 80;
  r.tool_ms = 10;
  r.wait_ms = 2.5;
  r.retries = rep;
  r.prompt_tokens = 5000000000LL + rep;  // above 32 bits
  r.completion_tokens = 200;
  r.cached_tokens = 300;
  if (config != "unpriced") r.cost_usd = 0.0125;
  r.error = status == RunStatus::kPassed ? "" : "boom: it's \"quoted\" ?1 $1";
  r.inputs = Json{{"topic", "cats"}, {"emoji", "caf\xc3\xa9"}};
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
  b.info.p50_latency_ms = 101.25;
  return b;
}

std::unique_ptr<Store> OpenOrDie(const std::string& location) {
  Result<std::unique_ptr<Store>> s = OpenStore(location);
  REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().ToString()));
  return std::move(*s);
}

// Each case body takes the backend; STORE_CASE registers it once per backend.
#define STORE_CASE(title, fn)                           \
  TEST_CASE("sqlite: " title) { fn(Backend::kSqlite); } \
  TEST_CASE("postgres: " title) { fn(Backend::kPostgres); }

void RoundTrip(Backend backend) {
  std::string location = FreshLocation(backend, "roundtrip");
  auto store = OpenOrDie(location);
  if (backend == Backend::kSqlite) CHECK(std::filesystem::exists(location));
  REQUIRE(store->SaveBench(MakeBench("b1", "suite-a", 1000, {"gpt", "claude"})).ok());
  REQUIRE(store->SaveBench(MakeBench("b3", "suite-b", 3000, {"gpt"})).ok());
  REQUIRE(store->SaveBench(MakeBench("b2", "suite-a", 2000, {"unpriced"})).ok());
  REQUIRE(store->SaveBench(MakeBench("b2-same-ms", "suite-a", 2000, {"gpt"})).ok());

  auto all = store->ListBenches({});
  REQUIRE(all.has_value());
  REQUIRE(all->size() == 4);
  CHECK((*all)[0].id == "b3");
  CHECK((*all)[1].id == "b2-same-ms");  // same start time: the later save first
  CHECK((*all)[2].id == "b2");
  CHECK((*all)[3].id == "b1");
  CHECK((*all)[3].configs == std::vector<std::string>{"gpt", "claude"});
  CHECK((*all)[3].p50_latency_ms == 101.25);

  BenchFilter by_suite;
  by_suite.suite = "suite-a";
  auto a = store->ListBenches(by_suite);
  REQUIRE(a.has_value());
  CHECK(a->size() == 3);
  BenchFilter by_config;
  by_config.config = "claude";
  auto c = store->ListBenches(by_config);
  REQUIRE(c.has_value());
  REQUIRE(c->size() == 1);
  CHECK(c->front().id == "b1");
  BenchFilter limited;
  limited.limit = 2;
  CHECK(store->ListBenches(limited)->size() == 2);

  // Reopen: everything came from the database, not from memory.
  store.reset();
  store = OpenOrDie(location);
  auto loaded = store->LoadBench("b1");
  REQUIRE(loaded.has_value());
  StoredBench expected = MakeBench("b1", "suite-a", 1000, {"gpt", "claude"});
  CHECK(loaded->info.name == expected.info.name);
  CHECK(loaded->info.started_ms == 1000);
  CHECK(loaded->info.ended_ms == 2000);
  CHECK(loaded->info.total_runs == 4);
  CHECK(loaded->info.passed_runs == 2);
  CHECK(loaded->info.total_cost_usd == doctest::Approx(0.05));
  REQUIRE(loaded->runs.size() == expected.runs.size());
  for (size_t i = 0; i < expected.runs.size(); ++i) {
    const RunRecord& x = expected.runs[i];
    const RunRecord& y = loaded->runs[i];
    CHECK(y.run_id == x.run_id);
    CHECK(y.bench_id == "b1");
    CHECK(y.config == x.config);
    CHECK(y.variant == x.variant);
    CHECK(y.repetition == x.repetition);
    CHECK(y.test_key == x.test_key);
    CHECK(y.status == x.status);
    CHECK(y.duration_ms == x.duration_ms);  // exact, not approximate
    CHECK(y.wait_ms == x.wait_ms);
    CHECK(y.retries == x.retries);
    CHECK(y.prompt_tokens == x.prompt_tokens);
    CHECK(y.cached_tokens == 300);
    CHECK(y.cost_usd == x.cost_usd);
    CHECK(y.inputs == x.inputs);
    CHECK(y.error == x.error);
    CHECK(y.model == x.model);
    CHECK(y.started_ms == x.started_ms);
  }
  auto unpriced = store->LoadBench("b2");
  REQUIRE(unpriced.has_value());
  CHECK_FALSE(unpriced->runs.front().cost_usd.has_value());  // NULL, not 0

  auto missing = store->LoadBench("nope");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == ErrorCode::kNotFound);
}
STORE_CASE("save, list newest first, load round trip", RoundTrip)

void ReplaceKeepsTags(Backend backend) {
  auto store = OpenOrDie(FreshLocation(backend, "replace"));
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
  StoredBench no_id = MakeBench("", "s", 1, {"gpt"});
  CHECK(store->SaveBench(no_id).error().code == ErrorCode::kInvalidArgument);
}
STORE_CASE("saving the same id replaces the bench and keeps its tags", ReplaceKeepsTags)

void ResolveRefs(Backend backend) {
  auto store = OpenOrDie(FreshLocation(backend, "resolve"));
  CHECK(store->Resolve("latest").error().code == ErrorCode::kNotFound);
  REQUIRE(store->SaveBench(MakeBench("20260101-aaa", "s", 1000, {"gpt"})).ok());
  REQUIRE(store->SaveBench(MakeBench("20260102-bbb", "s", 2000, {"gpt"})).ok());
  CHECK(*store->Resolve("latest") == "20260102-bbb");
  CHECK(*store->Resolve("20260101-aaa") == "20260101-aaa");
  CHECK(*store->Resolve("20260101") == "20260101-aaa");
  CHECK(store->Resolve("2026").error().code == ErrorCode::kInvalidArgument);  // ambiguous
  CHECK(store->Resolve("baseline").error().code == ErrorCode::kNotFound);
  CHECK(store->Resolve("%").error().code == ErrorCode::kNotFound);  // no LIKE wildcards
  REQUIRE(store->Tag("20260101-aaa", "baseline").ok());
  CHECK(*store->Resolve("baseline") == "20260101-aaa");
  REQUIRE(store->Tag("20260102-bbb", "baseline").ok());  // a tag moves
  CHECK(*store->Resolve("baseline") == "20260102-bbb");
  CHECK(store->Tag("missing", "x").error().code == ErrorCode::kNotFound);
  CHECK_FALSE(store->Tag("20260101-aaa", "latest").ok());
}
STORE_CASE("resolve latest, tags, ids and id prefixes", ResolveRefs)

void MigratesVersion1(Backend backend) {
  std::string location = FreshLocation(backend, "migrate");
  if (backend == Backend::kSqlite) std::filesystem::create_directories(std::filesystem::path(location).parent_path());
  {
    auto db = OpenRaw(location);
    REQUIRE(db->ExecScript(Migrations().front().sql).ok());
    REQUIRE(db->ExecScript("CREATE TABLE schema_version (version INTEGER NOT NULL);"
                           "INSERT INTO schema_version VALUES (1);"
                           "INSERT INTO benches VALUES ('old', 'n', 's', 5, 6, '0.0.9', 1, 1, NULL, 1, 42.0);"
                           "INSERT INTO benches VALUES ('older', 'n', 's', 5, 6, '0.0.9', 1, 1, NULL, 1, 42.0);"
                           "INSERT INTO bench_configs VALUES ('old', 0, 'gpt');"
                           "INSERT INTO runs VALUES ('old', 0, 'r1', 'gpt', 'default', 0, 'f/s/t', 'a', 'passed', "
                           "42.0, 40.0, 1.0, 0.0, 0, 10, 5, NULL, '', '{\"k\":\"v\"}', 'OPENAI', 'gpt-4o', 7);")
                .ok());
    Result<int> v = SchemaVersion(*db);
    REQUIRE(v.has_value());
    CHECK(*v == 1);
  }
  auto store = OpenOrDie(location);
  CHECK(*SchemaVersion(*OpenRaw(location)) == CurrentSchemaVersion());
  auto loaded = store->LoadBench("old");
  REQUIRE(loaded.has_value());
  CHECK(loaded->info.configs == std::vector<std::string>{"gpt"});
  CHECK_FALSE(loaded->info.total_cost_usd.has_value());
  REQUIRE(loaded->runs.size() == 1);
  CHECK(loaded->runs[0].cached_tokens == 0);  // the column added by version 2
  CHECK(loaded->runs[0].inputs == Json{{"k", "v"}});
  CHECK(store->Tag("old", "baseline").ok());  // the table added by version 2
  if (backend == Backend::kSqlite) {
    // Version 3 turned the insertion order into save_seq: 'older' was saved after 'old'.
    auto all = store->ListBenches({});
    REQUIRE(all.has_value());
    REQUIRE(all->size() == 2);
    CHECK((*all)[0].id == "older");
  }
  // A bench saved now comes after the migrated ones.
  REQUIRE(store->SaveBench(MakeBench("new", "s", 5, {"gpt"})).ok());
  CHECK(store->ListBenches({})->front().id == "new");
}
STORE_CASE("a version-1 database is migrated and keeps its data", MigratesVersion1)

// The tables an older `serve` created on its own (before they were migration step 4), with its exact SQL.
constexpr const char* kOldServeTables = R"sql(
CREATE TABLE IF NOT EXISTS serve_fixtures (
  name TEXT NOT NULL, version INTEGER NOT NULL, hash TEXT NOT NULL, description TEXT NOT NULL,
  variants_json TEXT NOT NULL, created_ms INTEGER NOT NULL, PRIMARY KEY (name, version));
CREATE TABLE IF NOT EXISTS serve_bench_fixtures (
  bench_id TEXT PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS serve_transcripts (
  bench_id TEXT NOT NULL, run_key TEXT NOT NULL, transcript_json TEXT NOT NULL, PRIMARY KEY (bench_id, run_key));
INSERT INTO serve_fixtures VALUES ('topics', 1, 'sha256:aa', 'd', '[{"name":"cats"}]', 11);
INSERT INTO serve_bench_fixtures VALUES ('old', 'topics', 1, 'sha256:aa');
INSERT INTO serve_transcripts VALUES ('old', '["old-gpt-0","f.yaml/s/t","a"]', '{"testName":"t","kept":true}');
)sql";

void MigratesVersion3WithServeTables(Backend backend) {
  std::string location = FreshLocation(backend, "migrate3");
  if (backend == Backend::kSqlite) std::filesystem::create_directories(std::filesystem::path(location).parent_path());
  {
    auto db = OpenRaw(location);
    for (const Migration& step : Migrations()) {
      if (step.version > 3) break;
      const char* sql = backend == Backend::kPostgres && step.postgres_sql ? step.postgres_sql : step.sql;
      REQUIRE(db->ExecScript(sql).ok());
    }
    REQUIRE(db->ExecScript("CREATE TABLE schema_version (version INTEGER NOT NULL);"
                           "INSERT INTO schema_version VALUES (3);")
                .ok());
    REQUIRE(db->ExecScript(kOldServeTables).ok());
    CHECK(*SchemaVersion(*db) == 3);
  }
  auto store = OpenOrDie(location);  // step 4 meets tables that already exist
  auto raw = OpenRaw(location);
  CHECK(*SchemaVersion(*raw) == CurrentSchemaVersion());
  CHECK(*QueryOneText(*raw, "SELECT variants_json FROM serve_fixtures WHERE name = 'topics'") ==
        std::optional<std::string>("[{\"name\":\"cats\"}]"));
  CHECK(*QueryOneText(*raw, "SELECT hash FROM serve_bench_fixtures WHERE bench_id = 'old'") ==
        std::optional<std::string>("sha256:aa"));
  // The transcript an older serve kept is found by the store (same key format).
  RunRecord old = MakeRun("old", "gpt", 0, RunStatus::kPassed);
  auto transcript = store->LoadTranscript(old);
  REQUIRE(transcript.has_value());
  REQUIRE(transcript->has_value());
  CHECK((**transcript)["kept"] == true);
  // The table step 4 added is there.
  CHECK(raw->Exec("INSERT INTO serve_jobs VALUES ('job-1', 1, 'completed', '{}', '', 0, 0, 0, 0, 0, '', '[]', "
                  "'null', 1, 2, 3)")
            .ok());
}
STORE_CASE("a version-3 database with the tables of an older serve migrates and keeps their rows",
           MigratesVersion3WithServeTables)

void TranscriptsSavedWithTheBench(Backend backend) {
  std::string location = FreshLocation(backend, "transcripts");
  auto store = OpenOrDie(location);
  StoredBench b = MakeBench("tb", "s", 1, {"gpt"});
  const RunRecord& first = b.runs[0];
  b.transcripts.push_back({first.run_id, first.test_key, first.agent,
                           SpilledText::Keep(TranscriptText(Json{{"testName", "t"}, {"finalOutput", "meow"}}))});
  REQUIRE(store->SaveBench(b).ok());
  auto loaded = store->LoadTranscript(first);
  REQUIRE(loaded.has_value());
  REQUIRE(loaded->has_value());
  CHECK((**loaded)["finalOutput"] == "meow");
  auto none = store->LoadTranscript(b.runs[1]);  // same test, another repetition: nothing kept
  REQUIRE(none.has_value());
  CHECK_FALSE(none->has_value());
  // Saving the bench again without transcripts (as merge does) keeps the ones saved before.
  b.transcripts.clear();
  REQUIRE(store->SaveBench(b).ok());
  CHECK(store->LoadTranscript(first)->has_value());
}
STORE_CASE("transcripts are saved with their bench and found by run", TranscriptsSavedWithTheBench)

void RefusesNewer(Backend backend) {
  std::string location = FreshLocation(backend, "newer");
  { auto store = OpenOrDie(location); }
  REQUIRE(OpenRaw(location)->Exec("UPDATE schema_version SET version = ?1", Params().Add(99)).ok());
  Result<std::unique_ptr<Store>> s = OpenStore(location);
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().code == ErrorCode::kConfig);
  CHECK(s.error().message.find("newer") != std::string::npos);
}
STORE_CASE("a database from a newer agent-bench is refused", RefusesNewer)

void ConcurrentProcesses(Backend backend) {
  // Two processes open the same new history at once (both migrate it) and save benches interleaved: none is lost.
  std::string location = FreshLocation(backend, "concurrent");
  constexpr int kPerWriter = 15;
  pid_t children[2];
  for (int w = 0; w < 2; ++w) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      int failures = 0;
      Result<std::unique_ptr<Store>> s = OpenStore(location);
      if (!s) {
        std::fprintf(stderr, "writer %d: %s\n", w, s.error().ToString().c_str());
        std::_Exit(2);
      }
      for (int i = 0; i < kPerWriter; ++i) {
        std::string id = "w" + std::to_string(w) + "-" + std::to_string(i);
        Status saved = (*s)->SaveBench(MakeBench(id, "s", 1000 + i, {"gpt", "claude"}));
        if (!saved) {
          std::fprintf(stderr, "writer %d: %s\n", w, saved.ToString().c_str());
          ++failures;
        }
      }
      std::_Exit(failures == 0 ? 0 : 1);
    }
    children[w] = pid;
  }
  for (pid_t pid : children) {
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  auto store = OpenOrDie(location);
  auto all = store->ListBenches({});
  REQUIRE(all.has_value());
  CHECK(all->size() == 2 * kPerWriter);
  for (const BenchInfo& info : *all) {
    auto loaded = store->LoadBench(info.id);
    REQUIRE(loaded.has_value());
    CHECK(loaded->runs.size() == 4);
  }
}
STORE_CASE("two processes writing at once lose no bench", ConcurrentProcesses)

TEST_CASE("store: a huge transcript is kept shortened and marked, never refused, and without secrets") {
  RegisterSecret("sk-transcript-secret-42");
  Json messages = Json::array();
  for (int i = 0; i < 50; ++i)
    messages.push_back(Json{{"role", "tool"}, {"content", "sk-transcript-secret-42 " + std::string(100000, 'x')}});
  // A secret where the first cut falls (65536 bytes): cut before redacting, its first bytes would remain.
  messages.push_back(Json{{"role", "tool"}, {"content", std::string(65536 - 8, 'y') + "sk-transcript-secret-42"}});
  Json t = {{"testName", "big"}, {"execution", {{"messages", messages}, {"finalOutput", "done"}}}};
  std::string small = TranscriptText(Json{{"testName", "small"}});
  CHECK(small.find("transcriptTruncated") == std::string::npos);

  std::string text = TranscriptText(t, 64 * 1024);
  CHECK(text.size() <= 64 * 1024);
  Json kept = Json::parse(text, nullptr, false);
  REQUIRE(kept.is_object());
  CHECK(kept["testName"] == "big");
  CHECK(kept["transcriptTruncated"]["limitBytes"] == 64 * 1024);
  CHECK(kept["transcriptTruncated"]["originalBytes"].get<size_t>() > 5000000);
  CHECK(text.find("sk-trans") == std::string::npos);
  CHECK(text.find("[REDACTED]") != std::string::npos);  // redacted before being cut

  // So many messages that even short strings do not fit: the conversation goes, the figures stay.
  Json many = Json::array();
  for (int i = 0; i < 20000; ++i) many.push_back(Json{{"role", "user"}, {"content", "hello"}});
  std::string dropped = TranscriptText(Json{{"testName", "chatty"}, {"execution", {{"messages", many}}}}, 4096);
  Json d = Json::parse(dropped, nullptr, false);
  REQUIRE(d.is_object());
  CHECK(d["testName"] == "chatty");
  CHECK(d["execution"]["messages"].empty());
  CHECK(d.contains("transcriptTruncated"));
}

/// A plain run saved as the runner saves it: kind "run", one config per agent, one file with its hash.
StoredBench MakePlainRun(const std::string& id, int64_t started, const std::vector<RunStatus>& verdicts,
                         const std::string& file_hash) {
  StoredBench b = MakeBench(id, "demo", started, {"a"});
  b.info.kind = kKindRun;
  b.info.files = {{"f.yaml", file_hash}};
  b.runs.clear();
  for (size_t i = 0; i < verdicts.size(); ++i) {
    RunRecord r = MakeRun(id, "a", 0, verdicts[i]);
    r.test_key = "f.yaml/s/t" + std::to_string(i);
    r.started_ms = started + static_cast<int64_t>(i);
    r.final_answer = "answer " + std::to_string(i);
    r.tool_chain = ToolChainText({{"add_note", true}, {"search", false}});
    b.runs.push_back(r);
  }
  return b;
}

void PlainRunsApartFromBenches(Backend backend) {
  std::string location = FreshLocation(backend, "kinds");
  auto store = OpenOrDie(location);
  REQUIRE(store->SaveBench(MakeBench("bench1", "demo", 1000, {"gpt"})).ok());
  REQUIRE(store->SaveBench(MakePlainRun("run1", 2000, {RunStatus::kPassed, RunStatus::kFailed}, "sha256:aa")).ok());

  // Benches stay what `history`, `compare latest` and `tag` mean; plain runs are asked for by kind.
  auto benches = store->ListBenches({});
  REQUIRE(benches.has_value());
  REQUIRE(benches->size() == 1);
  CHECK(benches->front().id == "bench1");
  CHECK(benches->front().kind == "bench");
  CHECK(*store->Resolve("latest") == "bench1");
  BenchFilter runs_only;
  runs_only.kind = kKindRun;
  auto runs = store->ListBenches(runs_only);
  REQUIRE(runs->size() == 1);
  CHECK(runs->front().id == "run1");
  BenchFilter both;
  both.kind = "";
  CHECK(store->ListBenches(both)->size() == 2);
  CHECK(*store->Resolve("run1") == "run1");  // an exact id still finds a run

  auto loaded = store->LoadBench("run1");
  REQUIRE(loaded.has_value());
  CHECK(loaded->info.kind == "run");
  REQUIRE(loaded->info.files.size() == 1);
  CHECK(loaded->info.files[0].path == "f.yaml");
  CHECK(loaded->info.files[0].content_hash == "sha256:aa");
  REQUIRE(loaded->runs.size() == 2);
  CHECK(loaded->runs[1].final_answer == "answer 1");
  CHECK(loaded->runs[1].tool_chain == "add_note ok \u2192 search error");
  CHECK(loaded->runs[1].status == RunStatus::kFailed);
}
STORE_CASE("plain runs are saved with their files and kept apart from benches", PlainRunsApartFromBenches)

void FlipRatesOfPlainRuns(Backend backend) {
  std::string location = FreshLocation(backend, "flips");
  auto store = OpenOrDie(location);
  using S = RunStatus;
  // t0 flaky (P F P F P), t1 a regression (P P P F F), t2 stable, t3 skipped in the middle (ignored).
  const std::vector<std::vector<S>> history = {
      {S::kPassed, S::kPassed, S::kPassed, S::kPassed}, {S::kFailed, S::kPassed, S::kPassed, S::kSkipped},
      {S::kPassed, S::kPassed, S::kPassed, S::kPassed}, {S::kFailed, S::kFailed, S::kPassed, S::kPassed},
      {S::kPassed, S::kFailed, S::kPassed, S::kPassed},
  };
  for (size_t i = 0; i < history.size(); ++i) {
    std::string hash = i < 3 ? "sha256:aa" : "sha256:bb";  // the file changed before the fourth run
    REQUIRE(
        store
            ->SaveBench(MakePlainRun("run" + std::to_string(i), 1000 * (static_cast<int64_t>(i) + 1), history[i], hash))
            .ok());
  }
  REQUIRE(store->SaveBench(MakeBench("bench-not-counted", "demo", 500000, {"a"})).ok());

  auto flips = store->FlipRates({});
  REQUIRE(flips.has_value());
  REQUIRE(flips->size() == 4);
  auto find = [&](const std::string& test) -> const TestFlips& {
    for (const TestFlips& f : *flips)
      if (f.test_key == test) return f;
    FAIL("no flips for " << test);
    return flips->front();
  };
  const TestFlips& flaky = find("f.yaml/s/t0");
  CHECK(flaky.outcomes.size() == 5);
  CHECK(flaky.flips == 4);
  CHECK(flaky.flip_rate() == doctest::Approx(1.0));
  CHECK(flaky.Trend() == "flaky");
  CHECK(flips->front().test_key == "f.yaml/s/t0");  // the most changing first
  const TestFlips& regressed = find("f.yaml/s/t1");
  CHECK(regressed.flips == 1);
  CHECK(regressed.flip_rate() == doctest::Approx(0.25));
  CHECK(regressed.Trend() == "regression");
  CHECK(regressed.outcomes.back().content_hash == "sha256:bb");
  CHECK(regressed.outcomes.front().content_hash == "sha256:aa");
  CHECK(regressed.outcomes.front().bench_id == "run0");
  CHECK(regressed.outcomes.front().seq == 1);
  CHECK(find("f.yaml/s/t2").Trend() == "stable");
  CHECK(find("f.yaml/s/t3").outcomes.size() == 4);  // the skipped run is left out
  CHECK(find("f.yaml/s/t3").flips == 0);

  FlipFilter one;
  one.test = "s/t1";
  auto only = store->FlipRates(one);
  REQUIRE(only->size() == 1);
  CHECK(only->front().test_key == "f.yaml/s/t1");
  FlipFilter newest_two;
  newest_two.runs = 2;  // runs 3 and 4: t0 went F -> P
  auto recent = store->FlipRates(newest_two);
  REQUIRE(recent.has_value());
  for (const TestFlips& f : *recent) CHECK(f.outcomes.size() <= 2);
  FlipFilter other_agent;
  other_agent.agent = "nobody";
  CHECK(store->FlipRates(other_agent)->empty());
  FlipFilter benches;
  benches.kind = kKindBench;
  auto of_benches = store->FlipRates(benches);
  REQUIRE(of_benches->size() == 1);
  CHECK(of_benches->front().outcomes.size() == 2);  // the bench's two repetitions
}
STORE_CASE("flip rates tell a flaky test from a regression", FlipRatesOfPlainRuns)

TEST_CASE("store: final answers and tool chains are redacted and capped") {
  RegisterSecret("sk-answer-secret-77");
  std::string answer = FinalAnswerText("the key is sk-answer-secret-77 " + std::string(5000, 'z'));
  CHECK(answer.size() <= kMaxFinalAnswerBytes + 8);
  CHECK(answer.find("sk-answer") == std::string::npos);
  std::vector<std::pair<std::string, bool>> calls(500, {"a_rather_long_tool_name", true});
  std::string chain = ToolChainText(calls);
  CHECK(chain.size() <= kMaxToolChainBytes + 16);
  CHECK(chain.find("\u2026") != std::string::npos);
  CHECK(ToolChainText({}).empty());
}

TEST_CASE("store: status names round trip") {
  for (RunStatus s :
       {RunStatus::kPassed, RunStatus::kFailed, RunStatus::kError, RunStatus::kTimeout, RunStatus::kSkipped}) {
    CHECK(ParseRunStatus(RunStatusName(s)) == s);
  }
  CHECK_FALSE(ParseRunStatus("ok").has_value());
  CHECK(DefaultStorePath() == ".agent-bench/history.db");
}

}  // namespace
}  // namespace ab::store
