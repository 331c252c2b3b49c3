// The 2026-07-28 checks of the conformance suite, over stdio (the suite only has HTTP scenarios): a small Python
// server that speaks only 2026-07-28 and checks every request, and one that speaks only 2025-11-25, to prove the
// client finds each server's era through mcp::Connect and the real stdio transport.
#include <doctest/doctest.h>

#include <unistd.h>

#include "mcp/client.h"
#include "mcp/server.h"

namespace ab::mcp {
namespace {

bool HavePython() { return access("/usr/bin/python3", X_OK) == 0; }

config::Server PythonServer(const std::string& name, const std::string& script) {
  config::Server server;
  server.name = name;
  server.type = "stdio";
  server.command = "/usr/bin/python3";
  server.args = {std::string(AB_SOURCE_DIR) + "/tests/mcp/servers/" + script};
  // A distinct working directory per test case keeps the era cache (keyed by command line and cwd) from carrying
  // one case's answer into another.
  server.cwd = "/tmp";
  return server;
}

TEST_CASE("stdio 2026-07-28: discover, _meta on every request, -32022 retry, multi-round-trip, progress") {
  if (!HavePython()) return;
  config::Server server = PythonServer("modern", "modern_stdio_server.py");
  server.env = {{"REJECT_FIRST", "1"}};
  server.roots = {"/tmp/eras-root"};
  ConnectOptions options;
  auto conn = Connect(server, options);
  REQUIRE_MESSAGE(conn.has_value(), (conn ? "" : conn.error().message));
  const ServerProtocol protocol = (*conn)->protocol();
  CHECK(protocol.era == "modern");
  CHECK(protocol.protocol_version == "2026-07-28");
  CHECK(protocol.implementation == "modern-stdio-test 1.0.0");
  auto tools = (*conn)->ListTools();
  REQUIRE_MESSAGE(tools.has_value(), (tools ? "" : tools.error().message));
  CHECK(tools->size() == 4);

  auto echo = (*conn)->CallTool("echo", {{"text", "hi"}}, Millis(5000));
  REQUIRE_MESSAGE(echo.has_value(), (echo ? "" : echo.error().message));
  CHECK(echo->Text() == "echo: hi");
  CHECK_FALSE(echo->is_error);

  auto confirm = (*conn)->CallTool("confirm", Json::object(), Millis(5000));
  REQUIRE_MESSAGE(confirm.has_value(), (confirm ? "" : confirm.error().message));
  CHECK(confirm->Text() == "confirmed roots=file:///tmp/eras-root");

  auto plain = (*conn)->CallTool("plain", Json::object(), Millis(5000));
  REQUIRE(plain.has_value());
  CHECK(plain->Text() == "plain ok");

  ToolProgress progress;
  auto slow = (*conn)->CallToolWithProgress("progress", {{"steps", 3}}, Millis(5000), nullptr, &progress);
  REQUIRE(slow.has_value());
  CHECK(slow->Text() == "progress done");
  CHECK(progress.count == 3);
  (*conn)->Close();
}

TEST_CASE("stdio 2025-11-25 only: the discover probe falls back to initialize, and the era is cached") {
  if (!HavePython()) return;
  config::Server server = PythonServer("legacy", "legacy_stdio_server.py");
  server.cwd = "/";
  for (int round = 0; round < 2; ++round) {
    auto conn = Connect(server, ConnectOptions{});
    REQUIRE_MESSAGE(conn.has_value(), (conn ? "" : conn.error().message));
    const ServerProtocol protocol = (*conn)->protocol();
    CHECK(protocol.era == "legacy");
    CHECK(protocol.protocol_version == "2025-11-25");
    CHECK(protocol.how == (round == 0 ? "initialize-fallback" : "cached"));
    auto echo = (*conn)->CallTool("echo", {{"text", "old"}}, Millis(5000));
    REQUIRE_MESSAGE(echo.has_value(), (echo ? "" : echo.error().message));
    CHECK(echo->Text() == "legacy echo: old");
    CHECK_FALSE(echo->is_error);
    (*conn)->Close();
  }
}

TEST_CASE("protocol: forces an era, and forcing 2026-07-28 on a legacy server fails with a sentence") {
  if (!HavePython()) return;
  config::Server legacy = PythonServer("legacy", "legacy_stdio_server.py");
  legacy.protocol = "2025-06-18";
  auto conn = Connect(legacy, ConnectOptions{});
  REQUIRE(conn.has_value());
  CHECK((*conn)->protocol().protocol_version == "2025-06-18");
  CHECK((*conn)->protocol().how == "forced");
  (*conn)->Close();

  legacy.protocol = "2026-07-28";
  auto refused = Connect(legacy, ConnectOptions{});
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message.find("server 'legacy'") != std::string::npos);
  CHECK(refused.error().message.find("protocol: auto") != std::string::npos);
}

TEST_CASE("a legacy stdio server that exits on the discover probe fails with the protocol: fix in the message") {
  if (!HavePython()) return;
  config::Server server;
  server.name = "fragile";
  server.type = "stdio";
  server.command = "/usr/bin/python3";
  server.args = {"-c", "import sys; sys.stdin.readline(); sys.stderr.write('unknown method\\n'); sys.exit(3)"};
  auto conn = Connect(server, ConnectOptions{});
  REQUIRE_FALSE(conn.has_value());
  CHECK(conn.error().message.find("server 'fragile'") != std::string::npos);
  CHECK(conn.error().message.find("protocol: 2025-11-25") != std::string::npos);
}

}  // namespace
}  // namespace ab::mcp
