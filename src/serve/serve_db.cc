#include "serve/serve_db.h"

#include "store/store.h"

namespace ab::serve {
namespace {

constexpr const char* kSchema = R"sql(
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
)sql";

}  // namespace

Result<std::shared_ptr<ServeDb>> ServeDb::OnDb(std::unique_ptr<store::Db> db) {
  // Two servers starting at once on one database must not both create the tables: take the write lock.
  Status s = store::InWriteTransaction(*db, [&] { return db->ExecScript(kSchema); });
  if (!s) return s.error();
  return std::shared_ptr<ServeDb>(new ServeDb(std::move(db)));
}

Result<std::shared_ptr<ServeDb>> ServeDb::Open(const std::string& location) {
  Result<std::unique_ptr<store::Db>> db =
      store::IsPostgresUrl(location) ? store::OpenPostgresDb(location) : store::OpenSqliteDb(location);
  if (!db) return db.error();
  return OnDb(std::move(*db));
}

}  // namespace ab::serve
