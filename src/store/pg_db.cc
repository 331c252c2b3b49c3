// The PostgreSQL backend of the SQL layer, over libpq (PostgreSQL's official C client library). Statements are
// translated once (TranslateForPostgres) and sent with PQexecParams: parameters typed by their C++ value (text,
// int8, float8), results in text format converted by column type. Errors never carry the connection URL.
#include <cstdio>
#include <string>

#include "base/redact.h"
#include "store/db.h"
#include "store/libpq_api.h"
#include "store/store.h"

namespace ab::store {
namespace {

/// libpq's functions; OpenPostgresDb loads them before any connection exists.
const LibPq& Pq() { return **LoadLibPq(); }

// Type OIDs from PostgreSQL's pg_type.h (stable across releases).
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kTextOid = 25, kFloat4Oid = 700,
              kFloat8Oid = 701, kNumericOid = 1700;
// The advisory lock every writer of one history takes (the bytes of "abhi", and the schema the history lives
// in): one writer at a time per history, histories in other schemas of the same database do not wait.
constexpr const char* kWriteLockSql = "SELECT pg_advisory_xact_lock(1633839209, hashtext(current_schema()))";

/// Owns a PGresult.
struct ResultPtr {
  PGresult* p;
  explicit ResultPtr(PGresult* r) : p(r) {}
  ResultPtr(const ResultPtr&) = delete;
  ResultPtr& operator=(const ResultPtr&) = delete;
  ~ResultPtr() { Pq().PQclear(p); }
};

/// libpq's multi-line message on one line.
std::string Trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n') {
      out += text[i];
      continue;
    }
    out += ' ';
    while (i + 1 < text.size() && (text[i + 1] == '\t' || text[i + 1] == ' ')) ++i;
  }
  return out;
}

std::string FormatDouble(double d) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

Value ReadValue(const PGresult* r, int row, int col) {
  if (Pq().PQgetisnull(r, row, col)) return nullptr;
  std::string text(Pq().PQgetvalue(r, row, col), static_cast<size_t>(Pq().PQgetlength(r, row, col)));
  switch (Pq().PQftype(r, col)) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid: return static_cast<int64_t>(std::stoll(text));
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid: return std::strtod(text.c_str(), nullptr);
    case kBoolOid: return static_cast<int64_t>(text == "t" ? 1 : 0);
    default: return text;
  }
}

class PgDb final : public Db {
 public:
  explicit PgDb(PGconn* conn) : conn_(conn) {}
  PgDb(const PgDb&) = delete;
  PgDb& operator=(const PgDb&) = delete;
  ~PgDb() override { Pq().PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::kPostgres; }

  Status Exec(std::string_view sql, const Params& params) override {
    Result<Rows> rows = Run(sql, params);
    if (!rows) return rows.error();
    return Status::Ok();
  }

  Result<Rows> Query(std::string_view sql, const Params& params) override { return Run(sql, params); }

  Status ExecScript(std::string_view sql) override {
    ResultPtr r(Pq().PQexec(conn_, TranslateForPostgres(sql).c_str()));
    return Check(r.p);
  }

  Status BeginWrite() override {
    if (Status s = ExecRaw("BEGIN"); !s) return s;
    if (Status s = ExecRaw(kWriteLockSql); !s) {
      Rollback();
      return s;
    }
    return Status::Ok();
  }
  Status Commit() override { return ExecRaw("COMMIT"); }
  void Rollback() override {
    if (Pq().PQtransactionStatus(conn_) != PQTRANS_IDLE) (void)ExecRaw("ROLLBACK");
  }

 private:
  Status ExecRaw(const char* sql) {
    ResultPtr r(Pq().PQexec(conn_, sql));
    return Check(r.p);
  }

