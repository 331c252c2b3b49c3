// The results history: every bench is saved with its runs (and each run's transcript, for `serve`) so later
// benches can be listed and compared. One implementation runs on SQLite (the default, one file, no server) and on
// PostgreSQL (a history shared by a team) through the SQL layer of store/db.h; callers only ever see this header. A
// Store object is not thread-safe: use one per thread (the database arbitrates between processes).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "store/model.h"

namespace ab::store {

class Store {
 public:
  virtual ~Store() = default;

  /// Saves |bench| in one transaction; a bench with the same id is replaced whole (used by `merge`).
  [[nodiscard]] virtual Status SaveBench(const StoredBench& bench) = 0;
  /// Headline figures of matching benches, newest first (by started_ms, then by save order).
  [[nodiscard]] virtual Result<std::vector<BenchInfo>> ListBenches(const BenchFilter& filter) = 0;
  /// One bench with its runs in save order; kNotFound for an unknown id.
  [[nodiscard]] virtual Result<StoredBench> LoadBench(std::string_view id) = 0;
  /// Points |tag| (e.g. "baseline") at bench |id|, moving it from any other bench; kNotFound for an unknown id.
  [[nodiscard]] virtual Status Tag(std::string_view id, std::string_view tag) = 0;
  /// A bench id from "latest" (the newest bench), a tag, an exact id or an unambiguous id prefix.
  [[nodiscard]] virtual Result<std::string> Resolve(std::string_view ref) = 0;
  /// The transcript saved for |run| (by its bench_id, run_id, test_key and agent); empty when none was saved or
  /// the saved text is not JSON.
  [[nodiscard]] virtual Result<std::optional<Json>> LoadTranscript(const RunRecord& run) = 0;
  /// The verdicts of every test × agent in the newest |filter.runs| saved runs (plain runs by default), oldest
  /// first, with their flips counted (CountFlips); the most often changing first, then by test key and agent.
  [[nodiscard]] virtual Result<std::vector<TestFlips>> FlipRates(const FlipFilter& filter) = 0;
};

/// Where the history lives when --store is not given: ".agent-bench/history.db" in the working directory.
std::string DefaultStorePath();

class Db;

/// True for a postgresql:// or postgres:// URL.
bool IsPostgresUrl(std::string_view location);
/// |location| safe to print: a PostgreSQL URL's password (user:PASSWORD@ or ?password=) becomes "***".
std::string RedactStoreLocation(std::string_view location);

/// Opens the history at |location|: a PostgreSQL URL, else a SQLite file path (empty = DefaultStorePath()).
Result<std::unique_ptr<Store>> OpenStore(const std::string& location);

/// Opens (creating the file and its directories if needed) a SQLite history at |path| and migrates its schema to
/// the current version. kConfig when the file was written by a newer agent-bench; kIo when it cannot be opened.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

/// Connects to a PostgreSQL history (libpq URL syntax) and migrates its schema. kUnavailable when the server
/// cannot be reached, kConfig for a newer schema. Errors never contain the password.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url);

/// Brings |db| to the current schema (the history's tables and those of `serve`), as opening a store does.
[[nodiscard]] Status MigrateSchema(Db& db);

/// A Store over an already open database (migrated here): how tests and other backends reuse the store logic.
Result<std::unique_ptr<Store>> OpenStoreOnDb(std::unique_ptr<Db> db);

}  // namespace ab::store
