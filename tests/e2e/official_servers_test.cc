// End to end against the official MCP reference servers from npm (pinned in package.json): the real binary, the
// mock LLM, server-everything and server-memory over stdio. Skipped with a message when npm has not installed them.
#include <doctest/doctest.h>

#include <filesystem>

#include "base/json.h"
#include "process.h"

namespace ab::e2e {

TEST_CASE("the binary drives server-everything and server-memory through the agent loop") {
  const std::string bin_dir = std::string(AB_SOURCE_DIR) + "/node_modules/.bin/";
  if (!std::filesystem::exists(bin_dir + "mcp-server-everything") ||
      !std::filesystem::exists(bin_dir + "mcp-server-memory")) {
    MESSAGE("skipped: run `npm ci` to install the official MCP servers");
    return;
  }
  std::string dir = MakeTempDir("official");
  auto r = RunProcess({AB_BINARY, "-f", std::string(AB_SOURCE_DIR) + "/tests/e2e/data/everything.yaml", "-o",
                       dir + "/report", "-reportType", "json", "--no-progress"},
                      {{"EVERYTHING_SERVER", bin_dir + "mcp-server-everything"},
                       {"MEMORY_SERVER", bin_dir + "mcp-server-memory"},
                       {"MEMORY_FILE", dir + "/memory.jsonl"}},
                      180);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  Json report = Json::parse(ReadFile(dir + "/report.json"), nullptr, false);
  REQUIRE(report.is_object());
  REQUIRE(report["detailed_results"].size() == 3);
  for (const auto& run : report["detailed_results"]) {
    INFO(run["execution"]["testName"].get<std::string>());
    CHECK(run["passed"] == true);
  }
  const Json& structured = report["detailed_results"][1]["execution"]["toolCalls"][0]["result"]["structuredContent"];
  CHECK(structured["temperature"] == 36);
  // The agent was offered exactly the allowed tools of both servers.
  CHECK(report["detailed_results"][0]["execution"]["availableTools"].size() == 5);
}

}  // namespace ab::e2e