  Status Check(const PGresult* r) const {
    ExecStatusType st = Pq().PQresultStatus(r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return Status::Ok();
    return Failure(r);
  }

  Error Failure(const PGresult* r) const {
    std::string why = r ? Pq().PQresultErrorMessage(r) : "";
    if (why.empty()) why = Pq().PQerrorMessage(conn_);
    ErrorCode code = Pq().PQstatus(conn_) == CONNECTION_BAD ? ErrorCode::kUnavailable : ErrorCode::kIo;
    return Error(code, "history database (PostgreSQL): " + Redact(Trim(why)));
  }

  Result<Rows> Run(std::string_view sql, const Params& params) {
    std::string text = TranslateForPostgres(sql);
    const std::vector<Value>& values = params.values();
    std::vector<std::string> storage(values.size());
    std::vector<const char*> pointers(values.size(), nullptr);
    std::vector<Oid> types(values.size(), 0);
    for (size_t i = 0; i < values.size(); ++i) {
      const Value& v = values[i];
      if (const auto* s = std::get_if<std::string>(&v)) {
        storage[i] = *s;
        types[i] = kTextOid;
      } else if (const auto* n = std::get_if<int64_t>(&v)) {
        storage[i] = std::to_string(*n);
        types[i] = kInt8Oid;
      } else if (const auto* d = std::get_if<double>(&v)) {
        storage[i] = FormatDouble(*d);
        types[i] = kFloat8Oid;
      } else {
        continue;  // NULL: no value, type inferred from the context
      }
      pointers[i] = storage[i].c_str();
    }
    ResultPtr r(Pq().PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()), types.data(), pointers.data(),
                                  nullptr, nullptr, /*resultFormat=text*/ 0));
    if (Status s = Check(r.p); !s) return s.error();
    Rows rows;
    int n_rows = Pq().PQntuples(r.p);
    int n_cols = Pq().PQnfields(r.p);
    rows.reserve(static_cast<size_t>(n_rows));
    for (int i = 0; i < n_rows; ++i) {
      std::vector<Value> row;
      row.reserve(static_cast<size_t>(n_cols));
      for (int c = 0; c < n_cols; ++c) row.push_back(ReadValue(r.p, i, c));
      rows.emplace_back(std::move(row));
    }
    return rows;
  }

  PGconn* conn_;
};

/// The password of a libpq URL (user:PASSWORD@host or ?password=), to keep it out of every message.
void RegisterUrlSecrets(const std::string& url) {
  PQconninfoOption* options = Pq().PQconninfoParse(url.c_str(), nullptr);
  if (!options) return;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    if (std::string_view(o->keyword) == "password" && o->val && *o->val) RegisterSecret(o->val);
  }
  Pq().PQconninfoFree(options);
}

}  // namespace

Result<std::unique_ptr<Db>> OpenPostgresDb(const std::string& url) {
  if (Result<const LibPq*> api = LoadLibPq(); !api) return api.error();
  RegisterUrlSecrets(url);
  std::string shown = RedactStoreLocation(url);
  // Keywords before dbname are defaults the URL can override: a bounded connect wait, a name in pg_stat_activity.
  const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {"10", "agent-bench", url.c_str(), nullptr};
  PGconn* conn = Pq().PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (!conn) return Error(ErrorCode::kUnavailable, "cannot connect to the PostgreSQL history " + shown);
  auto db = std::make_unique<PgDb>(conn);
  if (Pq().PQstatus(conn) != CONNECTION_OK) {
    std::string why = Trim(Pq().PQerrorMessage(conn));
    // libpq can echo parts of the connection string; the password never leaves this function.
    return Error(ErrorCode::kUnavailable, "cannot connect to the PostgreSQL history " + shown + ": " + Redact(why));
  }
  // NOTICEs (CREATE TABLE IF NOT EXISTS on an existing table ...) are noise for a CLI.
  Pq().PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  // A writer waits for another one's transaction, but not forever.
  if (Status s = db->ExecScript("SET lock_timeout = '60s'"); !s) return s.error();
  return std::unique_ptr<Db>(std::move(db));
}

}  // namespace ab::store
