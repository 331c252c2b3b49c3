// End-to-end tests of the stdio client against the project's own sample server (samples/sample_mcp_server).
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <future>
#include <thread>

#include "mcp/client.h"
#include "mcp/server.h"
#include "mcp/stdio_transport.h"
#include "test_util.h"

namespace ab::mcp {
namespace {

using testing::ChildPids;
using testing::SampleStdio;

std::unique_ptr<ServerConnection> MustConnect(const config::Server& server, ConnectOptions options = {}) {
  auto connection = Connect(server, options);
  if (!connection) FAIL("connect failed: " << connection.error().ToString());
  return std::move(connection).value();
}

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST_CASE("tools/list follows nextCursor across pages") {
  auto server = MustConnect(SampleStdio({"--page-size", "4"}));
  auto tools = server->ListTools();
  REQUIRE(tools.has_value());
  CHECK(tools->size() == 15);
  CHECK(tools->front().name == "echo");
  CHECK(tools->back().name == "crash");
  bool has_output_schema = false;
  for (const auto& tool : *tools) has_output_schema |= (tool.name == "all_content" && tool.output_schema.is_object());
  CHECK(has_output_schema);
  server->Close();
}

TEST_CASE("isError results are values, JSON-RPC errors are kRpcError") {
  auto server = MustConnect(SampleStdio());
  auto failed = server->CallTool("fail", {{"reason", "boom"}}, Millis(5000));
  REQUIRE(failed.has_value());
  CHECK(failed->is_error);
  CHECK(failed->Text() == "boom");
  auto rpc = server->CallTool("rpc_error", Json::object(), Millis(5000));
  REQUIRE_FALSE(rpc.has_value());
  CHECK(rpc.error().code == ErrorCode::kRpcError);
  CHECK(rpc.error().message.find("-32001") != std::string::npos);
  auto ok = server->CallTool("calculate", {{"expression", "(2+3)*4"}}, Millis(5000));
  REQUIRE(ok.has_value());
  CHECK_FALSE(ok->is_error);
  CHECK(ok->Text() == "20");
  CHECK(ok->structured["result"] == 20);
}

TEST_CASE("every content type is kept whole") {
  auto server = MustConnect(SampleStdio());
  auto result = server->CallTool("all_content", Json::object(), Millis(5000));
  REQUIRE(result.has_value());
  REQUIRE(result->content.size() == 6);
  CHECK(result->content[0].type == "text");
  CHECK(result->content[1].type == "image");
  CHECK(result->content[1].mime_type == "image/png");
  CHECK_FALSE(result->content[1].data.empty());
  CHECK(result->content[2].type == "audio");
  CHECK(result->content[3].type == "resource_link");
  CHECK(result->content[3].uri == "sample://notes/n1");
  CHECK(result->content[3].name == "note n1");
  CHECK(result->content[4].text == "embedded text");
  CHECK(result->content[5].data == "AAECAw==");
  CHECK(result->content[5].raw["resource"]["blob"] == "AAECAw==");
  CHECK(result->structured["count"] == 6);
  CHECK_FALSE(result->truncated);
}

TEST_CASE("progress notifications are accepted and the call completes") {
  config::Server config = SampleStdio();
  StdioOptions stdio;
  stdio.spawn.argv = {config.command};
  ClientOptions options;
  options.server_name = "sample";
  McpClient client(MakeStdioTransport(stdio), options);
  REQUIRE(client.Connect().ok());
  auto result = client.CallTool("sleep", {{"ms", 350}}, Millis(5000));
  REQUIRE(result.has_value());
  CHECK(result->Text() == "slept 350 ms");
  CHECK(client.progress_notifications() >= 2);
  client.Close();
}

TEST_CASE("a timed-out call is cancelled on the server and the connection stays usable") {
  auto server = MustConnect(SampleStdio());
  auto start = std::chrono::steady_clock::now();
  auto slow = server->CallTool("sleep", {{"ms", 10000}}, Millis(300));
  REQUIRE_FALSE(slow.has_value());
  CHECK(slow.error().code == ErrorCode::kTimeout);
  CHECK(Seconds(start) < 5);
  auto echo = server->CallTool("echo", {{"message", "still here"}}, Millis(5000));
  REQUIRE(echo.has_value());
  CHECK(echo->Text() == "Echo: still here");
  // The server logs the cancellation it received to stderr.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(server->StderrTail().find("cancelled") != std::string::npos);
}

TEST_CASE("calls run concurrently from several threads") {
  auto server = MustConnect(SampleStdio());
  std::vector<std::future<Result<ToolResult>>> calls;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 8; ++i) {
    calls.push_back(std::async(std::launch::async, [&, i] {
      return server->CallTool("echo", {{"message", std::to_string(i)}}, Millis(5000));
    }));
  }
  calls.push_back(std::async(std::launch::async, [&] {
    return server->CallTool("sleep", {{"ms", 300}}, Millis(5000));
  }));
  for (int i = 0; i < 8; ++i) {
    auto result = calls[static_cast<size_t>(i)].get();
    REQUIRE(result.has_value());
    CHECK(result->Text() == "Echo: " + std::to_string(i));
  }
  CHECK(calls.back().get().has_value());
  CHECK(Seconds(start) < 10);
}

// A field of /proc/|pid|/status as a number ("Threads", "VmSize" in KiB), -1 when missing.
long ProcStatus(int pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

TEST_CASE("sequential calls reuse the server's worker threads instead of keeping one per call") {
  const std::vector<int> before = ChildPids();
  auto server = MustConnect(SampleStdio());
  int pid = -1;
  for (int child : ChildPids())
    if (std::find(before.begin(), before.end(), child) == before.end()) pid = child;
  REQUIRE(pid > 0);
  REQUIRE(server->CallTool("echo", {{"message", "warm"}}, Millis(5000)).has_value());
  const long warm_kb = ProcStatus(pid, "VmSize");
  const long warm_threads = ProcStatus(pid, "Threads");
  for (int i = 0; i < 40; ++i) {
    // Back to back: the next call often arrives while the worker that answered is still returning to the pool.
    // It must wait for that worker, not start another (before the fix, ~27 workers for 40 calls under load).
    REQUIRE(server->CallTool("echo", {{"message", std::to_string(i)}}, Millis(5000)));
  }
  // Workers stay alive in the pool, so the thread count is the pool's size: one worker serves calls in sequence.
  CHECK(ProcStatus(pid, "Threads") - warm_threads <= 1);
  // A thread kept per call would map 40 more stacks (8 MiB each, 320 MiB).
  CHECK(ProcStatus(pid, "VmSize") - warm_kb < 32 * 1024);
  server->Close();
}

TEST_CASE("roots/list is answered with the configured roots as file:// URIs") {
  config::Server config = SampleStdio();
  config.roots = {"/tmp", "relative/dir"};
  ConnectOptions options;
  options.base_dir = "/work/base";
  auto server = MustConnect(config, options);
  auto result = server->CallTool("get_roots", Json::object(), Millis(10000));
  REQUIRE(result.has_value());
  REQUIRE_FALSE(result->is_error);
  const Json roots = result->structured["roots"];
  REQUIRE(roots.size() == 2);
  CHECK(roots[0]["uri"] == "file:///tmp");
  CHECK(roots[1]["uri"] == "file:///work/base/relative/dir");
}

TEST_CASE("tools are re-listed after notifications/tools/list_changed") {
  auto server = MustConnect(SampleStdio());
  REQUIRE(server->ListTools().has_value());
  REQUIRE(server->CallTool("notify", Json::object(), Millis(5000)).has_value());
  // Still correct (a refresh happened or the cache is valid): the same tool set comes back.
  auto again = server->ListTools();
  REQUIRE(again.has_value());
  CHECK(again->size() == 15);
}

TEST_CASE("each Connect gives a separate server instance") {
  auto a = MustConnect(SampleStdio());
  auto b = MustConnect(SampleStdio());
  REQUIRE(a->CallTool("add_note", {{"title", "t"}, {"body", "only in a"}}, Millis(5000)).has_value());
  auto in_b = b->CallTool("list_notes", Json::object(), Millis(5000));
  REQUIRE(in_b.has_value());
  CHECK(in_b->structured["notes"].empty());
  auto in_a = a->CallTool("search_notes", {{"query", "ONLY"}}, Millis(5000));
  REQUIRE(in_a.has_value());
  CHECK(in_a->structured["notes"].size() == 1);
}

TEST_CASE("fault: a server that exits mid-call fails the call promptly with its stderr") {
  auto server = MustConnect(SampleStdio({"--fail-after", "1"}));
  auto start = std::chrono::steady_clock::now();
  auto result = server->CallTool("echo", {{"message", "x"}}, Millis(30000));
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == ErrorCode::kUnavailable);
  CHECK(result.error().message.find("code 3") != std::string::npos);
  CHECK(result.error().message.find("--fail-after") != std::string::npos);
  CHECK(Seconds(start) < 5);
  CHECK_FALSE(server->alive());
}

TEST_CASE("fault: a server that never answers initialize fails within server_delay") {
  config::Server config = SampleStdio({"--hang-on-init"});
  config.server_delay = Millis(500);
  auto start = std::chrono::steady_clock::now();
  auto connection = Connect(config, {});
  REQUIRE_FALSE(connection.has_value());
  CHECK(connection.error().code == ErrorCode::kTimeout);
  CHECK(connection.error().message.find("initialize") != std::string::npos);
  CHECK(Seconds(start) < 8);
}

TEST_CASE("fault: garbage lines on stdout are skipped") {
  auto server = MustConnect(SampleStdio({"--garbage"}));
  auto result = server->CallTool("echo", {{"message", "through the noise"}}, Millis(5000));
  REQUIRE(result.has_value());
  CHECK(result->Text() == "Echo: through the noise");
}

TEST_CASE("fault: a 50 MB result is truncated to max_result_bytes") {
  ConnectOptions options;
  options.max_result_bytes = 1000;
  auto server = MustConnect(SampleStdio(), options);
  auto result = server->CallTool("big_result", {{"mb", 50}}, Millis(60000));
  REQUIRE(result.has_value());
  CHECK(result->truncated);
  CHECK(result->Text().size() <= 1000 + 4);
  CHECK(result->content[0].raw["text"].get<std::string>().size() <= 1004);
}

TEST_CASE("fault: an unsupported protocol version is rejected") {
  auto connection = Connect(SampleStdio({"--protocol-version", "2099-01-01"}), {});
  REQUIRE_FALSE(connection.has_value());
  CHECK(connection.error().code == ErrorCode::kProtocol);
  CHECK(connection.error().message.find("2099-01-01") != std::string::npos);
}

TEST_CASE("fault: a missing program is reported at once") {
  config::Server config;
  config.name = "ghost";
  config.type = "stdio";
  config.command = "/nonexistent/mcp-server --flag";
  auto connection = Connect(config, {});
  REQUIRE_FALSE(connection.has_value());
  CHECK(connection.error().code == ErrorCode::kUnavailable);
  CHECK(connection.error().message.find("No such file") != std::string::npos);
}

TEST_CASE("no child process is left after Close, even for a crashed server") {
  {
    auto a = MustConnect(SampleStdio());
    auto b = MustConnect(SampleStdio());
    CHECK(ChildPids().size() >= 2);
    (void)b->CallTool("crash", Json::object(), Millis(5000));
    a->Close();
    b->Close();
  }
  CHECK(ChildPids().empty());
}

}  // namespace
}  // namespace ab::mcp
