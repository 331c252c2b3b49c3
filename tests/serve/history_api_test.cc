// GET /benches, /benches/{id}, /runs, /runs/{id} and /compare over HTTP against a seeded SQLite history.
#include "serve_test_util.h"

namespace ab::serve::testing {
namespace {

std::vector<std::string> Ids(const Json& list, const char* key) {
  std::vector<std::string> out;
  for (const Json& b : list[key]) out.push_back(b["id"]);
  return out;
}

TEST_CASE("benches are listed newest first with headline figures") {
  ServeEnv env;
  Json j = env.Get("/api/v1/benches");
  CHECK(Ids(j, "benches") == std::vector<std::string>{"b-mar", "b-feb", "b-jan"});
  const Json& jan = j["benches"][2];
  CHECK(jan["suite"] == "alpha");
  CHECK(jan["overall"]["runs"] == 4);
  CHECK(jan["overall"]["passed"] == 3);
  CHECK(jan["overall"]["success_rate"].get<double>() == doctest::Approx(0.75));
  CHECK(jan["overall"]["latency"]["p50_ms"].get<double>() == doctest::Approx(505));  // 100 110 900 950, type 7
  CHECK(jan["overall"]["cost_per_run_usd"].get<double>() == doctest::Approx(0.001));
  REQUIRE(jan["by_config"].size() == 2);
  CHECK(jan["by_config"][0]["config"] == "fast");
  CHECK(jan["by_config"][0]["success_rate"].get<double>() == doctest::Approx(1.0));
  CHECK(jan["providers"] == Json::array({"MOCK", "OPENAI"}));
}

TEST_CASE("bench filters by suite config provider model status and dates") {
  ServeEnv env;
  CHECK(Ids(env.Get("/api/v1/benches?suite=alpha"), "benches") == std::vector<std::string>{"b-feb", "b-jan"});
  CHECK(Ids(env.Get("/api/v1/benches?config=slow"), "benches") == std::vector<std::string>{"b-jan"});
  CHECK(Ids(env.Get("/api/v1/benches?provider=openai"), "benches") == std::vector<std::string>{"b-jan"});
  CHECK(Ids(env.Get("/api/v1/benches?model=claude-x"), "benches") == std::vector<std::string>{"b-mar"});
  CHECK(Ids(env.Get("/api/v1/benches?status=timeout"), "benches") == std::vector<std::string>{"b-feb"});
  CHECK(Ids(env.Get("/api/v1/benches?from=2026-02-01&to=2026-02-28"), "benches") == std::vector<std::string>{"b-feb"});
  CHECK(Ids(env.Get("/api/v1/benches?to=2026-02-10"), "benches") == std::vector<std::string>{"b-feb", "b-jan"});
  CHECK(Ids(env.Get("/api/v1/benches?limit=1"), "benches") == std::vector<std::string>{"b-mar"});
  CHECK(Ids(env.Get("/api/v1/benches?limit=1&offset=1"), "benches") == std::vector<std::string>{"b-feb"});
  CHECK(env.Get("/api/v1/benches?suite=nope")["benches"].empty());
}

TEST_CASE("bad query parameters are 400 errors naming the parameter") {
  ServeEnv env;
  Json j = env.Get("/api/v1/benches?sutie=alpha", 400);
  CHECK(j["error"]["field"] == "sutie");
  CHECK(j["error"]["message"].get<std::string>().find("did you mean 'suite'") != std::string::npos);
  j = env.Get("/api/v1/benches?status=pased", 400);
  CHECK(j["error"]["field"] == "status");
  CHECK(j["error"]["message"].get<std::string>().find("passed") != std::string::npos);
  CHECK(env.Get("/api/v1/benches?from=yesterday", 400)["error"]["field"] == "from");
  CHECK(env.Get("/api/v1/benches?from=2026-03-01&to=2026-02-01", 400)["error"]["field"] == "from");
  CHECK(env.Get("/api/v1/benches?limit=0", 400)["error"]["field"] == "limit");
  CHECK(env.Get("/api/v1/runs?limit=abc", 400)["error"]["field"] == "limit");
  CHECK(env.Get("/api/v1/compare?a=b-jan", 400)["error"]["field"] == "b");
}

TEST_CASE("one bench by id or prefix or latest and 404 for an unknown one") {
  ServeEnv env;
  Json b = env.Get("/api/v1/benches/b-jan");
  CHECK(b["id"] == "b-jan");
  CHECK(b["runs"].size() == 4);
  CHECK(b["runs"][2]["id"] == "b-jan~2");
  CHECK(b["runs"][2]["status"] == "failed");
  CHECK(b["by_test"].size() == 2);
  CHECK(b["fixture"].is_null());
  CHECK(env.Get("/api/v1/benches/latest")["id"] == "b-mar");
  CHECK(env.Get("/api/v1/benches/b-f")["id"] == "b-feb");
  Json missing = env.Get("/api/v1/benches/nothing", 404);
  CHECK(missing["error"]["message"].get<std::string>().find("nothing") != std::string::npos);
  CHECK(env.Get("/api/v1/no-such-route", 404)["error"]["status"] == 404);
}

TEST_CASE("runs with filters and paging and one run with its absent transcript") {
  ServeEnv env;
  Json all = env.Get("/api/v1/runs");
  CHECK(all["total"] == 7);
  CHECK(all["runs"][0]["bench_id"] == "b-mar");
  Json failed = env.Get("/api/v1/runs?status=failed");
  REQUIRE(failed["runs"].size() == 1);
  CHECK(failed["runs"][0]["id"] == "b-jan~2");
  CHECK(env.Get("/api/v1/runs?bench=b-jan&config=fast")["total"] == 2);
  CHECK(env.Get("/api/v1/runs?suite=alpha&provider=MOCK")["total"] == 4);
  CHECK(env.Get("/api/v1/runs?test=Two")["total"] == 1);
  Json page = env.Get("/api/v1/runs?limit=2&offset=3");
  CHECK(page["total"] == 7);
  CHECK(page["runs"].size() == 2);
  CHECK(page["runs"][0]["id"] == "b-jan~0");

  Json run = env.Get("/api/v1/runs/b-jan~2");
  CHECK(run["config"] == "slow");
  CHECK(run["status"] == "failed");
  CHECK(run["error"] == "output_contains: expected 'cats'");
  CHECK(run["inputs"] == Json{{"topic", "cats"}});
  CHECK(run["transcript"].is_null());
  CHECK(env.Get("/api/v1/runs/b-jan~99", 404)["error"]["status"] == 404);
  CHECK(env.Get("/api/v1/runs/garbage", 404)["error"]["status"] == 404);
  CHECK(env.Get("/api/v1/runs?bench=zzz", 404)["error"]["status"] == 404);
}

TEST_CASE("compare uses the bench layer's tests and says which side is which") {
  ServeEnv env;
  Json c = env.Get("/api/v1/compare?a=b-jan&b=b-feb");
  CHECK(c["a"] == "b-jan");
  CHECK(c["b"] == "b-feb");
  REQUIRE(c["configs"].size() == 2);
  CHECK(c["configs"][0]["config"] == "fast");
  CHECK(c["configs"][0]["a"]["success_rate"].get<double>() == doctest::Approx(1.0));
  CHECK(c["configs"][0]["b"]["success_rate"].get<double>() == doctest::Approx(0.5));
  CHECK(c["configs"][1]["in_b"] == false);
  CHECK(c.contains("has_regression"));
  CHECK(env.Get("/api/v1/compare?a=b-jan&b=missing", 404)["error"]["status"] == 404);
}

TEST_CASE("the UI is served from the binary with a strict content security policy") {
  ServeEnv env(false);
  auto res = env.client->Get("/");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body.find("<main id=\"view\"") != std::string::npos);
  CHECK(res->get_header_value("Content-Security-Policy").find("script-src 'self'") != std::string::npos);
  auto js = env.client->Get("/views.js");
  REQUIRE(js);
  CHECK(js->get_header_value("Content-Type").find("javascript") != std::string::npos);
  // The UI builds the page from data as text only.
  for (const char* file : {"/views.js", "/drawer.js", "/run_form.js", "/app.js", "/charts.js", "/api.js"}) {
    auto r = env.client->Get(file);
    REQUIRE(r);
    CHECK_MESSAGE(r->body.find("innerHTML") == std::string::npos, file);
  }
}

}  // namespace
}  // namespace ab::serve::testing
