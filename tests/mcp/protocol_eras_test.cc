// The 2026-07-28 checks of the conformance suite, over stdio (the suite only has HTTP scenarios): a small Python
// server that speaks only 2026-07-28 and checks every request, and one that speaks only 2025-11-25, to prove the
// client finds each server's era through mcp::Connect and the real stdio transport.
#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

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
  CHECK(tools->size() == 7);

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

TEST_CASE("a stdio server that exits on the probe and again after its restart fails, naming the protocol: fix") {
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
  CHECK(conn.error().message.find("started again after the server/discover probe") != std::string::npos);
}

// The text of |tool|'s result (or the error message) on |conn|.
std::string CallText(ServerConnection& conn, const std::string& tool) {
  auto result = conn.CallTool(tool, Json::object(), Millis(5000));
  return result ? result->Text() : "error: " + result.error().message;
}

TEST_CASE("elicitation and sampling policy answers 2025-11-25 server-to-client requests") {
  if (!HavePython()) return;
  struct Case {
    std::string policy;
    Json values;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"decline", Json::object(), R"("result": {"action": "decline"})"},
      {"cancel", Json::object(), R"("result": {"action": "cancel"})"},
      {"accept_defaults", Json::object(), R"("result": {"action": "accept", "content": {"count": 3, "name": "dflt"}})"},
      {"accept", Json{{"note", "hello"}, {"count", 5}},
       R"("result": {"action": "accept", "content": {"count": 5, "name": "dflt", "note": "hello"}})"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.policy);
    config::Server server = PythonServer("legacy", "legacy_stdio_server.py");
    server.cwd = "/usr";
    server.elicitation = c.policy;
    server.elicitation_values = c.values;
    auto conn = Connect(server, ConnectOptions{});
    REQUIRE_MESSAGE(conn.has_value(), (conn ? "" : conn.error().message));
    CHECK((*conn)->protocol().era == "legacy");
    const std::string asked = CallText(**conn, "ask");
    CHECK_MESSAGE(asked.find(c.expected) != std::string::npos, asked);
    const std::string sampled = CallText(**conn, "sample");
    CHECK_MESSAGE(sampled.find(R"("code": -1)") != std::string::npos, sampled);
    CHECK(sampled.find("sampling: decline") != std::string::npos);
    (*conn)->Close();
  }
}

TEST_CASE("elicitation policy answers 2026-07-28 inputRequests, and declined sampling is left out") {
  if (!HavePython()) return;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"decline", R"(answered {"who": {"action": "decline"}})"},
      {"cancel", R"(answered {"who": {"action": "cancel"}})"},
      {"accept_defaults", R"(answered {"who": {"action": "accept", "content": {"count": 3, "name": "dflt"}}})"},
      {"accept", R"(answered {"who": {"action": "accept", "content": {"count": 3, "name": "Ada"}}})"},
  };
  for (const auto& [policy_binding, expected] : cases) {
    const std::string policy = policy_binding;  // clang 14 cannot capture a structured binding in CAPTURE's lambda
    CAPTURE(policy);
    config::Server server = PythonServer("modern", "modern_stdio_server.py");
    server.elicitation = policy;
    server.elicitation_values = {{"name", "Ada"}};
    auto conn = Connect(server, ConnectOptions{});
    REQUIRE_MESSAGE(conn.has_value(), (conn ? "" : conn.error().message));
    CHECK((*conn)->protocol().era == "modern");
    CHECK(CallText(**conn, "ask") == expected);
    (*conn)->Close();
  }
}

TEST_CASE("tasks: auto offers a task-only tool as a task, off hides it") {
  if (!HavePython()) return;
  config::Server server = PythonServer("modern", "modern_stdio_server.py");
  for (const config::TaskPolicy tasks : {config::TaskPolicy::kAuto, config::TaskPolicy::kOff}) {
    CAPTURE(config::NameOf(config::kTaskPolicies, tasks));
    server.tasks = tasks;
    auto conn = Connect(server, ConnectOptions{});
    REQUIRE_MESSAGE(conn.has_value(), (conn ? "" : conn.error().message));
    auto tools = (*conn)->ListTools();
    REQUIRE(tools.has_value());
    auto task = std::find_if(tools->begin(), tools->end(), [](const ToolInfo& t) { return t.name == "slow_task"; });
    REQUIRE(task != tools->end());
    CHECK(task->called_as_task == (tasks == config::TaskPolicy::kAuto));
    // The agent runtime hides task-only tools with a warning.
    CHECK(task->task_only() == (tasks == config::TaskPolicy::kOff));
    (*conn)->Close();
  }
}

TEST_CASE("a run's trace id is the trace id of every request's traceparent") {
  if (!HavePython()) return;
  config::Server server = PythonServer("modern", "modern_stdio_server.py");
  ConnectOptions options;
  options.trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
  auto conn = Connect(server, options);
  REQUIRE_MESSAGE(conn.has_value(), (conn ? "" : conn.error().message));
  const std::string first = CallText(**conn, "trace");
  const std::string second = CallText(**conn, "trace");
  CHECK(first.rfind("00-4bf92f3577b34da6a3ce929d0e0e4736-", 0) == 0);
  CHECK(second.rfind("00-4bf92f3577b34da6a3ce929d0e0e4736-", 0) == 0);
  CHECK(first != second);  // a fresh span id per request
  (*conn)->Close();
}

