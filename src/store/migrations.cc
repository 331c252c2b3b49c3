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
  };
  return kSteps;
}

int CurrentSchemaVersion() { return Migrations().back().version; }

Result<int> SchemaVersion(Db& db) {
  if (Status s = db.Exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);"); !s) {
    return s.error();
  }
  Result<Statement> q = db.Prepare("SELECT MAX(version) FROM schema_version;");
  if (!q) return q.error();
  Result<bool> row = q->Step();
  if (!row) return row.error();
  return *row ? static_cast<int>(q->Int(0)) : 0;
}

Status Migrate(Db& db) {
  Result<int> version = SchemaVersion(db);
  if (!version) return version.error();
  if (*version > CurrentSchemaVersion()) {
    return Error(ErrorCode::kConfig, "history database schema version " + std::to_string(*version) +
                                         " is newer than this agent-bench supports (" +
                                         std::to_string(CurrentSchemaVersion()) + "); upgrade agent-bench");
  }
  for (const Migration& step : Migrations()) {
    if (step.version <= *version) continue;
    // BEGIN IMMEDIATE takes the write lock up front, so two processes opening an old file at once serialize
    // here and the second one sees the version the first one wrote.
    if (Status s = db.Exec("BEGIN IMMEDIATE;"); !s) return s;
    Result<int> again = SchemaVersion(db);
    if (!again) {
      (void)db.Exec("ROLLBACK;");
      return again.error();
    }
    if (*again >= step.version) {
      if (Status s = db.Exec("COMMIT;"); !s) return s;
      continue;
    }
    Status s = db.Exec(step.sql);
    if (s) s = db.Exec("DELETE FROM schema_version; INSERT INTO schema_version(version) VALUES (" +
                       std::to_string(step.version) + ");");
    if (!s) {
      (void)db.Exec("ROLLBACK;");
      return Error(ErrorCode::kIo, "migrating the history database to version " + std::to_string(step.version) +
                                       " (" + step.summary + "): " + s.error().message);
    }
    if (Status c = db.Exec("COMMIT;"); !c) return c;
  }
  return Status::Ok();
}

}  // namespace ab::store
