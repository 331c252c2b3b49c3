// End to end: a 2026-07-28 (stateless) server adds a tool at run time and says so only on the client's
// subscriptions/listen subscription (tests/mcp/servers/listen_server.py), over stdio and over Streamable HTTP; the
// mock model calls the new tool at its next turn, and the report records the refresh and the subscription.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

#include "base/json.h"
#include "paths.h"
#include "process.h"

namespace ab::e2e {
namespace {

const std::string kServer = std::string(AB_SOURCE_DIR) + "/tests/mcp/servers/listen_server.py";

// A run file for |server_lines| (the `servers:` entry after its name): two tests in one session.
void WriteRunFile(const std::string& path, const std::string& server_lines) {
  std::ofstream(path) << "providers:\n  - name: mock\n    type: MOCK\n    mock_script: " << kData
                      << "listen-script.yaml\n"
                      << "servers:\n  - name: modern\n"
                      << server_lines
                      << "agents:\n  - name: a\n    provider: mock\n    servers:\n      - name: modern\n"
                      << "sessions:\n  - name: s\n    tests:\n"
                      << "      - name: added\n        prompt: \"add a tool then call it\"\n"
                      << "        assertions:\n          - type: tool_called\n            tool: bonus\n"
                      << "      - name: after\n        prompt: \"echo please\"\n"
                      << "        assertions:\n          - type: tool_called\n            tool: echo\n";
}

Json RunAndRead(const std::string& dir) {
  ProcessResult p = RunProcess(
      {kBin, "-f", dir + "/run.yaml", "-o", dir + "/report", "-reportType", "json", "--no-progress"}, {}, 120);
  INFO(p.err);
  CHECK(p.exit_code == 0);
  return Json::parse(ReadFile(dir + "/report.json"), nullptr, false);
}

// The first test added `bonus` through the subscription and called it; the report shows the refresh.
void CheckAdded(const Json& report, const std::string& subscription) {
  REQUIRE(report.is_object());
  REQUIRE(report["detailed_results"].size() == 2);
  const Json& e = report["detailed_results"][0]["execution"];
  INFO("first test's errors: " << e.value("errors", Json::array()).dump());
  CHECK(report["detailed_results"][0]["passed"] == true);
  REQUIRE(e["toolCalls"].size() == 2);
  CHECK(e["toolCalls"][1]["name"] == "bonus");
  CHECK(e["toolCalls"][1]["status"] == "ok");
  CHECK(e["toolCalls"][1]["result"]["content"][0]["text"] == "bonus called with {\"n\": 3}");
  REQUIRE(e["toolListChanges"].size() == 1);
  CHECK(e["toolListChanges"][0]["server"] == "modern");
  CHECK(e["toolListChanges"][0]["iteration"] == 2);
  CHECK(e["toolListChanges"][0]["added"] == Json::array({"bonus"}));
  CHECK(e["availableTools"] == Json::array({"echo", "test_trigger_tool_change", "bonus"}));
  REQUIRE(e["mcpServers"].size() == 1);
  CHECK(e["mcpServers"][0]["era"] == "modern");
  CHECK(e["mcpServers"][0]["protocolVersion"] == "2026-07-28");
  CHECK(e["mcpServers"][0]["subscription"] == subscription);
}

// Starts the server over Streamable HTTP with |flags| and waits up to 5 s for the port it writes to DIR/port
// ("" in |port| when it never does). It is killed when the returned process goes, however the test ends;
// --lifetime is a last resort if this test process is killed first.
std::unique_ptr<BackgroundProcess> StartHttpServer(const std::string& dir, const std::vector<std::string>& flags,
                                                   std::string* port) {
  std::vector<std::string> argv = {"python3", kServer, "--http", dir + "/port", "--log", dir + "/log"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.insert(argv.end(), {"--lifetime", "60"});
  auto server = std::make_unique<BackgroundProcess>(argv);
  port->clear();
  for (int i = 0; i < 100 && server->started() && port->empty(); ++i) {
    *port = ReadFile(dir + "/port");
    if (port->empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return server;
}

bool WaitForText(const std::string& path, const std::string& text, int ms) {
  for (int waited = 0; waited < ms; waited += 50) {
    if (ReadFile(path).find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace

TEST_CASE("stdio 2026-07-28: a tool the server adds at run time arrives through subscriptions/listen and is called") {
  const std::string dir = MakeTempDir("listen-stdio");
  WriteRunFile(dir + "/run.yaml", "    type: stdio\n    command: python3\n    args: [\"" + kServer +
                                      "\", \"--log\", \"" + dir + "/log\", \"--foreign\"]\n");
  Json report = RunAndRead(dir);
  // What the server saw, for every check below.
  INFO("server log:\n" << ReadFile(dir + "/log"));
  // The record is read when a test ends: the first test's already counts the notification that named a
  // subscription the client never opened (the server sent it just before the real one, during that test).
  const std::string record = "acknowledged {toolsListChanged}; 1 notification(s) for another subscription ignored";
  CheckAdded(report, record);
  CHECK(report["detailed_results"][1]["execution"]["mcpServers"][0]["subscription"] == record);
  CHECK(ReadFile(dir + "/log").find("problem:") == std::string::npos);
  // The client ended its subscription on exit (the server logs it while agent-bench waits for it to exit).
  CHECK(WaitForText(dir + "/log", "cancelled ", 3000));
}

TEST_CASE(
    "Streamable HTTP 2026-07-28: the listen stream is reopened after the server drops it, carries the new "
    "tool, and is closed on exit") {
  const std::string dir = MakeTempDir("listen-http");
  std::string port;
  const auto server = StartHttpServer(dir, {"--drop-first"}, &port);
  REQUIRE_FALSE(port.empty());
  WriteRunFile(dir + "/run.yaml", "    type: http\n    url: http://127.0.0.1:" + port + "/mcp\n");
  const auto started = std::chrono::steady_clock::now();
  Json report = RunAndRead(dir);
  const auto took = std::chrono::steady_clock::now() - started;
  CheckAdded(report, "acknowledged {toolsListChanged}; reopened 1 time(s)");
  // The open listen stream does not delay the exit (it is closed, not waited for).
  CHECK(took < std::chrono::seconds(10));
  const std::string log = dir + "/log";
  // The server saw the first subscription dropped, a second opened, and that one closed by the client.
  CHECK(WaitForText(log, "dropped ", 100));
  CHECK(WaitForText(log, "closed ", 5000));
  INFO(ReadFile(log));
  CHECK(ReadFile(log).find("problem:") == std::string::npos);
}

TEST_CASE("a 2026-07-28 server that refuses subscriptions/listen: recorded in the report, the run goes on") {
  const std::string dir = MakeTempDir("listen-refused");
  WriteRunFile(dir + "/run.yaml",
               "    type: stdio\n    command: python3\n    args: [\"" + kServer + "\", \"--refuse\"]\n");
  ProcessResult p = RunProcess(
      {kBin, "-f", dir + "/run.yaml", "-o", dir + "/report", "-reportType", "json", "--no-progress"}, {}, 120);
  INFO(p.err);
  CHECK(p.exit_code == 0);  // tool_called counts the attempt; the call itself is not offered (below)
  Json report = Json::parse(ReadFile(dir + "/report.json"), nullptr, false);
  REQUIRE(report.is_object());
  const Json& first = report["detailed_results"][0]["execution"];
  CHECK(first["mcpServers"][0]["subscription"] == "refused: code -32601: Method not found: subscriptions/listen");
  CHECK(first["toolCalls"][1]["status"] == "not_offered");
  CHECK_FALSE(first.contains("toolListChanges"));
  CHECK(first["availableTools"] == Json::array({"echo", "test_trigger_tool_change"}));
  CHECK(report["detailed_results"][1]["passed"] == true);
}

TEST_CASE("Streamable HTTP 2026-07-28: a server flooding its listen stream gets it closed, and the run goes on") {
  const std::string dir = MakeTempDir("listen-flood");
  std::string port;
  const auto server = StartHttpServer(dir, {"--flood", "5000"}, &port);
  REQUIRE_FALSE(port.empty());
  WriteRunFile(dir + "/run.yaml", "    type: http\n    url: http://127.0.0.1:" + port + "/mcp\n");
  ProcessResult p = RunProcess(
      {kBin, "-f", dir + "/run.yaml", "-o", dir + "/report", "-reportType", "json", "--no-progress"}, {}, 120);
  INFO(p.err);
  Json report = Json::parse(ReadFile(dir + "/report.json"), nullptr, false);
  REQUIRE(report.is_object());
  const Json& after = report["detailed_results"][1];
  CHECK(after["passed"] == true);
  CHECK(after["execution"]["mcpServers"][0]["subscription"] ==
        "closed: more than 100 notifications within 1s (flood limit)");
  // The client closed the stream (the server saw its end of stream, or its writes failed), and opened no other.
  CHECK(WaitForText(dir + "/log", "closed ", 5000));
  CHECK(ReadFile(dir + "/log").find("listen ", ReadFile(dir + "/log").find("listen ") + 1) == std::string::npos);
}

TEST_CASE(
    "Streamable HTTP 2026-07-28: an acknowledgement past the server's max_message_bytes stops the listen stream, "
    "recorded, and the run goes on") {
  const std::string dir = MakeTempDir("listen-huge");
  std::string port;
  const auto server = StartHttpServer(dir, {"--huge-ack", "200000"}, &port);
  REQUIRE_FALSE(port.empty());
  WriteRunFile(dir + "/run.yaml", "    type: http\n    url: http://127.0.0.1:" + port +
                                      "/mcp\n    limits:\n      max_message_bytes: 65536\n");
  ProcessResult p = RunProcess(
      {kBin, "-f", dir + "/run.yaml", "-o", dir + "/report", "-reportType", "json", "--no-progress"}, {}, 120);
  INFO(p.err);
  Json report = Json::parse(ReadFile(dir + "/report.json"), nullptr, false);
  REQUIRE(report.is_object());
  const std::string record = report["detailed_results"][0]["execution"]["mcpServers"][0]["subscription"];
  INFO(record);
  CHECK(record.rfind("given up: ", 0) == 0);
  CHECK(record.find("64 KiB") != std::string::npos);
  CHECK(report["detailed_results"][1]["passed"] == true);
}

}  // namespace ab::e2e
