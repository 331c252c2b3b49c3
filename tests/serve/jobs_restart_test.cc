// Jobs are kept in the history database: a server restarted on the same database lists the earlier jobs, and
// those that were pending or running when it stopped (or died) are shown as failed, interrupted.
#include "serve_test_util.h"
#include "store/db.h"

namespace ab::serve::testing {
namespace {

Json GetJson(httplib::Client& client, const std::string& path, int status = 200) {
  auto res = client.Get(path.c_str());
  REQUIRE_MESSAGE(res, "no response for GET " << path);
  CHECK_MESSAGE(res->status == status, "GET " << path << ": " << res->status << " " << res->body);
  return Json::parse(res->body, nullptr, false);
}

TEST_CASE("after a restart on the same database earlier jobs are listed and unfinished ones are interrupted") {
  ServeEnv env(false);
  std::string suite = env.CopyBenchSuite();
  WriteFile(suite + "/crawl.yaml", kCrawlScript);
  Json done =
      env.WaitJob(env.Send("POST", "/api/v1/jobs",
                           {{"suite", "suite/tests.yaml"}, {"configs", "suite/configs.yaml"}, {"runs", 1}}, 202)["id"]);
  REQUIRE_MESSAGE(done["state"] == "completed", done.dump());
  Json slow = {
      {"configs", Json::array({{{"name", "crawl"}, {"provider", {{"type", "MOCK"}, {"mock_script", "crawl.yaml"}}}}})},
      {"runs", 20},
      {"max_concurrent_runs", 1}};
  std::string running = env.Send("POST", "/api/v1/jobs", {{"suite", "suite/tests.yaml"}, {"configs", slow}}, 202)["id"];
  std::string queued = env.Send("POST", "/api/v1/jobs", {{"suite", "suite/tests.yaml"}, {"configs", slow}}, 202)["id"];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline && env.Get("/api/v1/jobs/" + running)["progress"]["total"] == 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE(env.Get("/api/v1/jobs/" + running)["state"] == "running");
  env.server.Stop();

  // A server that died instead of stopping leaves its job as it was last seen: running.
  {
    auto db = store::OpenSqliteDb(env.store_path);
    REQUIRE(db.has_value());
    REQUIRE((*db)
                ->Exec("INSERT INTO serve_jobs VALUES ('job-9', 9, 'running', '{\"suite\":\"s.yaml\"}', 'b-x', "
                       "3, 10, 3, 0, 0, '', '[]', 'null', 1, 2, 0)")
                .ok());
  }

  Server again;
  ServeOptions o;
  o.store_path = env.store_path;
  o.port = 0;
  o.base_dir = env.dir;
  REQUIRE(again.Start(o).ok());
  auto authorized = AuthorizedClient(again);
  httplib::Client& client = *authorized;
  Json jobs = GetJson(client, "/api/v1/jobs")["jobs"];
  REQUIRE(jobs.size() == 4);
  CHECK(jobs[0]["id"] == "job-9");  // newest first
  CHECK(jobs[3]["id"] == done["id"]);
  CHECK(jobs[3]["state"] == "completed");
  CHECK(jobs[3]["bench_id"] == done["bench_id"]);
  CHECK(jobs[3]["progress"]["done"] == 6);
  CHECK(jobs[3]["request"]["suite"] == "suite/tests.yaml");
  for (const std::string& id : {running, queued, std::string("job-9")}) {
    Json j = GetJson(client, "/api/v1/jobs/" + id);
    CHECK_MESSAGE(j["state"] == "failed", j.dump());
    CHECK(j["error"] == "interrupted: the server stopped before the job finished");
    CHECK(j["ended"] != nullptr);
  }
  CHECK(GetJson(client, "/api/v1/jobs/job-9")["progress"]["done"] == 3);
  CHECK(GetJson(client, "/api/v1/jobs/" + running)["request"]["configs_inline"] == true);
  // The stream of an old job ends at once with its final state.
  auto events = client.Get(("/api/v1/jobs/" + running + "/events").c_str());
  REQUIRE(events);
  CHECK(events->body.find("\"state\":\"failed\"") != std::string::npos);
  // New jobs get new ids.
  auto launched =
      client.Post("/api/v1/jobs", Json{{"suite", "suite/tests.yaml"}, {"configs", "suite/configs.yaml"}}.dump(),
                  "application/json");
  REQUIRE(launched);
  CHECK(Json::parse(launched->body)["id"] == "job-10");
  again.Stop();
}

}  // namespace
}  // namespace ab::serve::testing
