// The tiny SQL layer every store query goes through, so the store logic runs unchanged on SQLite (one file, no
// server) and PostgreSQL (a shared team history). Store code writes SQLite-flavoured SQL with numbered
// parameters (?1, ?2 ...; a bare ? takes the next number) and portable constructs only:
//   - INSERT ... ON CONFLICT(col) DO UPDATE SET x = excluded.x for upserts;
//   - INSERT ... RETURNING id to get a generated id (no last-insert-rowid);
//   - DDL with the types TEXT, INTEGER (64-bit everywhere), REAL (double everywhere) and
//     INTEGER PRIMARY KEY AUTOINCREMENT for generated ids;
//   - no rowid, no PRAGMA, no backend-specific functions (substr, length, lower, COALESCE, MAX are fine).
// The PostgreSQL backend translates once, in TranslateForPostgres: ?N to $N, INTEGER to BIGINT, REAL to
// DOUBLE PRECISION, AUTOINCREMENT keys to identity columns. Parameters are typed by their C++ value.
// A Db is one connection and is not thread-safe: use one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/result.h"

namespace ab::store {

enum class Dialect { kSqlite, kPostgres };

/// A bound parameter or a column value. PostgreSQL values arrive as text and are converted on access.
using Value = std::variant<std::nullptr_t, int64_t, double, std::string>;

/// Builds the parameter list of one statement: Params{}.Add("x").Add(int64_t{3}).Add(std::optional<double>{}).
class Params {
 public:
  Params() = default;
  Params& Add(std::string_view text) {
    values_.emplace_back(std::string(text));
    return *this;
  }
  Params& Add(const char* text) { return Add(std::string_view(text)); }
  Params& Add(const std::string& text) { return Add(std::string_view(text)); }
  Params& Add(int64_t value) {
    values_.emplace_back(value);
    return *this;
  }
  Params& Add(int value) { return Add(static_cast<int64_t>(value)); }
  Params& Add(double value) {
    values_.emplace_back(value);
    return *this;
  }
  Params& Add(const std::optional<double>& value) {
    if (value) return Add(*value);
    values_.emplace_back(nullptr);
    return *this;
  }
  Params& AddNull() {
    values_.emplace_back(nullptr);
    return *this;
  }
  const std::vector<Value>& values() const { return values_; }

 private:
  std::vector<Value> values_;
};

/// One result row; column indexes are 0-based. Accessors convert (a NULL reads as "" / 0).
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool IsNull(size_t column) const;
  std::string Text(size_t column) const;
  int64_t Int(size_t column) const;
  double Double(size_t column) const;
  std::optional<double> OptionalDouble(size_t column) const;  ///< empty for NULL

 private:
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;

class Db {
 public:
  virtual ~Db() = default;
  virtual Dialect dialect() const = 0;

  /// Runs one statement that returns no rows (INSERT, UPDATE, DELETE, DDL).
  [[nodiscard]] virtual Status Exec(std::string_view sql, const Params& params = {}) = 0;
  /// Runs one statement and returns all its rows (SELECT, or INSERT ... RETURNING).
  [[nodiscard]] virtual Result<Rows> Query(std::string_view sql, const Params& params = {}) = 0;
  /// Runs several ;-separated statements without parameters (migration steps).
  [[nodiscard]] virtual Status ExecScript(std::string_view sql) = 0;

  /// Starts a write transaction that excludes every other writer of the same database until Commit/Rollback
  /// (SQLite: BEGIN IMMEDIATE; PostgreSQL: BEGIN plus a transaction-scoped advisory lock). Readers are never
  /// blocked. Concurrent writers wait (up to a timeout) instead of failing.
  [[nodiscard]] virtual Status BeginWrite() = 0;
  [[nodiscard]] virtual Status Commit() = 0;
  /// Never fails loudly: used on error paths.
  virtual void Rollback() = 0;
};

/// Runs |work| inside BeginWrite/Commit; rolls back when it (or the commit) fails.
template <typename F>
[[nodiscard]] Status InWriteTransaction(Db& db, F&& work) {
  if (Status s = db.BeginWrite(); !s) return s;
  Status s = work();
  if (!s) {
    db.Rollback();
    return s;
  }
  if (Status c = db.Commit(); !c) {
    db.Rollback();
    return c;
  }
  return Status::Ok();
}

/// The first column of the first row as text, or nullopt when there is no row.
Result<std::optional<std::string>> QueryOneText(Db& db, std::string_view sql, const Params& params = {});

/// SQLite-flavoured store SQL rewritten for PostgreSQL (see the top of this file). Quoted text is left alone.
std::string TranslateForPostgres(std::string_view sql);

/// Opens or creates a SQLite database file (":memory:" works) with foreign keys on and a busy timeout.
Result<std::unique_ptr<Db>> OpenSqliteDb(const std::string& path, int busy_timeout_ms = 5000);

/// Connects to PostgreSQL from a postgresql:// or postgres:// URL (libpq syntax). Error messages never contain
/// the URL's password. kUnavailable when the server cannot be reached.
Result<std::unique_ptr<Db>> OpenPostgresDb(const std::string& url);

}  // namespace ab::store
