// The same API over a PostgreSQL history (the `postgres` CTest fixture's server, or AB_TEST_PG_URL; skipped
// without one): benches, runs, compare and fixture versions go through the store's portable SQL layer.
#include "serve/fixtures.h"
#include "serve_test_util.h"
#include "store/pg_test_server.h"

namespace ab::serve::testing {
namespace {

TEST_CASE("PostgreSQL history with list filter get compare runs and fixture versions") {
  ServeOptions o;
  o.store_path = ab::testing::FreshPgSchemaUrl("serve_api");
  ServeEnv env(true, o);
  Json all = env.Get("/api/v1/benches");
  REQUIRE(all["benches"].size() == 3);
  CHECK(all["benches"][0]["id"] == "b-mar");
  CHECK(env.Get("/api/v1/benches?suite=alpha&provider=openai")["benches"].size() == 1);
  CHECK(env.Get("/api/v1/benches/b-jan")["runs"].size() == 4);
  CHECK(env.Get("/api/v1/runs?status=failed")["runs"][0]["id"] == "b-jan~2");
  CHECK(env.Get("/api/v1/runs/b-jan~2")["transcript"].is_null());
  CHECK(env.Get("/api/v1/compare?a=b-jan&b=b-feb")["configs"].size() == 2);
  env.Get("/api/v1/benches/nothing", 404);

  Json variants = Json::array({{{"name", "cats"}, {"variables", {{"topic", "cats"}}}}});
  Json v1 = env.Send("POST", "/api/v1/fixtures", {{"name", "pg"}, {"variants", variants}}, 201);
  variants[0]["variables"]["topic"] = "owls";
  Json v2 = env.Send("PUT", "/api/v1/fixtures/pg", {{"variants", variants}}, 200);
  CHECK(v2["version"] == 2);
  CHECK(v2["hash"] != v1["hash"]);
  CHECK(env.Get("/api/v1/fixtures/pg/versions/1")["variants"][0]["variables"]["topic"] == "cats");
  CHECK(env.Get("/api/v1/fixtures")["fixtures"][0]["version"] == 2);
}

}  // namespace
}  // namespace ab::serve::testing
