// The tables `serve` keeps in the history database (fixtures, which fixture a bench ran, job snapshots), so a
// team's PostgreSQL history shares them too. They belong to the history's schema (store/migrations.cc, version
// 4); all SQL goes through the store's portable layer (store/db.h). Run transcripts are the store's own
// (store::Store::LoadTranscript). One connection guarded by a mutex: thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "base/result.h"
#include "store/db.h"

namespace ab::serve {

class ServeDb {
 public:
  /// Opens |location| (a SQLite path or a postgresql:// URL) and brings its schema up to date.
  static Result<std::shared_ptr<ServeDb>> Open(const std::string& location);
  /// Wraps an open database (tests); brings its schema up to date.
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
