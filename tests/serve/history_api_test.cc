// GET /benches, /benches/{id}, /runs, /runs/{id} and /compare over HTTP against a seeded SQLite history.
#include <tuple>

#include "serve_test_util.h"
#include "store/calibration_store.h"

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
  CHECK(c["configs"][1]["presence"] == "removed");
  CHECK(c["removed_configs"] == Json::array({"slow"}));
  CHECK(c["added_configs"].empty());
  CHECK(c["a_suite"] == "alpha");
  CHECK(c["suites_differ"] == false);
  CHECK(c.contains("has_regression"));
  CHECK(env.Get("/api/v1/compare?a=b-jan&b=missing", 404)["error"]["status"] == 404);
}

TEST_CASE("compare names the metric that regressed and the configs on one side only") {
  ServeEnv env;
  using S = store::RunStatus;
  auto save = [&](const std::string& id, const std::string& config, const std::string& gone, S status) {
    store::StoredBench b;
    b.info.id = id;
    b.info.name = "alpha-bench";
    b.info.suite = "alpha";
    b.info.started_ms = id == "b-good" ? 1775000000000 : 1775100000000;
    b.info.configs = {config, gone};
    for (int rep = 0; rep < 12; ++rep) {
      b.runs.push_back(
          MakeRun(id, config, "cats", rep, "t.yaml/Facts/One", status, "MOCK", "m", b.info.started_ms, 100));
      b.runs.push_back(
          MakeRun(id, gone, "cats", rep, "t.yaml/Facts/One", S::kPassed, "MOCK", "m", b.info.started_ms, 100));
    }
    b.info.total_runs = static_cast<int>(b.runs.size());
    auto store = store::OpenStore(env.store_path);
    REQUIRE(store.has_value());
    REQUIRE((*store)->SaveBench(b).ok());
  };
  save("b-good", "fast", "old", S::kPassed);
  save("b-bad", "fast", "new", S::kFailed);
  Json c = env.Get("/api/v1/compare?a=b-good&b=b-bad");
  CHECK(c["has_regression"] == true);
  REQUIRE(c["configs"].size() == 3);
  const Json& fast = c["configs"][0];
  CHECK(fast["config"] == "fast");
  CHECK(fast["success_verdict"] == "worse");
  REQUIRE(fast["regressions"].size() == 1);
  CHECK(fast["regressions"][0]["metric"] == "success_rate");
  CHECK(fast["regressions"][0]["change"].get<double>() == doctest::Approx(-1.0));
  CHECK(fast["regressions"][0]["text"].get<std::string>().find("success rate") != std::string::npos);
  REQUIRE(!c["regression_summary"].empty());
  CHECK(c["regression_summary"][0].get<std::string>().find("'fast'") != std::string::npos);
  CHECK(c["added_configs"] == Json::array({"new"}));
  CHECK(c["removed_configs"] == Json::array({"old"}));
  CHECK(c["configs"][1]["presence"] == "removed");
  CHECK(c["configs"][2]["presence"] == "added");
  CHECK(c["configs"][2]["regression"] == false);  // a config on one side only is listed, never flagged
}

