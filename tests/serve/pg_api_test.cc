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

  // Transcripts and the run report come from the store on PostgreSQL too.
  std::string run = SeedRunWithTranscript(env.store_path);
  CHECK(env.Get("/api/v1/runs/" + run)["transcript"]["execution"]["toolCalls"][0]["name"] == "lookup_fact");
  auto page = env.client->Get(("/api/v1/runs/" + run + "/report").c_str());
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->body.find("Escapes") != std::string::npos);
  env.Get("/api/v1/runs/b-jan~2/report", 404);
}

TEST_CASE("PostgreSQL history keeps jobs across a restart") {
  ServeOptions o;
  o.store_path = ab::testing::FreshPgSchemaUrl("serve_jobs");
  std::string bench;
  {
    ServeEnv env(false, o);
    env.CopyBenchSuite();
    Json job = env.Send("POST", "/api/v1/jobs",
                        {{"suite", "suite/tests.yaml"}, {"configs", "suite/configs.yaml"}, {"runs", 1}}, 202);
    Json done = env.WaitJob(job["id"]);
    REQUIRE(done["state"] == "completed");
    bench = done["bench_id"];
    auto db = store::OpenPostgresDb(o.store_path);
    REQUIRE(db.has_value());
    REQUIRE((*db)
                ->Exec("INSERT INTO serve_jobs VALUES ('job-5', 5, 'pending', '{}', '', 0, 0, 0, 0, 0, '', '[]', "
                       "'null', 1, 0, 0)")
                .ok());
  }
  ServeEnv env(false, o);
  Json jobs = env.Get("/api/v1/jobs")["jobs"];
  REQUIRE(jobs.size() == 2);
  CHECK(jobs[0]["id"] == "job-5");
  CHECK(jobs[0]["state"] == "failed");
  CHECK(jobs[0]["error"] == "interrupted: the server stopped before the job finished");
  CHECK(jobs[1]["state"] == "completed");
  CHECK(jobs[1]["bench_id"] == bench);
  // Runs benched by a job keep their transcripts on PostgreSQL.
  Json b = env.Get("/api/v1/benches/" + bench);
  CHECK(env.Get("/api/v1/runs/" + b["runs"][0]["id"].get<std::string>())["transcript"].is_object());
}

}  // namespace
}  // namespace ab::serve::testing
