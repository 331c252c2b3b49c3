#include "store/sqlite_db.h"

#include <sqlite3.h>

namespace ab::store {

Result<Db> Db::Open(const std::string& path, int busy_timeout_ms) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Db db(raw);  // owns the handle even when opening failed: sqlite3_open_v2 allocates one anyway
  if (rc != SQLITE_OK) {
    return Error(ErrorCode::kIo, "cannot open history database '" + path + "': " +
                                     (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  if (Status s = db.Exec("PRAGMA foreign_keys = ON;"); !s) return s.error();
  return db;
}

Db& Db::operator=(Db&& other) noexcept {
  if (this != &other) {
    if (db_) sqlite3_close_v2(db_);
    db_ = other.db_;
    other.db_ = nullptr;
  }
  return *this;
}

Db::~Db() {
  // close_v2 defers the close until every statement is finalized, so destruction order cannot leak or crash.
  if (db_) sqlite3_close_v2(db_);
}

Status Db::Exec(std::string_view sql) {
  char* message = nullptr;
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string why = message ? message : LastError();
    sqlite3_free(message);
    return Error(ErrorCode::kIo, "history database: " + why);
  }
  return Status::Ok();
}

Result<Statement> Db::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
    return Error(ErrorCode::kIo, "history database: " + LastError());
  }
  return Statement(db_, stmt);
}

std::string Db::LastError() const { return db_ ? sqlite3_errmsg(db_) : "no connection"; }

int64_t Db::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

Statement::~Statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, const std::optional<double>& value) {
  if (value) return Bind(index, *value);
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Error(ErrorCode::kIo, std::string("history database: ") + sqlite3_errmsg(db_));
}

Status Statement::Run() {
  Result<bool> r = Step();
  if (!r) return r.error();
  return Status::Ok();
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::Text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_, column);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::Double(int column) const { return sqlite3_column_double(stmt_, column); }

std::optional<double> Statement::OptionalDouble(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return Double(column);
}

}  // namespace ab::store
