#include "mcp/client.h"

#include <doctest/doctest.h>

#include "fake_transport.h"

namespace ab::mcp {
namespace {

using testing::FakeTransport;

// A scripted server: answers initialize with |version| and tools/list with |pages| (nextCursor chained).
struct Scripted {
  FakeTransport* transport = nullptr;
  int list_calls = 0;
  Json Answer(const Json& sent, const std::string& version) {
    if (!sent.contains("id")) return Json();
    const std::string method = sent["method"];
    Json result;
    if (method == "initialize") {
      result = {{"protocolVersion", version}, {"capabilities", {{"tools", {{"listChanged", true}}}}},
                {"serverInfo", {{"name", "fake"}}}};
    } else if (method == "tools/list") {
      ++list_calls;
      const bool second = sent["params"].contains("cursor");
      result = {{"tools", Json::array({{{"name", second ? "b" : "a"}, {"inputSchema", {{"type", "object"}}}}})}};
      if (!second) result["nextCursor"] = "c1";
    } else {
      return Json();
    }
    return {{"jsonrpc", "2.0"}, {"id", sent["id"]}, {"result", result}};
  }
};

TEST_CASE("initialize sends our version, clientInfo and roots capability, then initialized") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  Scripted script;
  transport->responder = [&](const Json& sent) { return script.Answer(sent, "2025-06-18"); };
  ClientOptions options;
  options.server_name = "fake";
  options.root_uris = {"file:///tmp"};
  McpClient client(std::move(owned), options);
  REQUIRE(client.Connect().ok());
  auto sent = transport->sent();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0]["params"]["protocolVersion"] == kLatestProtocolVersion);
  CHECK(sent[0]["params"]["clientInfo"]["name"] == "agent-bench");
  CHECK(sent[0]["params"]["capabilities"]["roots"]["listChanged"] == true);
  CHECK(sent[1]["method"] == "notifications/initialized");
  CHECK(client.server_info().protocol_version == "2025-06-18");
}

TEST_CASE("tools are paginated, cached, and re-listed after list_changed") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  Scripted script;
  transport->responder = [&](const Json& sent) { return script.Answer(sent, "2025-11-25"); };
  McpClient client(std::move(owned), ClientOptions{});
  REQUIRE(client.Connect().ok());
  auto tools = client.ListTools();
  REQUIRE(tools.has_value());
  REQUIRE(tools->size() == 2);
  CHECK((*tools)[1].name == "b");
  CHECK(script.list_calls == 2);
  REQUIRE(client.ListTools().has_value());
  CHECK(script.list_calls == 2);  // cached
  transport->Deliver({{"jsonrpc", "2.0"}, {"method", "notifications/tools/list_changed"}});
  REQUIRE(client.ListTools().has_value());
  CHECK(script.list_calls == 4);  // both pages again
}

TEST_CASE("an unsupported protocol version in the answer is an error") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  Scripted script;
  transport->responder = [&](const Json& sent) { return script.Answer(sent, "1999-01-01"); };
  McpClient client(std::move(owned), ClientOptions{});
  Status status = client.Connect();
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().code == ErrorCode::kProtocol);
  CHECK_FALSE(client.alive());
}

TEST_CASE("tools/call carries a progress token and the arguments") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  Scripted script;
  transport->responder = [&](const Json& sent) -> Json {
    if (sent.value("method", "") == "tools/call") {
      return {{"jsonrpc", "2.0"}, {"id", sent["id"]},
              {"result", {{"content", Json::array({{{"type", "text"}, {"text", "ok"}}})}}}};
    }
    return script.Answer(sent, "2025-11-25");
  };
  McpClient client(std::move(owned), ClientOptions{});
  REQUIRE(client.Connect().ok());
  auto result = client.CallTool("t", {{"x", 1}}, Millis(5000));
  REQUIRE(result.has_value());
  CHECK(result->Text() == "ok");
  Json call = transport->sent().back();
  CHECK(call["params"]["name"] == "t");
  CHECK(call["params"]["arguments"]["x"] == 1);
  CHECK(call["params"]["_meta"]["progressToken"].is_string());
}

}  // namespace
}  // namespace ab::mcp
