#include "serve/serve_db.h"

#include "store/store.h"

namespace ab::serve {

Result<std::shared_ptr<ServeDb>> ServeDb::OnDb(std::unique_ptr<store::Db> db) {
  // The serve tables are part of the history's schema (store/migrations.cc, version 4).
  if (Status s = store::MigrateSchema(*db); !s) return s.error();
  return std::shared_ptr<ServeDb>(new ServeDb(std::move(db)));
}

Result<std::shared_ptr<ServeDb>> ServeDb::Open(const std::string& location) {
  Result<std::unique_ptr<store::Db>> db =
      store::IsPostgresUrl(location) ? store::OpenPostgresDb(location) : store::OpenSqliteDb(location);
  if (!db) return db.error();
  return OnDb(std::move(*db));
}

}  // namespace ab::serve
