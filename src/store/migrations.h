// Internal to the store: the schema as an ordered list of migration steps, shared by SQLite and PostgreSQL. A
// database records the version it reached in the one-row table schema_version; opening it applies the missing
// steps, each in its own write transaction, so an interrupted upgrade leaves the database at a consistent older
// version and two processes upgrading at once serialize. Steps are append-only: never edit a released step, add
// a new one. Steps are written in the portable SQL of store/db.h; a step that cannot be (it needs rowid, say)
// gives PostgreSQL its own text.
#pragma once

#include <vector>

#include "base/result.h"
#include "store/db.h"

namespace ab::store {

struct Migration {
  int version;                         ///< the schema version reached after this step (1, 2, ...)
  const char* summary;                 ///< what changed, for the docs and error messages
  const char* sql;                     ///< portable SQL (store/db.h), translated for PostgreSQL by the Db
  const char* postgres_sql = nullptr;  ///< replaces |sql| on PostgreSQL when set (still portable SQL)
};

/// Every step in order; the last one's version is the current schema version.
const std::vector<Migration>& Migrations();
int CurrentSchemaVersion();

/// The version recorded in |db| (creating the empty schema_version table if missing); 0 for a new database.
Result<int> SchemaVersion(Db& db);
/// Applies the steps after SchemaVersion(db). kConfig when the database is newer than this build knows.
[[nodiscard]] Status Migrate(Db& db);

}  // namespace ab::store
