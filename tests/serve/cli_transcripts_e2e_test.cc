// End to end: `agent-bench bench` run from the command line keeps each run's transcript in the history, and
// `agent-bench serve` on that history shows it (GET /api/v1/runs/{id}) and draws the run's report, with the
// config's API key redacted everywhere. The real binary, the in-process mock LLM, the sample MCP server.
#include <doctest/doctest.h>
#include <httplib.h>

#include "base/json.h"
#include "process.h"
#include "serve_harness.h"

namespace ab::e2e {
namespace {

constexpr const char* kKey = "sk-e2e-secret-7f3a9c";

}  // namespace

TEST_CASE("a bench run from the command line keeps transcripts that serve shows, without the config's key") {
  std::string dir = MakeTempDir("serve-cli-transcripts");
  const std::string key = kKey;
  WriteWeatherTest(dir, {.key = key, .answer = "Paris is sunny today (asked with key " + key + ")"});
  // The configs file gives the provider an API key: agent-bench treats it as a secret everywhere.
  WriteText(dir + "/configs.yaml",
            "configs:\n"
            "  - name: keyed\n"
            "    provider: {type: MOCK, mock_script: script.yaml, token: " +
                key +
                "}\n"
                "runs: 1\n");
  std::string store = dir + "/history.db";
  ProcessResult bench = RunProcess({kBin, "bench", dir + "/tests.yaml", "--configs", dir + "/configs.yaml", "-o",
                                    dir + "/out/bench", "--store", store},
                                   {}, 120);
  INFO(bench.err);
  REQUIRE(bench.exit_code == 0);
  CHECK(bench.err.find(kKey) == std::string::npos);

  ServeProcess serve(dir, {"--store", store, "--port", "0"});
  httplib::Client client = serve.SignedInClient();
  Json list = GetJson(client, "/api/v1/runs?limit=10");
  REQUIRE(list["runs"].size() == 1);
  std::string id = list["runs"][0]["id"];

  auto res = client.Get(("/api/v1/runs/" + id).c_str());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  Json run = Json::parse(res->body, nullptr, false);
  REQUIRE(run["transcript"].is_object());
  const Json& execution = run["transcript"]["execution"];
  REQUIRE(execution["toolCalls"].size() == 1);
  CHECK(execution["toolCalls"][0]["name"] == "get_weather");
  CHECK(execution["finalOutput"].get<std::string>().find("Paris is sunny today") != std::string::npos);
  // The key was in the prompt and the answer: it is redacted in what the history kept.
  CHECK(res->body.find(kKey) == std::string::npos);
  CHECK(res->body.find("[REDACTED]") != std::string::npos);
  CHECK(run["report_url"] == "/api/v1/runs/" + id + "/report");

  auto page = client.Get(("/api/v1/runs/" + id + "/report").c_str());
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->body.find("Reports the weather") != std::string::npos);
  CHECK(page->body.find(kKey) == std::string::npos);
}

}  // namespace ab::e2e
