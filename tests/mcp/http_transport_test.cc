// Streamable HTTP against the sample server's --http mode: JSON replies, sessions, 404 -> re-initialize.
#include <doctest/doctest.h>

#include <signal.h>

#include "mcp/server.h"
#include "mcp/subprocess.h"
#include "test_util.h"

namespace ab::mcp {
namespace {

using testing::FreePort;
using testing::SampleServerPath;
using testing::WaitForPort;

struct SampleHttp {
  Subprocess process;
  int port = FreePort();
  void Start() {
    auto spawned = Subprocess::Spawn({{SampleServerPath(), "--http", std::to_string(port)}, {}, ""});
    REQUIRE(spawned.has_value());
    process = std::move(spawned).value();
    REQUIRE(WaitForPort(port));
  }
  config::Server Config() const {
    config::Server server;
    server.name = "sample-http";
    server.type = "http";
    server.url = "http://127.0.0.1:" + std::to_string(port) + "/mcp";
    return server;
  }
};

TEST_CASE("Streamable HTTP with JSON replies: list and call") {
  SampleHttp sample;
  sample.Start();
  auto server = Connect(sample.Config(), {});
  REQUIRE_MESSAGE(server.has_value(), server.error().ToString());
  auto tools = (*server)->ListTools();
  REQUIRE(tools.has_value());
  CHECK(tools->size() == 15);
  auto weather = (*server)->CallTool("get_weather", {{"city", "Paris"}}, Millis(5000));
  REQUIRE(weather.has_value());
  CHECK(weather->structured["city"] == "Paris");
  (*server)->Close();
}

TEST_CASE("Streamable HTTP: a lost session (404) is re-initialized once and the call retried") {
  SampleHttp sample;
  sample.Start();
  auto server = Connect(sample.Config(), {});
  REQUIRE(server.has_value());
  REQUIRE((*server)->CallTool("echo", {{"message", "one"}}, Millis(5000)).has_value());
  // Restart the server on the same port: it forgets every session.
  sample.process.Shutdown(Millis(1000));
  sample.Start();
  auto again = (*server)->CallTool("echo", {{"message", "two"}}, Millis(5000));
  REQUIRE_MESSAGE(again.has_value(), again.error().ToString());
  CHECK(again->Text() == "Echo: two");
  (*server)->Close();
}

TEST_CASE("Streamable HTTP: an unreachable server fails the handshake") {
  config::Server config;
  config.name = "nobody";
  config.type = "http";
  config.url = "http://127.0.0.1:" + std::to_string(FreePort()) + "/mcp";
  config.server_delay = Millis(3000);
  auto server = Connect(config, {});
  REQUIRE_FALSE(server.has_value());
  CHECK(server.error().code == ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace ab::mcp