TEST_CASE("a regression on a test whose verdict flips in the history is marked flaky") {
  ServeEnv env;
  using S = store::RunStatus;
  auto save = [&](const std::string& id, int64_t t, bool after) {
    store::StoredBench b;
    b.info.id = id;
    b.info.name = "alpha-bench";
    b.info.suite = "alpha";
    b.info.started_ms = t;
    b.info.configs = {"fast"};
    for (int rep = 0; rep < 12; ++rep) {
      // "Steady" passes in A and fails in B (one step); "Coin" alternates in A (flaky) and fails in B.
      b.runs.push_back(
          MakeRun(id, "fast", "cats", rep, "t.yaml/S/Steady", after ? S::kFailed : S::kPassed, "MOCK", "m", t, 100));
      S coin = after ? S::kFailed : rep % 2 ? S::kFailed : S::kPassed;
      b.runs.push_back(MakeRun(id, "fast", "cats", rep, "t.yaml/S/Coin", coin, "MOCK", "m", t, 100));
      // An outage in a variant of its own: errors are no verdicts, so this test is never flaky.
      b.runs.push_back(
          MakeRun(id, "fast", "dogs", rep, "t.yaml/S/Steady", rep % 2 ? S::kError : S::kPassed, "MOCK", "m", t, 100));
    }
    b.info.total_runs = static_cast<int>(b.runs.size());
    auto store = store::OpenStore(env.store_path);
    REQUIRE(store.has_value());
    REQUIRE((*store)->SaveBench(b).ok());
  };
  save("fl-a", 1776000000000, false);
  save("fl-b", 1776100000000, true);
  Json c = env.Get("/api/v1/compare?a=fl-a&b=fl-b");
  auto test = [&](const std::string& key) -> Json {
    for (const Json& t : c["tests"])
      if (t["test"] == key) return t;
    FAIL("no test row " << key);
    return Json();
  };
  Json coin = test("t.yaml/S/Coin"), steady = test("t.yaml/S/Steady");
  CHECK(coin["flaky"] == true);
  CHECK(coin["flip_rate"].get<double>() == doctest::Approx(11.0 / 23));
  REQUIRE(coin["regressions"].size() == 1);
  CHECK(coin["regressions"][0]["text"].get<std::string>().find("flaky test") != std::string::npos);
  CHECK(steady["flaky"] == false);
  CHECK(steady["regression"] == true);
  bool summary_says_flaky = false;
  for (const Json& line : c["regression_summary"]) {
    std::string text = line;
    if (text.find("'t.yaml/S/Coin'") != std::string::npos)
      summary_says_flaky = text.find("flaky test") != std::string::npos;
    if (text.find("'t.yaml/S/Steady'") != std::string::npos) CHECK(text.find("flaky") == std::string::npos);
  }
  CHECK(summary_says_flaky);
}

TEST_CASE("compare refuses benches of different suites unless force") {
  ServeEnv env;
  Json refused = env.Get("/api/v1/compare?a=b-jan&b=b-mar", 400);
  std::string message = refused["error"]["message"];
  CHECK(message.find("'alpha'") != std::string::npos);
  CHECK(message.find("'beta'") != std::string::npos);
  CHECK(message.find("force") != std::string::npos);
  Json forced = env.Get("/api/v1/compare?a=b-jan&b=b-mar&force=true");
  CHECK(forced["suites_differ"] == true);
  CHECK(forced["b_suite"] == "beta");
  CHECK(forced["has_regression"] == false);
  CHECK(env.Get("/api/v1/compare?a=b-jan&b=b-mar&force=maybe", 400)["error"]["field"] == "force");
}

TEST_CASE("calibrations are listed per judge key over time") {
  ServeEnv env;
  CHECK(env.Get("/api/v1/calibrations")["judges"].empty());
  for (auto [id, t, kappa] : {std::tuple{"cal-1", int64_t{1000}, 0.8}, std::tuple{"cal-2", int64_t{2000}, 0.55}}) {
    store::CalibrationRow c;
    c.id = id;
    c.name = "gold";
    c.created_ms = t;
    c.items = 12;
    c.repetitions = 2;
    c.judges.push_back({id, "MOCK/strict/v1", "strict", kappa, kappa - 0.25, kappa + 0.1, 0.9, -0.05, t});
    REQUIRE(store::SaveCalibration(env.store_path, c).ok());
  }
  Json j = env.Get("/api/v1/calibrations");
  CHECK(j["calibrations"] == 2);
  REQUIRE(j["judges"].size() == 1);
  const Json& judge = j["judges"][0];
  CHECK(judge["judge_key"] == "MOCK/strict/v1");
  REQUIRE(judge["calibrations"].size() == 2);
  CHECK(judge["calibrations"][0]["calibration_id"] == "cal-1");  // oldest first
  CHECK(judge["calibrations"][0]["kappa_ci95"][0].get<double>() == doctest::Approx(0.55));
  CHECK(judge["calibrations"][1]["kappa"].get<double>() == doctest::Approx(0.55));
  CHECK(judge["kappa_change"].get<double>() == doctest::Approx(-0.25));
  CHECK(env.Get("/api/v1/calibrations?judge=strict")["judges"].size() == 1);
  CHECK(env.Get("/api/v1/calibrations?judge=lenient")["judges"].empty());
  CHECK(env.Get("/api/v1/calibrations?jduge=x", 400)["error"]["field"] == "jduge");
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
