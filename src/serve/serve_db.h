// The tables `serve` adds to the history database (fixtures, which fixture a bench ran, run transcripts), kept
// in the same database as the benches so a team's PostgreSQL history shares them too. All SQL goes through the
// store's portable layer (store/db.h); the tables are created on first use (CREATE TABLE IF NOT EXISTS) and are
// named serve_* so they never clash with the store's own migrations.
// One connection guarded by a mutex: thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "base/result.h"
#include "store/db.h"

namespace ab::serve {

class ServeDb {
 public:
  /// Opens |location| (a SQLite path or a postgresql:// URL) and creates the serve tables if needed.
  static Result<std::shared_ptr<ServeDb>> Open(const std::string& location);
  /// Wraps an open database (tests); creates the serve tables if needed.
  static Result<std::shared_ptr<ServeDb>> OnDb(std::unique_ptr<store::Db> db);

  /// Runs |work(db)| holding the connection.
  template <typename F>
  auto With(F&& work) {
    std::lock_guard<std::mutex> lock(mu_);
    return work(*db_);
  }

 private:
  explicit ServeDb(std::unique_ptr<store::Db> db) : db_(std::move(db)) {}
  std::mutex mu_;
  std::unique_ptr<store::Db> db_;
};

}  // namespace ab::serve
