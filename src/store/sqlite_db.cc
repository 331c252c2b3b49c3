// The SQLite backend of the SQL layer: one connection, each statement prepared, bound, stepped to the end and
// finalized. Every SQLite error code becomes an ab::Error carrying sqlite3_errmsg.
#include <sqlite3.h>

#include "base/safe_file.h"
#include "store/db.h"

namespace ab::store {
namespace {

/// kUnavailable for a lock held by another process (worth retrying), kIo for everything else.
Error DbError(int rc, const std::string& why) {
  bool locked = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
  return Error(locked ? ErrorCode::kUnavailable : ErrorCode::kIo, "history database: " + why);
}

Error DbError(sqlite3* db) { return DbError(sqlite3_errcode(db), sqlite3_errmsg(db)); }

/// Owns a prepared statement.
struct Stmt {
  sqlite3_stmt* p = nullptr;
  Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() {
    if (p) sqlite3_finalize(p);
  }
};

class SqliteDb final : public Db {
 public:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  // close_v2 defers the close until every statement is finalized, so destruction order cannot leak or crash.
  ~SqliteDb() override { sqlite3_close_v2(db_); }

  Dialect dialect() const override { return Dialect::kSqlite; }

  Status Exec(std::string_view sql, const Params& params) override {
    Result<Rows> rows = Run(sql, params, /*keep_rows=*/false);
    if (!rows) return rows.error();
    return Status::Ok();
  }

  Result<Rows> Query(std::string_view sql, const Params& params) override { return Run(sql, params, true); }

  Status ExecScript(std::string_view sql) override {
    char* message = nullptr;
    std::string text(sql);
    if (int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message); rc != SQLITE_OK) {
      std::string why = message ? message : sqlite3_errmsg(db_);
      sqlite3_free(message);
      return DbError(rc, why);
    }
    return Status::Ok();
  }

  // IMMEDIATE takes the write lock up front: two writers serialize here (waiting up to the busy timeout) instead
  // of deadlocking when both try to upgrade a read lock later.
  Status BeginWrite() override { return ExecScript("BEGIN IMMEDIATE;"); }
  Status Commit() override { return ExecScript("COMMIT;"); }
  void Rollback() override {
    if (!sqlite3_get_autocommit(db_)) (void)ExecScript("ROLLBACK;");
  }

 private:
  Result<Rows> Run(std::string_view sql, const Params& params, bool keep_rows) {
    Stmt stmt;
    if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt.p, nullptr) != SQLITE_OK) {
      return DbError(db_);
    }
    if (!stmt.p) return Rows{};  // only whitespace or a comment
    const std::vector<Value>& values = params.values();
    if (static_cast<int>(values.size()) != sqlite3_bind_parameter_count(stmt.p)) {
      return Error(ErrorCode::kInternal, "history database: statement expects " +
                                             std::to_string(sqlite3_bind_parameter_count(stmt.p)) +
                                             " parameters, got " + std::to_string(values.size()));
    }
    for (size_t i = 0; i < values.size(); ++i) {
      int index = static_cast<int>(i) + 1;
      const Value& v = values[i];
      if (const auto* text = std::get_if<std::string>(&v)) {
        sqlite3_bind_text(stmt.p, index, text->data(), static_cast<int>(text->size()), SQLITE_TRANSIENT);
      } else if (const auto* n = std::get_if<int64_t>(&v)) {
        sqlite3_bind_int64(stmt.p, index, *n);
      } else if (const auto* d = std::get_if<double>(&v)) {
        sqlite3_bind_double(stmt.p, index, *d);
      } else {
        sqlite3_bind_null(stmt.p, index);
      }
    }
    Rows rows;
    while (true) {
      int rc = sqlite3_step(stmt.p);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return DbError(db_);
      if (!keep_rows) continue;
      int n = sqlite3_column_count(stmt.p);
      std::vector<Value> row;
      row.reserve(static_cast<size_t>(n));
      for (int c = 0; c < n; ++c) {
        switch (sqlite3_column_type(stmt.p, c)) {
          case SQLITE_NULL: row.emplace_back(nullptr); break;
          case SQLITE_INTEGER: row.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt.p, c))); break;
          case SQLITE_FLOAT: row.emplace_back(sqlite3_column_double(stmt.p, c)); break;
          default: {
            const unsigned char* p = sqlite3_column_text(stmt.p, c);
            row.emplace_back(
                std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt.p, c))));
          }
        }
      }
      rows.emplace_back(std::move(row));
    }
    return rows;
  }

  sqlite3* db_;
};

}  // namespace

Result<std::unique_ptr<Db>> OpenSqliteDb(const std::string& path, int busy_timeout_ms) {
  // The history holds transcripts: a new file is born owner-only (SQLite gives its -wal and -shm files the same
  // permissions), and a symbolic link planted at the path is refused rather than written through.
  // SQLITE_OPEN_NOFOLLOW guards the database file only: its side files are checked here.
  if (path != ":memory:" && !path.empty() && path.rfind("file:", 0) != 0) {
    Status s = CreatePrivateFile(path, kPrivateFileMode);
    for (const char* side : {"-wal", "-shm", "-journal"})
      if (s) s = RefuseSymlink(path + side);
    if (!s) return Error(ErrorCode::kIo, "cannot open history database: " + s.error().message);
  }
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, nullptr);
  auto db = std::make_unique<SqliteDb>(raw);  // owns the handle even on failure: sqlite3_open_v2 allocates one
  if (rc != SQLITE_OK) {
    return Error(ErrorCode::kIo,
                 "cannot open history database '" + path + "': " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  if (Status s = db->ExecScript("PRAGMA foreign_keys = ON;"); !s) return s.error();
  return std::unique_ptr<Db>(std::move(db));
}

}  // namespace ab::store
