// The FixtureStore over the history database (serve_db.h): every version is one row of serve_fixtures, added in
// a write transaction so two editors of one fixture get consecutive versions, never the same one.
#include "base/json_parse.h"
#include "base/time.h"
#include "serve/fixtures.h"
#include "serve/serve_db.h"

namespace ab::serve {
namespace {

using store::Db;
using store::Params;
using store::Row;
using store::Rows;

constexpr const char* kColumns = "name, version, hash, description, variants_json, created_ms";

FixtureVersion ReadRow(const Row& r) {
  FixtureVersion v;
  v.name = r.Text(0);
  v.version = static_cast<int>(r.Int(1));
  v.hash = r.Text(2);
  v.description = r.Text(3);
  v.variants = ParseJsonOrDiscarded(r.Text(4), kStoredJsonLimits);
  if (v.variants.is_discarded()) v.variants = Json::array();
  v.created_ms = r.Int(5);
  return v;
}

Error NotFound(std::string_view name) { return Error(ErrorCode::kNotFound, "no fixture '" + std::string(name) + "'"); }

class DbFixtureStore final : public FixtureStore {
 public:
  explicit DbFixtureStore(std::shared_ptr<ServeDb> db) : db_(std::move(db)) {}

  Result<std::vector<FixtureVersion>> List() override {
    return db_->With([&](Db& db) -> Result<std::vector<FixtureVersion>> {
      Result<Rows> rows = db.Query(std::string("SELECT ") + kColumns +
                                   " FROM serve_fixtures f WHERE version = (SELECT MAX(version) FROM serve_fixtures g "
                                   "WHERE g.name = f.name) ORDER BY name");
      if (!rows) return rows.error();
      std::vector<FixtureVersion> out;
      for (const Row& r : *rows) out.push_back(ReadRow(r));
      return out;
    });
  }

  Result<std::vector<FixtureVersion>> Versions(std::string_view name) override {
    return db_->With([&](Db& db) { return VersionsOn(db, name); });
  }

  Result<FixtureVersion> Put(std::string_view name, const std::string& description, const Json& variants,
                             bool must_be_new) override {
    return db_->With([&](Db& db) -> Result<FixtureVersion> {
      FixtureVersion out;
      Status s = store::InWriteTransaction(db, [&]() -> Status {
        Result<std::vector<FixtureVersion>> have = VersionsOn(db, name);
        bool exists = static_cast<bool>(have);
        if (!have && have.error().code != ErrorCode::kNotFound) return have.error();
        if (must_be_new && exists)
          return Error(ErrorCode::kUnsupported,
                       "fixture '" + std::string(name) + "' already exists; PUT a new version");
        if (!must_be_new && !exists) return NotFound(name);
        out.name = std::string(name);
        out.variants = variants;
        out.hash = ContentHash(variants);
        out.description = description;
        out.version = 1;
        if (exists) {
          const FixtureVersion& latest = have->back();
          if (latest.hash == out.hash && latest.description == description) {
            out = latest;  // nothing changed: no new version
            return Status::Ok();
          }
          out.version = latest.version + 1;
        }
        out.created_ms = NowMs();
        return db.Exec(
            "INSERT INTO serve_fixtures(name, version, hash, description, variants_json, created_ms) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            Params()
                .Add(out.name)
                .Add(out.version)
                .Add(out.hash)
                .Add(out.description)
                .Add(variants.dump(-1, ' ', false, Json::error_handler_t::replace))
                .Add(out.created_ms));
      });
      if (!s) return s.error();
      return out;
    });
  }

  Status Delete(std::string_view name) override {
    return db_->With([&](Db& db) -> Status {
      Result<std::optional<std::string>> any =
          store::QueryOneText(db, "SELECT name FROM serve_fixtures WHERE name = ?1", Params().Add(name));
      if (!any) return any.error();
      if (!*any) return NotFound(name);
      return db.Exec("DELETE FROM serve_fixtures WHERE name = ?1", Params().Add(name));
    });
  }

  Status RecordBench(std::string_view bench_id, const FixtureRef& ref) override {
    return db_->With([&](Db& db) {
      return db.Exec(
          "INSERT INTO serve_bench_fixtures(bench_id, name, version, hash) VALUES (?1, ?2, ?3, ?4) "
          "ON CONFLICT(bench_id) DO UPDATE SET name = excluded.name, version = excluded.version, "
          "hash = excluded.hash",
          Params().Add(bench_id).Add(ref.name).Add(ref.version).Add(ref.hash));
    });
  }

  Result<std::optional<FixtureRef>> BenchFixture(std::string_view bench_id) override {
    return db_->With([&](Db& db) -> Result<std::optional<FixtureRef>> {
      Result<Rows> rows =
          db.Query("SELECT name, version, hash FROM serve_bench_fixtures WHERE bench_id = ?1", Params().Add(bench_id));
      if (!rows) return rows.error();
      if (rows->empty()) return std::optional<FixtureRef>();
      const Row& r = rows->front();
      return std::optional<FixtureRef>(FixtureRef{r.Text(0), static_cast<int>(r.Int(1)), r.Text(2)});
    });
  }

 private:
  static Result<std::vector<FixtureVersion>> VersionsOn(Db& db, std::string_view name) {
    Result<Rows> rows =
        db.Query(std::string("SELECT ") + kColumns + " FROM serve_fixtures WHERE name = ?1 ORDER BY version",
                 Params().Add(name));
    if (!rows) return rows.error();
    if (rows->empty()) return NotFound(name);
    std::vector<FixtureVersion> out;
    for (const Row& r : *rows) out.push_back(ReadRow(r));
    return out;
  }

  std::shared_ptr<ServeDb> db_;
};

}  // namespace

std::unique_ptr<FixtureStore> MakeDbFixtureStore(std::shared_ptr<ServeDb> db) {
  return std::make_unique<DbFixtureStore>(std::move(db));
}

}  // namespace ab::serve
