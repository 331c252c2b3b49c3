// End to end: a real stdio server (Python, test data) adds a tool and removes another at run time and sends
// notifications/tools/list_changed; the next model turn is offered the new list and the report records it.
#include <doctest/doctest.h>

#include <algorithm>

#include "base/json.h"
#include "paths.h"
#include "process.h"

namespace ab::e2e {
namespace {

const Json* FindTest(const Json& report, const std::string& test) {
  if (!report.is_object()) return nullptr;
  for (const auto& r : report["detailed_results"])
    if (r["execution"]["testName"] == test) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("a tool a server adds at run time is offered at the next turn, and a removed one is not") {
  std::string dir = MakeTempDir("list-changed");
  ProcessResult p = RunProcess({kBin, "-f", kData + "list-changed.yaml", "-o", dir + "/report", "-reportType", "json",
                                "--no-progress"},
                               {}, 120);
  INFO(p.err);
  Json report = Json::parse(ReadFile(dir + "/report.json"), nullptr, false);
  REQUIRE(report.is_object());
  CHECK(p.exit_code == 1);  // the second test calls the removed tool on purpose

  const Json* added = FindTest(report, "A tool added at run time is offered");
  REQUIRE(added);
  const Json& e = (*added)["execution"];
  CHECK((*added)["passed"] == true);
  REQUIRE(e["toolCalls"].size() == 2);
  CHECK(e["toolCalls"][1]["name"] == "bonus");
  CHECK(e["toolCalls"][1]["status"] == "ok");
  CHECK(e["toolCalls"][1]["result"]["content"][0]["text"] == "bonus called with {\"n\": 3}");
  REQUIRE(e["toolListChanges"].size() == 1);
  CHECK(e["toolListChanges"][0]["server"] == "growing");
  CHECK(e["toolListChanges"][0]["iteration"] == 2);
  CHECK(e["toolListChanges"][0]["added"] == Json::array({"bonus"}));
  CHECK(e["toolListChanges"][0]["removed"] == Json::array({"shrink"}));
  CHECK(e["availableTools"] == Json::array({"grow", "shrink", "research", "quick", "slow", "bonus"}));
  CHECK(e["toolSchemas"]["bonus"]["required"] == Json::array({"n"}));

  const Json* removed = FindTest(report, "A removed tool is no longer offered");
  REQUIRE(removed);
  CHECK((*removed)["passed"] == false);
  CHECK((*removed)["execution"]["toolCalls"][0]["status"] == "not_offered");
  CHECK((*removed)["execution"]["availableTools"] == Json::array({"grow", "research", "quick", "slow", "bonus"}));
  // The session started before grow: this test records the change it sees against the session's tools.
  REQUIRE((*removed)["execution"]["toolListChanges"].size() == 1);
  CHECK((*removed)["execution"]["toolListChanges"][0]["iteration"] == 1);
}

TEST_CASE("progress notifications are kept per tool call, bounded, and shown in the JSON report") {
  std::string dir = MakeTempDir("progress");
  ProcessResult p = RunProcess({kBin, "-f", kData + "list-changed.yaml", "-o", dir + "/report", "-reportType",
                                "json,html", "--no-progress"},
                               {}, 120);
  INFO(p.err);
  Json report = Json::parse(ReadFile(dir + "/report.json"), nullptr, false);
  const Json* run = FindTest(report, "Progress notifications are kept per call");
  REQUIRE(run);
  CHECK((*run)["passed"] == true);
  const Json& progress = (*run)["execution"]["toolCalls"][0]["progress"];
  CHECK(progress["count"] == 150);
  CHECK(progress["updates"].size() == 100);  // the first 100 kept
  CHECK(progress["updates"][0]["progress"] == 1);
  CHECK(progress["updates"][0]["total"] == 150);
  CHECK(progress["updates"][0]["message"] == "step 1");
  CHECK(progress["last"]["progress"] == 150);
  CHECK(progress["last"]["message"] == "step 150");
  // Calls without progress carry no progress entry.
  const Json* added = FindTest(report, "A tool added at run time is offered");
  REQUIRE(added);
  CHECK_FALSE((*added)["execution"]["toolCalls"][0].contains("progress"));
  // The HTML report carries the same data and shows it in the tool-call details.
  std::string html = ReadFile(dir + "/report.html");
  CHECK(html.find("notification(s), last") != std::string::npos);
  CHECK(html.find("Tool list changes") != std::string::npos);
}

TEST_CASE("a tool that can only be called as a task is called as one, polled to its result, and marked") {
  std::string dir = MakeTempDir("task-only");
  ProcessResult p = RunProcess({kBin, "-f", kData + "list-changed.yaml", "-o", dir + "/report", "-reportType", "json",
                                "--no-progress"},
                               {}, 120);
  INFO(p.err);
  Json report = Json::parse(ReadFile(dir + "/report.json"), nullptr, false);
  REQUIRE(report.is_object());
  bool called = false;
  for (const auto& r : report["detailed_results"]) {
    const Json& offered = r["execution"]["availableTools"];
    CHECK(std::find(offered.begin(), offered.end(), Json("research")) != offered.end());
    CHECK(std::find(offered.begin(), offered.end(), Json("quick")) != offered.end());
    for (const auto& call : r["execution"]["toolCalls"]) {
      if (call["name"] != "research") continue;
      called = true;
      CHECK(call.dump().find("research report t-") != std::string::npos);  // tasks/result of the created task
    }
    // Each server's protocol is recorded: the Python server is a 2025-11-25 one found by the discover probe.
    REQUIRE(r["execution"]["mcpServers"].is_array());
    CHECK(r["execution"]["mcpServers"][0]["era"] == "legacy");
    CHECK(r["execution"]["mcpServers"][0]["protocolVersion"] == "2025-11-25");
  }
  CHECK(called);

  ProcessResult text = RunProcess({kBin, "tools", "-f", kData + "list-changed.yaml"}, {}, 60);
  INFO(text.err);
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("  research  [task only: called as an MCP task") != std::string::npos);
  CHECK(text.out.find("  quick\n") != std::string::npos);
  ProcessResult json = RunProcess({kBin, "tools", "-f", kData + "list-changed.yaml", "--json"}, {}, 60);
  Json doc = Json::parse(json.out, nullptr, false);
  REQUIRE(doc.is_object());
  bool marked = false;
  for (const auto& tool : doc["servers"][0]["tools"])
    if (tool["name"] == "research")
      marked = tool["calledAsTask"] == true && tool["execution"]["taskSupport"] == "required" &&
               !tool.contains("offered");
  CHECK(marked);
}

}  // namespace ab::e2e
