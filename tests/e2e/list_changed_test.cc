// End to end: a real stdio server (Python, test data) adds a tool and removes another at run time and sends
// notifications/tools/list_changed; the next model turn is offered the new list and the report records it.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

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
  ProcessResult p = RunProcess(
      {kBin, "-f", kData + "list-changed.yaml", "-o", dir + "/report", "-reportType", "json", "--no-progress"}, {},
      120);
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
  ProcessResult p = RunProcess(
      {kBin, "-f", kData + "list-changed.yaml", "-o", dir + "/report", "-reportType", "json,html", "--no-progress"}, {},
      120);
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
  ProcessResult p = RunProcess(
      {kBin, "-f", kData + "list-changed.yaml", "-o", dir + "/report", "-reportType", "json", "--no-progress"}, {},
      120);
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
      marked =
          tool["calledAsTask"] == true && tool["execution"]["taskSupport"] == "required" && !tool.contains("offered");
  CHECK(marked);
}

TEST_CASE("a $ref-heavy MCP tool schema reaches Gemini with its structure inlined, never fetching a network $ref") {
  std::string dir = MakeTempDir("ref-gemini");
  // The fake Gemini endpoint records the request bodies; it exits by itself after 60 s without a request.
  BackgroundProcess recorder({"python3", kData + "gemini_recorder.py", dir});
  REQUIRE(recorder.started());
  std::string port;
  for (int i = 0; i < 100 && port.empty(); ++i) {
    port = ReadFile(dir + "/port");
    if (port.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE_FALSE(port.empty());
  const std::string server = std::string(AB_SOURCE_DIR) + "/tests/mcp/servers/legacy_stdio_server.py";
  std::ofstream(dir + "/ref.yaml")
      << "providers:\n  - name: g\n    type: GOOGLE\n    model: gemini-2.0-flash\n"
      << "    token: test-token\n    base_url: http://127.0.0.1:" << port << "\n"
      << "servers:\n  - name: orders\n    type: stdio\n    command: python3\n"
      << "    args: [\"" << server << "\"]\n"
      << "agents:\n  - name: a\n    provider: g\n    servers:\n      - name: orders\n"
      << "sessions:\n  - name: s\n    tests:\n      - name: t\n        prompt: order\n"
      << "        assertions:\n          - type: output_contains\n            value: recorded\n";
  ProcessResult p = RunProcess(
      {kBin, "-f", dir + "/ref.yaml", "-o", dir + "/report", "-reportType", "json", "--no-progress"}, {}, 60);
  INFO(p.err);
  CHECK(p.exit_code == 0);
  Json body = Json::parse(ReadFile(dir + "/body-1.json"), nullptr, false);
  REQUIRE(body.is_object());
  const Json* params = nullptr;
  for (const auto& tool : body["tools"])
    for (const auto& fn : tool["functionDeclarations"])
      if (fn["name"] == "create_order") params = &fn["parameters"];
  REQUIRE(params != nullptr);
  INFO(params->dump());
  CHECK(params->dump().find("$ref") == std::string::npos);
  CHECK(params->dump().find("$defs") == std::string::npos);
  // The referenced models are inlined: the model sees the nested structure, not `items: {}`.
  CHECK((*params)["properties"]["ship_to"]["properties"].contains("street"));
  CHECK((*params)["properties"]["items"]["items"]["properties"].contains("sku"));
  CHECK((*params)["properties"]["tree"]["properties"].contains("name"));
  // The report records the server's protocol (a 2025-11-25 server found by the discover probe).
  Json report = Json::parse(ReadFile(dir + "/report.json"), nullptr, false);
  REQUIRE(report.is_object());
  CHECK(report["detailed_results"][0]["execution"]["mcpServers"][0]["protocolVersion"] == "2025-11-25");
}

}  // namespace ab::e2e
