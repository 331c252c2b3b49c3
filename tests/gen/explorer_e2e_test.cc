// The explorer end to end: the mock plays the decision model (tests/gen/data/explore-script.yaml), the agent
// drives the sample MCP server; kept tests replay, the failing tool becomes a bug finding in JSON and HTML.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "base/json.h"
#include "e2e/paths.h"
#include "e2e/process.h"
#include "gen/explorer.h"

namespace ab::e2e {
namespace {

namespace fs = std::filesystem;

#ifdef AB_SAMPLE_SERVER
const std::string kSampleBin = AB_SAMPLE_SERVER;
#else
const std::string kSampleBin = std::string(AB_BINARY_DIR) + "/sample-mcp-server";
#endif
const std::string kExploreData = std::string(AB_SOURCE_DIR) + "/tests/gen/data/";

bool In(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string Line(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

TEST_CASE("the explorer keeps replayed trajectories as tests and reports the server's bugs") {
  const std::string dir = MakeTempDir("explore-full");
  auto r = RunProcess({kBin, "-e", kExploreData + "explore-config.yaml", "--output-dir", dir + "/out"},
                      {{"SAMPLE_SERVER", kSampleBin}}, 120);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(In(r.err, "explorer: round 1 'Store a note': kept"));
  CHECK(In(r.err, "explorer: round 2 'Force a failure': no tool answered: not a test"));
  CHECK(In(r.err, "explorer: round 3: answer rejected (attempt 1): \"name\" must be 1-120 characters"));
  CHECK(In(r.err, "explorer: stopped: the model says the goal is covered"));
  CHECK(In(r.err, "explorer: 2 tests kept, 1 bug finding"));
  const std::string folder = Line(r.out);
  CHECK(fs::path(folder).filename().string().rfind("explorer_", 0) == 0);

  Json report = Json::parse(ReadFile(folder + "/report.json"), nullptr, false);
  REQUIRE(report.is_object());
  REQUIRE(report["bugFindings"].size() == 1);
  CHECK(report["bugFindings"][0]["toolName"] == "fail");
  CHECK(report["bugFindings"][0]["bugType"] == "tool_error");
  CHECK(report["bugFindings"][0]["serverName"] == "sample");
  CHECK(In(report["bugFindings"][0]["explanation"].get<std::string>(), "boom"));
  CHECK(report["summary"]["passed"] == 2);
  const std::string html = ReadFile(folder + "/report.html");
  CHECK(In(html, "<section id=\"bug-findings\""));
  CHECK(In(html, "<td>fail</td><td>sample</td><td>tool_error</td>"));

  // The findings survive a re-render from JSON, and the kept tests validate and pass when run.
  auto again =
      RunProcess({kBin, "report", folder + "/report.json", "-o", dir + "/again", "-reportType", "json"}, {}, 60);
  CHECK(again.exit_code == 0);
  CHECK(Json::parse(ReadFile(dir + "/again.json"), nullptr, false)["bugFindings"].size() == 1);
  CHECK(RunProcess({kBin, "validate", folder + "/suite.yaml"}, {}, 60).exit_code == 0);
  auto run = RunProcess({kBin, "-s", folder + "/suite.yaml", "-o", dir + "/run", "-reportType", "json", "-q"},
                        {{"SAMPLE_SERVER", kSampleBin}}, 120);
  INFO(run.err);
  CHECK(run.exit_code == 0);
}

TEST_CASE("the explorer's token budget stops it after the round that spent it") {
  const std::string dir = MakeTempDir("explore-budget");
  std::string text = ReadFile(kExploreData + "explore-config.yaml");
  text.replace(text.find("mock_script: explore-script.yaml"), 32,
               "mock_script: " + kExploreData + "explore-script.yaml");
  text += "  max_tokens: 100\n";
  std::ofstream(dir + "/e.yaml") << text;
  auto r =
      RunProcess({kBin, "-e", dir + "/e.yaml", "--output-dir", dir + "/out"}, {{"SAMPLE_SERVER", kSampleBin}}, 120);
  INFO(r.err);
  CHECK(In(r.err, "explorer: stopped: token budget reached (max_tokens: 100"));
  CHECK_FALSE(In(r.err, "round 2"));
  CHECK(fs::exists(Line(r.out) + "/report.json"));
}

TEST_CASE("a call that succeeds once and fails when replayed is an inconsistent finding") {
  auto call = [](ToolCallStatus s) {
    ToolCall c;
    c.name = "get_note";
    c.server = "sample";
    c.arguments = {{"id", "n1"}};
    c.status = s;
    if (s != ToolCallStatus::kOk) c.error = "no note";
    return c;
  };
  Transcript first, replay;
  first.tool_calls = {call(ToolCallStatus::kOk)};
  replay.tool_calls = {call(ToolCallStatus::kRpcError)};
  auto findings = gen::FindBugs(first, &replay);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == "inconsistent");
  CHECK(In(findings[0].explanation, "succeeded first and failed when replayed"));
  auto crash = gen::FindBugs(replay, nullptr);
  REQUIRE(crash.size() == 1);
  CHECK(crash[0].kind == "rpc_error");
  first.tool_calls[0].status = ToolCallStatus::kTransport;
  CHECK(gen::FindBugs(first, nullptr)[0].kind == "crash");
}

}  // namespace
}  // namespace ab::e2e
