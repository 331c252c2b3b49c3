#include "store/migrations.h"

#include <string>

namespace ab::store {

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kSteps = {
      {1, "benches, their configs and their runs",
       R"sql(
CREATE TABLE benches (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  suite TEXT NOT NULL,
  started_ms INTEGER NOT NULL,
  ended_ms INTEGER NOT NULL,
  tool_version TEXT NOT NULL,
  total_runs INTEGER NOT NULL,
  passed_runs INTEGER NOT NULL,
  total_cost_usd REAL,
  cost_unknown_runs INTEGER NOT NULL,
  p50_latency_ms REAL NOT NULL
);
CREATE INDEX benches_by_time ON benches(started_ms);
CREATE INDEX benches_by_suite ON benches(suite);
CREATE TABLE bench_configs (
  bench_id TEXT NOT NULL REFERENCES benches(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (bench_id, position)
);
CREATE INDEX bench_configs_by_name ON bench_configs(name);
CREATE TABLE runs (
  bench_id TEXT NOT NULL REFERENCES benches(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  run_id TEXT NOT NULL,
  config TEXT NOT NULL,
  variant TEXT NOT NULL,
  repetition INTEGER NOT NULL,
  test_key TEXT NOT NULL,
  agent TEXT NOT NULL,
  status TEXT NOT NULL,
  duration_ms REAL NOT NULL,
  llm_ms REAL NOT NULL,
  tool_ms REAL NOT NULL,
  wait_ms REAL NOT NULL,
  retries INTEGER NOT NULL,
  prompt_tokens INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  cost_usd REAL,
  error TEXT NOT NULL,
  inputs_json TEXT NOT NULL,
  provider_type TEXT NOT NULL,
  model TEXT NOT NULL,
  started_ms INTEGER NOT NULL,
  PRIMARY KEY (bench_id, seq)
);
)sql"},
      {2, "cached prompt tokens per run, and tags (baseline ...) on benches",
       R"sql(
ALTER TABLE runs ADD COLUMN cached_tokens INTEGER NOT NULL DEFAULT 0;
CREATE TABLE tags (
  tag TEXT PRIMARY KEY,
  bench_id TEXT NOT NULL REFERENCES benches(id) ON DELETE CASCADE
);
)sql"},
      {3, "the save order of benches as a column (PostgreSQL has no rowid)",
       R"sql(
ALTER TABLE benches ADD COLUMN save_seq INTEGER NOT NULL DEFAULT 0;
UPDATE benches SET save_seq = rowid;
CREATE INDEX benches_by_save ON benches(started_ms, save_seq);
)sql",
       R"sql(
ALTER TABLE benches ADD COLUMN save_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX benches_by_save ON benches(started_ms, save_seq);
)sql"},
      // The tables an older `serve` created itself on first use (CREATE TABLE IF NOT EXISTS there too), so a
      // database that already has them keeps them and their rows; serve_jobs is new.
      {4, "serve's tables: fixtures, the fixture each bench ran, run transcripts, and job snapshots",
       R"sql(
CREATE TABLE IF NOT EXISTS serve_fixtures (
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  hash TEXT NOT NULL,
  description TEXT NOT NULL,
  variants_json TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (name, version)
);
CREATE TABLE IF NOT EXISTS serve_bench_fixtures (
  bench_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS serve_transcripts (
  bench_id TEXT NOT NULL,
  run_key TEXT NOT NULL,
  transcript_json TEXT NOT NULL,
  PRIMARY KEY (bench_id, run_key)
);
CREATE TABLE IF NOT EXISTS serve_jobs (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  state TEXT NOT NULL,
  request_json TEXT NOT NULL,
  bench_id TEXT NOT NULL,
  done_runs INTEGER NOT NULL,
  total_runs INTEGER NOT NULL,
  passed INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  errored INTEGER NOT NULL,
  error TEXT NOT NULL,
  diagnostics_json TEXT NOT NULL,
  fixture_json TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  started_ms INTEGER NOT NULL,
  ended_ms INTEGER NOT NULL
);
)sql"},
      // Plain `agent-bench -f/-s` runs are saved as benches of kind 'run' (one config, their tests × agents as
      // runs), so every reader of benches and runs sees them; old rows are benches.
      {5, "plain runs in the history: bench kind, the test files' content hashes, final answers and tool chains",
       R"sql(
ALTER TABLE benches ADD COLUMN kind TEXT NOT NULL DEFAULT 'bench';
CREATE INDEX benches_by_kind ON benches(kind, started_ms, save_seq);
CREATE TABLE bench_files (
  bench_id TEXT NOT NULL REFERENCES benches(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  path TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  PRIMARY KEY (bench_id, position)
);
ALTER TABLE runs ADD COLUMN final_answer TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN tool_chain TEXT NOT NULL DEFAULT '';
CREATE INDEX runs_by_test ON runs(test_key, agent);
)sql"},
      // Judge calibrations (src/calibrate, store/calibration_store.h): self-contained, nothing else refers to them.
      {6, "judge calibrations: one row per calibration and one per judge, looked up by judge key",
       R"sql(
CREATE TABLE IF NOT EXISTS calibrations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  items INTEGER NOT NULL,
  repetitions INTEGER NOT NULL,
  labeller_kappa REAL,
  result_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS calibration_judges (
  calibration_id TEXT NOT NULL,
  judge_key TEXT NOT NULL,
  judge_name TEXT NOT NULL,
  kappa REAL NOT NULL,
  kappa_low REAL NOT NULL,
  kappa_high REAL NOT NULL,
  agreement REAL NOT NULL,
  bias REAL NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (calibration_id, judge_name)
);
CREATE INDEX IF NOT EXISTS calibration_judges_by_key ON calibration_judges(judge_key, created_ms);
)sql"},
  };
  return kSteps;
}

int CurrentSchemaVersion() { return Migrations().back().version; }

namespace {

constexpr const char* kCreateVersionTable = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);";

Result<int> ReadVersion(Db& db) {
  Result<Rows> rows = db.Query("SELECT MAX(version) FROM schema_version");
  if (!rows) return rows.error();
  return rows->empty() || rows->front().IsNull(0) ? 0 : static_cast<int>(rows->front().Int(0));
}

Error TooNew(int version) {
  return Error(ErrorCode::kConfig, "history database schema version " + std::to_string(version) +
                                       " is newer than this agent-bench supports (" +
                                       std::to_string(CurrentSchemaVersion()) + "); upgrade agent-bench");
}

const char* StepSql(const Migration& step, Dialect dialect) {
  return dialect == Dialect::kPostgres && step.postgres_sql ? step.postgres_sql : step.sql;
}

}  // namespace

Result<int> SchemaVersion(Db& db) {
  if (Status s = db.ExecScript(kCreateVersionTable); !s) {
    return s.error();
  }
  return ReadVersion(db);
}

Status Migrate(Db& db) {
  // The common case, an up-to-date database, takes no write lock (a missing table just means a new database).
  if (Result<int> seen = ReadVersion(db); seen) {
    if (*seen == CurrentSchemaVersion()) return Status::Ok();
    if (*seen > CurrentSchemaVersion()) return TooNew(*seen);
  }
  while (true) {
    bool done = false;
    // The write lock serializes processes opening an old database at once: the second one sees the version the
    // first one wrote and has nothing left to do.
    Status s = InWriteTransaction(db, [&]() -> Status {
      Result<int> version = SchemaVersion(db);
      if (!version) return version.error();
      if (*version > CurrentSchemaVersion()) return TooNew(*version);
      if (*version == CurrentSchemaVersion()) {
        done = true;
        return Status::Ok();
      }
      for (const Migration& step : Migrations()) {
        if (step.version <= *version) continue;
        Status applied = db.ExecScript(StepSql(step, db.dialect()));
        if (applied) applied = db.Exec("DELETE FROM schema_version");
        if (applied) applied = db.Exec("INSERT INTO schema_version(version) VALUES (?1)", Params().Add(step.version));
        if (!applied) {
          return Error(ErrorCode::kIo, "migrating the history database to version " + std::to_string(step.version) +
                                           " (" + step.summary + "): " + applied.error().message);
        }
        return Status::Ok();  // one step per transaction
      }
      return Status::Ok();
    });
    if (!s) return s;
    if (done) return Status::Ok();
  }
}

}  // namespace ab::store
