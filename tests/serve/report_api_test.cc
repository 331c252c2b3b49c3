// GET /api/v1/runs/{id}/report: one run of the history as a standalone HTML page drawn from its stored
// transcript by src/report's renderer; a 404 JSON error when the run has no transcript.
#include "serve_test_util.h"

namespace ab::serve::testing {
namespace {

TEST_CASE("a run with a transcript has a standalone escaped HTML report and one without gets a 404") {
  ServeEnv env;
  std::string id = SeedRunWithTranscript(env.store_path);

  Json run = env.Get("/api/v1/runs/" + id);
  CHECK(run["report_url"] == "/api/v1/runs/" + id + "/report");
  auto res = env.client->Get(("/api/v1/runs/" + id + "/report").c_str());
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type").find("text/html") == 0);
  CHECK(res->get_header_value("Content-Security-Policy").find("default-src 'none'") != std::string::npos);
  const std::string& page = res->body;
  CHECK(page.find("<!DOCTYPE html>") == 0);
  CHECK(page.find("Escapes") != std::string::npos);         // the test's name
  CHECK(page.find("lookup_fact") != std::string::npos);     // its tool call
  CHECK(page.find("<script>alert(") == std::string::npos);  // hostile output stays text
  // Self-contained: nothing is loaded from anywhere.
  CHECK(page.find("src=\"http") == std::string::npos);
  CHECK(page.find("href=\"http") == std::string::npos);
  CHECK(page.find("<link") == std::string::npos);

  // A run benched before transcripts were kept: no link in the run, 404 JSON for the page.
  CHECK(env.Get("/api/v1/runs/b-jan~2")["report_url"].is_null());
  Json missing = env.Get("/api/v1/runs/b-jan~2/report", 404);
  CHECK(missing["error"]["status"] == 404);
  CHECK(missing["error"]["message"].get<std::string>().find("no stored transcript") != std::string::npos);
  CHECK(env.Get("/api/v1/runs/b-jan~99/report", 404)["error"]["status"] == 404);
  CHECK(env.Get("/api/v1/runs/" + id + "/report?x=1", 400)["error"]["field"] == "x");
}

}  // namespace
}  // namespace ab::serve::testing
