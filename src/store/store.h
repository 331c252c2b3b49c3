// The results history: every bench is saved with its runs so later benches can be listed and compared. Store is
// an interface so the SQLite implementation (the default, one file, no server) can be joined by a PostgreSQL one
// for teams sharing a history; callers only ever see this header.
// A Store object is not thread-safe: use one per thread (SQLite itself arbitrates between processes).
#pragma once

#include <memory>
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
};

/// Where the history lives when --store is not given: ".agent-bench/history.db" in the working directory.
std::string DefaultStorePath();

/// Opens (creating the file and its directories if needed) a SQLite history at |path| and migrates its schema to
/// the current version. kConfig when the file was written by a newer agent-bench; kIo when it cannot be opened.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace ab::store
