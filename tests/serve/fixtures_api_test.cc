// /api/v1/fixtures: versions, content hashes, validation, deletion, and a bench recording which version it ran.
#include "serve/fixtures.h"
#include "serve_test_util.h"

namespace ab::serve::testing {
namespace {

const Json kVariants = Json::array(
    {{{"name", "cats"}, {"variables", {{"topic", "cats"}}}}, {{"name", "owls"}, {"variables", {{"topic", "owls"}}}}});

TEST_CASE("editing a fixture creates a new version with a new hash and keeps the old ones") {
  ServeEnv env(false);
  Json v1 =
      env.Send("POST", "/api/v1/fixtures", {{"name", "topics"}, {"description", "two"}, {"variants", kVariants}}, 201);
  CHECK(v1["version"] == 1);
  std::string h1 = v1["hash"];
  CHECK(h1.rfind("sha256:", 0) == 0);
  CHECK(h1.size() == 7 + 64);

  Json dup = env.Send("POST", "/api/v1/fixtures", {{"name", "topics"}, {"variants", kVariants}}, 409);
  CHECK(dup["error"]["message"].get<std::string>().find("already exists") != std::string::npos);

  Json same = env.Send("PUT", "/api/v1/fixtures/topics", {{"description", "two"}, {"variants", kVariants}}, 200);
  CHECK(same["version"] == 1);  // unchanged content: no new version

  Json changed = kVariants;
  changed[1]["variables"]["topic"] = "dogs";
  Json v2 = env.Send("PUT", "/api/v1/fixtures/topics", {{"description", "two"}, {"variants", changed}}, 200);
  CHECK(v2["version"] == 2);
  CHECK(v2["hash"] != h1);

  Json latest = env.Get("/api/v1/fixtures/topics");
  CHECK(latest["version"] == 2);
  CHECK(latest["variants"][1]["variables"]["topic"] == "dogs");
  REQUIRE(latest["versions"].size() == 2);
  CHECK(latest["versions"][0]["hash"] == h1);
  Json old = env.Get("/api/v1/fixtures/topics/versions/1");
  CHECK(old["variants"][1]["variables"]["topic"] == "owls");
  CHECK(env.Get("/api/v1/fixtures/topics/versions/3", 404)["error"]["status"] == 404);

  Json list = env.Get("/api/v1/fixtures");
  REQUIRE(list["fixtures"].size() == 1);
  CHECK(list["fixtures"][0]["version"] == 2);

  auto del = env.client->Delete("/api/v1/fixtures/topics", {{"Content-Type", "application/json"}});
  REQUIRE(del);
  CHECK(del->status == 204);
  env.Get("/api/v1/fixtures/topics", 404);
  env.Send("PUT", "/api/v1/fixtures/topics", {{"variants", kVariants}}, 404);
}

TEST_CASE("the same variants always hash the same whatever the key order") {
  Json a = Json::parse(R"([{"name":"x","variables":{"b":"2","a":"1"}}])");
  Json b = Json::parse(R"([{"variables":{"a":"1","b":"2"},"name":"x"}])");
  CHECK(ContentHash(*NormalizeVariants(a)) == ContentHash(*NormalizeVariants(b)));
  Json c = Json::parse(R"([{"name":"x","variables":{"a":"1","b":"3"}}])");
  CHECK(ContentHash(*NormalizeVariants(a)) != ContentHash(*NormalizeVariants(c)));
}

TEST_CASE("bad fixtures are 400 errors naming the field") {
  ServeEnv env(false);
  CHECK(env.Send("POST", "/api/v1/fixtures", {{"variants", kVariants}}, 400)["error"]["field"] == "name");
  CHECK(env.Send("POST", "/api/v1/fixtures", {{"name", "a b"}, {"variants", kVariants}}, 400)["error"]["field"] ==
        "name");
  CHECK(env.Send("POST", "/api/v1/fixtures", {{"name", "x"}, {"variants", Json::array()}}, 400)["error"]["field"] ==
        "variants");
  Json dup = Json::array({{{"name", "a"}}, {{"name", "a"}}});
  CHECK(env.Send("POST", "/api/v1/fixtures", {{"name", "x"}, {"variants", dup}}, 400)["error"]["field"] ==
        "variants[1].name");
  Json nested = Json::array({{{"name", "a"}, {"variables", {{"k", {1, 2}}}}}});
  CHECK(env.Send("POST", "/api/v1/fixtures", {{"name", "x"}, {"variants", nested}}, 400)["error"]["field"] ==
        "variants[0].variables.k");
  Json typo = env.Send("POST", "/api/v1/fixtures", {{"name", "x"}, {"variant", kVariants}}, 400);
  CHECK(typo["error"]["field"] == "variant");
  CHECK(typo["error"]["message"].get<std::string>().find("did you mean 'variants'") != std::string::npos);
}

}  // namespace
}  // namespace ab::serve::testing
