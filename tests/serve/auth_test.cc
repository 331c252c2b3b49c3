// Who may talk to the server: loopback by default; any other address only with a bearer token, which every API
// request must then carry; requests addressed to a foreign host name are refused (DNS rebinding); writes must be
// JSON (so a cross-site form cannot post to the API).
#include "serve_test_util.h"

namespace ab::serve::testing {
namespace {

TEST_CASE("a non-loopback address is refused without a token") {
  std::string dir = MakeTempDir();
  Server server;
  ServeOptions o;
  o.store_path = dir + "/history.db";
  o.host = "0.0.0.0";
  o.port = 0;
  Status s = server.Start(o);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kInvalidArgument);
  CHECK(s.error().message.find("token") != std::string::npos);
  CHECK(IsLoopbackHost("127.0.0.1"));
  CHECK(IsLoopbackHost("localhost"));
  CHECK(IsLoopbackHost("::1"));
  CHECK_FALSE(IsLoopbackHost("0.0.0.0"));
  CHECK_FALSE(IsLoopbackHost("192.168.1.5"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("with a token every API request needs it but the UI files do not") {
  ServeOptions o;
  o.host = "0.0.0.0";
  o.token = "s3cret-token-value";
  ServeEnv env(true, o);
  auto none = env.client->Get("/api/v1/benches");
  REQUIRE(none);
  CHECK(none->status == 401);
  CHECK(none->get_header_value("WWW-Authenticate") == "Bearer");
  CHECK(none->body.find("s3cret") == std::string::npos);

  auto wrong = env.client->Get("/api/v1/benches", {{"Authorization", "Bearer s3cret-token-valuX"}});
  REQUIRE(wrong);
  CHECK(wrong->status == 401);
  auto prefix = env.client->Get("/api/v1/benches", {{"Authorization", "Bearer s3cret"}});
  REQUIRE(prefix);
  CHECK(prefix->status == 401);

  auto right = env.client->Get("/api/v1/benches", {{"Authorization", "Bearer s3cret-token-value"}});
  REQUIRE(right);
  CHECK(right->status == 200);
  CHECK(Json::parse(right->body)["benches"].size() == 3);

  auto page = env.client->Get("/");
  REQUIRE(page);
  CHECK(page->status == 200);
}

TEST_CASE("bound to loopback a request for another host name is refused") {
  ServeEnv env;
  auto res = env.client->Get("/api/v1/benches", {{"Host", "attacker.example:8080"}});
  REQUIRE(res);
  CHECK(res->status == 403);
  auto ok = env.client->Get("/api/v1/benches", {{"Host", "localhost"}});
  REQUIRE(ok);
  CHECK(ok->status == 200);
}

TEST_CASE("writes must be JSON") {
  ServeEnv env;
  auto res = env.client->Post("/api/v1/fixtures", "name=x", "application/x-www-form-urlencoded");
  REQUIRE(res);
  CHECK(res->status == 415);
  auto bad = env.client->Post("/api/v1/fixtures", "{not json", "application/json");
  REQUIRE(bad);
  CHECK(bad->status == 400);
}

}  // namespace
}  // namespace ab::serve::testing
