// POST /jobs benches the offline mock sample (suites/bench) in the background: polling to completion, the saved
// bench with its transcripts, the event stream, cancelling a long job, fixtures as variants, and bad requests.
#include "serve_test_util.h"

namespace ab::serve::testing {
namespace {

TEST_CASE("a job benches the mock sample to completion and saves the bench with transcripts") {
  ServeEnv env(false);
  env.CopyBenchSuite();
  Json job = env.Send("POST", "/api/v1/jobs",
                      {{"suite", "suite/tests.yaml"}, {"configs", "suite/configs.yaml"}, {"runs", 1}}, 202);
  std::string id = job["id"];
  CHECK((job["state"] == "pending" || job["state"] == "running"));
  CHECK(env.Get("/api/v1/jobs")["jobs"][0]["id"] == id);

  Json done = env.WaitJob(id);
  REQUIRE_MESSAGE(done["state"] == "completed", done.dump());
  CHECK(done["progress"]["done"] == 6);  // 3 configs × 2 variants × 1 run
  CHECK(done["progress"]["total"] == 6);
  CHECK(done["progress"]["passed"].get<int>() + done["progress"]["failed"].get<int>() == 12);  // 2 tests each
  std::string bench = done["bench_id"];

  Json b = env.Get("/api/v1/benches/" + bench);
  CHECK(b["suite"] == "tests");
  CHECK(b["configs"] == Json::array({"accurate", "slow", "sloppy"}));
  CHECK(b["runs"].size() == 12);
  // The sloppy model knows nothing about dogs: that config cannot be perfect, the accurate one is.
  for (const Json& c : b["by_config"]) {
    if (c["config"] == "accurate") CHECK(c["success_rate"].get<double>() == doctest::Approx(1.0));
    if (c["config"] == "sloppy") CHECK(c["success_rate"].get<double>() < 1.0);
  }

  Json run = env.Get("/api/v1/runs/" + b["runs"][0]["id"].get<std::string>());
  REQUIRE(run["transcript"].is_object());
  CHECK(run["transcript"]["execution"]["finalOutput"].get<std::string>().find("cats") != std::string::npos);
  CHECK(run["transcript"]["assertions"].size() == 2);
  CHECK(run["inputs"] == Json{{"topic", "cats"}});
  CHECK_FALSE(std::filesystem::exists(env.dir + "/suite/.agent-bench-serve-" + id + ".configs.yaml"));
}

TEST_CASE("the event stream delivers every progress event and then the final state") {
  ServeEnv env(false);
  env.CopyBenchSuite();
  Json job = env.Send("POST", "/api/v1/jobs",
                      {{"suite", "suite/tests.yaml"}, {"configs", "suite/configs.yaml"}, {"runs", 1}}, 202);
  std::string id = job["id"];
  std::string text;
  auto res = env.client->Get(("/api/v1/jobs/" + id + "/events").c_str(), [&](const char* data, size_t n) {
    text.append(data, n);
    return true;
  });
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type").find("text/event-stream") != std::string::npos);
  size_t progress = 0;
  for (size_t at = text.find("event: progress"); at != std::string::npos; at = text.find("event: progress", at + 1))
    ++progress;
  CHECK(progress == 6);
  CHECK(text.find("\"done\":6") != std::string::npos);
  size_t last = text.rfind("event: state");
  REQUIRE(last != std::string::npos);
  CHECK(text.find("\"state\":\"completed\"", last) != std::string::npos);
  CHECK(text.find("id: 1\n") != std::string::npos);

  // Reconnecting with Last-Event-ID replays only what came after it.
  std::string tail;
  auto again = env.client->Get(("/api/v1/jobs/" + id + "/events").c_str(), {{"Last-Event-ID", "3"}},
                               [&](const char* data, size_t n) {
                                 tail.append(data, n);
                                 return true;
                               });
  REQUIRE(again);
  CHECK(tail.find("id: 3\n") == std::string::npos);
  CHECK(tail.find("id: 4\n") != std::string::npos);
  CHECK(env.Get("/api/v1/jobs/nope/events", 404)["error"]["status"] == 404);
}

TEST_CASE("cancelling a long job stops it and saves nothing") {
  ServeEnv env(false);
  std::string suite = env.CopyBenchSuite();
  WriteFile(suite + "/crawl.yaml", kCrawlScript);
  Json configs = {
      {"configs", Json::array({{{"name", "crawl"}, {"provider", {{"type", "MOCK"}, {"mock_script", "crawl.yaml"}}}}})},
      {"runs", 20},
      {"max_concurrent_runs", 1}};
  Json job = env.Send("POST", "/api/v1/jobs", {{"suite", "suite/tests.yaml"}, {"configs", configs}}, 202);
  std::string id = job["id"];
  // Wait until it runs (the bench is prepared: it has an id and a plan).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  Json now;
  while (std::chrono::steady_clock::now() < deadline) {
    now = env.Get("/api/v1/jobs/" + id);
    bool started = now["state"] == "running" && now["progress"]["total"] != 0;
    if (started || (now["state"] != "pending" && now["state"] != "running")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE_MESSAGE(now["state"] == "running", now.dump());
  CHECK(now["progress"]["total"] == 20);  // 1 config × 1 (default) variant × 20 runs
  env.Send("POST", "/api/v1/jobs/" + id + "/cancel", Json::object(), 202);
  Json done = env.WaitJob(id, std::chrono::seconds(60));
  CHECK(done["state"] == "cancelled");
  CHECK(done["progress"]["done"].get<int>() < 20);
  env.Get("/api/v1/benches/" + done["bench_id"].get<std::string>(), 404);
  CHECK(env.Send("POST", "/api/v1/jobs/" + id + "/cancel", Json::object(), 409)["error"]["status"] == 409);
  CHECK(env.Send("POST", "/api/v1/jobs/nope/cancel", Json::object(), 404)["error"]["status"] == 404);
}

TEST_CASE("a job with a fixture runs its variants and the bench records the version") {
  ServeEnv env(false);
  env.CopyBenchSuite();
  Json variants = Json::array({{{"name", "owls"}, {"variables", {{"topic", "owls"}}}}});
  env.Send("POST", "/api/v1/fixtures", {{"name", "birds"}, {"variants", variants}}, 201);
  variants.push_back({{"name", "hens"}, {"variables", {{"topic", "hens"}}}});
  Json v2 = env.Send("PUT", "/api/v1/fixtures/birds", {{"variants", variants}}, 200);
  REQUIRE(v2["version"] == 2);
  Json job = env.Send("POST", "/api/v1/jobs",
                      {{"suite", "suite/tests.yaml"},
                       {"configs", "suite/configs.yaml"},
                       {"runs", 1},
                       {"fixture", {{"name", "birds"}, {"version", 1}}}},
                      202);
  Json done = env.WaitJob(job["id"]);
  REQUIRE_MESSAGE(done["state"] == "completed", done.dump());
  CHECK(done["fixture"]["version"] == 1);
  Json b = env.Get("/api/v1/benches/" + done["bench_id"].get<std::string>());
  CHECK(b["variants"] == Json::array({"owls"}));
  CHECK(b["runs"].size() == 6);  // 3 configs × 1 variant × 2 tests
  CHECK(b["runs"][0]["inputs"] == Json{{"topic", "owls"}});
  CHECK(b["fixture"]["name"] == "birds");
  CHECK(b["fixture"]["version"] == 1);
  CHECK(b["fixture"]["hash"] == env.Get("/api/v1/fixtures/birds/versions/1")["hash"]);
  CHECK(b["fixture"]["hash"] != v2["hash"]);
}

TEST_CASE("bad job requests are 400 errors naming the field and a bad configs file fails the job with its location") {
  ServeEnv env(false);
  env.CopyBenchSuite();
  auto field = [&](const Json& body) { return env.Send("POST", "/api/v1/jobs", body, 400)["error"]["field"]; };
  CHECK(field(Json::object()) == "suite");
  CHECK(field({{"suite", "suite/missing.yaml"}, {"configs", "suite/configs.yaml"}}) == "suite");
  CHECK(field({{"suite", "suite/tests.yaml"}}) == "configs");
  CHECK(field({{"suite", "suite/tests.yaml"}, {"configs", "suite/none.yaml"}}) == "configs");
  CHECK(field({{"suite", "suite/tests.yaml"}, {"configs", "suite/configs.yaml"}, {"configs_yaml", "x: 1"}}) ==
        "configs_yaml");
  CHECK(field({{"suite", "suite/tests.yaml"}, {"configs", "suite/configs.yaml"}, {"runs", 0}}) == "runs");
  CHECK(field({{"suite", "suite/tests.yaml"}, {"configs", "suite/configs.yaml"}, {"runs", "3"}}) == "runs");
  CHECK(field({{"suite", "suite/tests.yaml"}, {"configs", "suite/configs.yaml"}, {"fixture", "nope"}}) ==
        "fixture.name");
  Json typo = env.Send("POST", "/api/v1/jobs", {{"suite", "suite/tests.yaml"}, {"config", "suite/configs.yaml"}}, 400);
  CHECK(typo["error"]["field"] == "config");
  CHECK(typo["error"]["message"].get<std::string>().find("did you mean 'configs'") != std::string::npos);
  env.Get("/api/v1/jobs/job-999", 404);

  Json job =
      env.Send("POST", "/api/v1/jobs",
               {{"suite", "suite/tests.yaml"}, {"configs_yaml", "configs:\n  - name: a\n    provder: mock\n"}}, 202);
  Json failed = env.WaitJob(job["id"]);
  CHECK(failed["state"] == "failed");
  std::string error = failed["error"];
  CHECK_MESSAGE(error.find("configs (inline):3:5") != std::string::npos, error);
  CHECK_MESSAGE(error.find("provider") != std::string::npos, error);
}

}  // namespace
}  // namespace ab::serve::testing