TEST_CASE("a legacy stdio server that exits on the discover probe is started again with initialize, once") {
  if (!HavePython()) return;
  const std::string log = "/tmp/ab-probe-exit-" + std::to_string(getpid()) + ".log";
  std::remove(log.c_str());
  config::Server server = PythonServer("fragile", "legacy_stdio_server.py");
  server.cwd = "/var";
  server.env = {{"EXIT_ON_UNKNOWN", "1"}, {"EXIT_LOG", log}};
  auto starts = [&] {
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    return std::count(s.begin(), s.end(), '\n');
  };
  auto conn = Connect(server, ConnectOptions{});
  REQUIRE_MESSAGE(conn.has_value(), (conn ? "" : conn.error().message));
  CHECK((*conn)->protocol().era == "legacy");
  CHECK((*conn)->protocol().how == "probe ended the process; restarted with initialize");
  CHECK(CallText(**conn, "echo").rfind("legacy echo:", 0) == 0);
  CHECK(starts() == 2);
  (*conn)->Close();
  // The era is cached: the next connection goes straight to initialize, one process.
  auto again = Connect(server, ConnectOptions{});
  REQUIRE_MESSAGE(again.has_value(), (again ? "" : again.error().message));
  CHECK((*again)->protocol().how == "cached");
  CHECK(starts() == 3);
  (*again)->Close();
  std::remove(log.c_str());
}

}  // namespace
}  // namespace ab::mcp

namespace ab::mcp {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string TempDir() {
  char pattern[] = "/tmp/ab-listen-XXXXXX";
  const char* dir = mkdtemp(pattern);
  return dir ? dir : "/tmp";
}

}  // namespace

// The client side of the conformance suite's subscription checks, over stdio: listen_server.py checks the listen
// request (the 2026-07-28 _meta, exactly {toolsListChanged: true}), acknowledges first and tags every notification
// with the subscription id; it also sends one naming a subscription the client never opened.
TEST_CASE(
    "stdio 2026-07-28 subscriptions/listen: acknowledged, a tool added at run time is listed, foreign ids "
    "ignored, cancelled on close") {
  if (!HavePython()) return;
  const std::string dir = TempDir();
  config::Server server = PythonServer("listen", "listen_server.py");
  server.args.insert(server.args.end(), {"--log", dir + "/log", "--foreign"});
  server.cwd = dir;
  auto conn = Connect(server, ConnectOptions{});
  REQUIRE_MESSAGE(conn.has_value(), (conn ? "" : conn.error().message));
  CHECK((*conn)->protocol().era == "modern");
  CHECK((*conn)->protocol().subscription == "acknowledged {toolsListChanged}");
  auto tools = (*conn)->ListTools();
  REQUIRE(tools.has_value());
  CHECK(tools->size() == 2);
  auto trigger = (*conn)->CallTool("test_trigger_tool_change", Json::object(), Millis(10000));
  REQUIRE_MESSAGE(trigger.has_value(), (trigger ? "" : trigger.error().message));
  // Over stdio the notification precedes the answer on the one pipe: the change is known when the call returns.
  CHECK((*conn)->tools_changes() == 1);
  tools = (*conn)->ListTools();
  REQUIRE(tools.has_value());
  REQUIRE(tools->size() == 3);
  CHECK((*tools)[2].name == "bonus");
  CHECK((*conn)->protocol().subscription ==
        "acknowledged {toolsListChanged}; 1 notification(s) for another subscription ignored");
  (*conn)->Close();
  const std::string log = ReadAll(dir + "/log");
  INFO(log);
  CHECK(log.find("problem:") == std::string::npos);
  CHECK(log.find("listen ") != std::string::npos);
  // The client ended its subscription with notifications/cancelled naming the listen request's id.
  const std::string id =
      log.substr(log.find("listen ") + 7, log.find('\n', log.find("listen ")) - log.find("listen ") - 7);
  CHECK(log.find("cancelled " + id + "\n") != std::string::npos);
}

TEST_CASE(
    "stdio 2026-07-28 subscriptions/listen: a server that ends the subscription gets it reopened, one that "
    "refuses it is recorded and still works") {
  if (!HavePython()) return;
  {
    const std::string dir = TempDir();
    config::Server server = PythonServer("listen", "listen_server.py");
    server.args.insert(server.args.end(), {"--log", dir + "/log", "--drop-first"});
    server.cwd = dir;
    auto conn = Connect(server, ConnectOptions{});
    REQUIRE_MESSAGE(conn.has_value(), (conn ? "" : conn.error().message));
    // The trigger waits for an open subscription: the reopened one carries the change.
    auto trigger = (*conn)->CallTool("test_trigger_tool_change", Json::object(), Millis(10000));
    REQUIRE(trigger.has_value());
    CHECK((*conn)->tools_changes() >= 1);
    CHECK((*conn)->protocol().subscription == "acknowledged {toolsListChanged}; reopened 1 time(s)");
    auto tools = (*conn)->ListTools();
    REQUIRE(tools.has_value());
    CHECK(tools->size() == 3);
    (*conn)->Close();
    CHECK(ReadAll(dir + "/log").find("dropped ") != std::string::npos);
  }
  {
    const std::string dir = TempDir();
    config::Server server = PythonServer("listen", "listen_server.py");
    server.args.insert(server.args.end(), {"--refuse"});
    server.cwd = dir;
    auto conn = Connect(server, ConnectOptions{});
    REQUIRE_MESSAGE(conn.has_value(), (conn ? "" : conn.error().message));
    CHECK((*conn)->protocol().subscription == "refused: code -32601: Method not found: subscriptions/listen");
    auto echo = (*conn)->CallTool("echo", {{"text", "still here"}}, Millis(5000));
    REQUIRE(echo.has_value());
    CHECK(echo->Text() == "echo: still here");
    (*conn)->Close();
  }
}

}  // namespace ab::mcp
