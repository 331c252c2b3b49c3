// Internal to the store: a thin RAII layer over the SQLite C API (one connection, prepared statements with
// typed binds) that turns every SQLite error code into an ab::Error carrying sqlite3_errmsg.
// Not thread-safe: a Db and its Statements belong to one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace ab::store {

class Statement;

/// One open SQLite connection; closed by the destructor.
class Db {
 public:
  /// Opens or creates |path| (":memory:" works), with foreign keys on and a busy timeout so concurrent writers
  /// (two shards saving at once) wait instead of failing with SQLITE_BUSY.
  static Result<Db> Open(const std::string& path, int busy_timeout_ms = 5000);

  Db(Db&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Db& operator=(Db&& other) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  /// Runs one or more statements that return no rows.
  [[nodiscard]] Status Exec(std::string_view sql);
  /// Compiles |sql|; the statement must not outlive this Db.
  [[nodiscard]] Result<Statement> Prepare(std::string_view sql);
  /// The last error text of this connection, for messages.
  std::string LastError() const;
  int64_t LastInsertRowId() const;

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

/// A prepared statement. Bind indexes are 1-based, column indexes 0-based, as in SQLite.
class Statement {
 public:
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& Bind(int index, const std::optional<double>& value);  ///< NULL when empty

  /// Advances: true with a row to read, false when done; an error for anything else.
  [[nodiscard]] Result<bool> Step();
  /// Step() expecting no row (INSERT, UPDATE ...).
  [[nodiscard]] Status Run();
  /// Clears bindings and rewinds, to reuse the statement for the next row.
  void Reset();

  std::string Text(int column) const;
  int64_t Int(int column) const;
  double Double(int column) const;
  std::optional<double> OptionalDouble(int column) const;  ///< empty for NULL

 private:
  friend class Db;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

}  // namespace ab::store
