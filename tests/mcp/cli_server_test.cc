#include "mcp/cli_server.h"

#include <doctest/doctest.h>

#include "test_util.h"

namespace ab::mcp {
namespace {

config::Server CliConfig(const std::string& command) {
  config::Server server;
  server.name = "cli";
  server.type = "cli";
  server.command = command;
  server.disable_help_auto_discovery = true;
  return server;
}

TEST_CASE("cli: one <prefix>_execute tool, arguments are not interpreted by a shell") {
  config::Server config = CliConfig("echo");
  config.tool_prefix = "echoer";
  auto server = Connect(config, {});
  REQUIRE(server.has_value());
  auto tools = (*server)->ListTools();
  REQUIRE(tools->size() == 1);
  CHECK(tools->front().name == "echoer_execute");
  auto result = (*server)->CallTool("echoer_execute", {{"args", "'a b' ; rm -rf / $(id)"}}, Millis(5000));
  REQUIRE(result.has_value());
  Json payload = Json::parse(result->Text());
  CHECK(payload["exit_code"] == 0);
  CHECK(payload["stdout"] == "a b ; rm -rf / $(id)\n");
  CHECK_FALSE(result->is_error);
}

TEST_CASE("cli: a non-zero exit is isError with stderr captured") {
  auto server = Connect(CliConfig("ls"), {});
  REQUIRE(server.has_value());
  auto result = (*server)->CallTool("cli_execute", {{"args", "/definitely/not/here"}}, Millis(5000));
  REQUIRE(result.has_value());
  CHECK(result->is_error);
  Json payload = Json::parse(result->Text());
  CHECK(payload["exit_code"] != 0);
  CHECK_FALSE(payload["stderr"].get<std::string>().empty());
}

TEST_CASE("cli: shell mode, working_dir, and help_commands for the description") {
  config::Server config = CliConfig("pwd;");
  config.shell = "/bin/sh";
  config.working_dir = "/tmp";
  config.help_commands = {"echo usage: my tool"};
  auto server = Connect(config, {});
  REQUIRE(server.has_value());
  CHECK((*server)->ListTools()->front().description.find("usage: my tool") != std::string::npos);
  auto result = (*server)->CallTool("cli_execute", {{"args", "echo hi"}}, Millis(5000));
  REQUIRE(result.has_value());
  CHECK(Json::parse(result->Text())["stdout"] == "/tmp\nhi\n");
}

TEST_CASE("cli: the per-call timeout kills the process group") {
  config::Server config = CliConfig("sh");
  auto server = Connect(config, {});
  REQUIRE(server.has_value());
  auto start = std::chrono::steady_clock::now();
  auto result = (*server)->CallTool("cli_execute", {{"args", "-c 'sleep 30 & sleep 30'"}}, Millis(300));
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == ErrorCode::kTimeout);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  CHECK(testing::ChildPids().empty());
}

}  // namespace
}  // namespace ab::mcp
