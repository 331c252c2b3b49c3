// Internal to the SQLite store: the schema as an ordered list of migration steps. A database records the
// version it reached in the one-row table schema_version; opening it applies the missing steps, each in its own
// transaction, so an interrupted upgrade leaves the file at a consistent older version. Steps are append-only:
// never edit a released step, add a new one.
#pragma once

#include <vector>

#include "base/result.h"
#include "store/sqlite_db.h"

namespace ab::store {

struct Migration {
  int version;          ///< the schema version reached after this step (1, 2, ...)
  const char* summary;  ///< what changed, for the docs and error messages
  const char* sql;
};

/// Every step in order; the last one's version is the current schema version.
const std::vector<Migration>& Migrations();
int CurrentSchemaVersion();

/// The version recorded in |db|; 0 for a new, empty database.
Result<int> SchemaVersion(Db& db);
/// Applies the steps after SchemaVersion(db). kConfig when the database is newer than this build knows.
[[nodiscard]] Status Migrate(Db& db);

}  // namespace ab::store
