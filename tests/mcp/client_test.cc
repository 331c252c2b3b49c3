#include "mcp/client.h"

#include <doctest/doctest.h>

#include "base/time.h"
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
      result = {{"protocolVersion", version},
                {"capabilities", {{"tools", {{"listChanged", true}}}}},
                {"serverInfo", {{"name", "fake"}}}};
    } else if (method == "tools/list") {
      ++list_calls;
      const bool second = sent["params"].contains("cursor");
      result = {{"tools", Json::array({{{"name", second ? "b" : "a"}, {"inputSchema", {{"type", "object"}}}}})}};
      if (!second) result["nextCursor"] = "c1";
    } else if (method == "server/discover") {
      // What the TypeScript SDK (2025-11-25 and older) answers to a method it does not know.
      return {{"jsonrpc", "2.0"}, {"id", sent["id"]}, {"error", {{"code", -32601}, {"message", "Method not found"}}}};
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
  REQUIRE(sent.size() == 3);
  CHECK(sent[0]["method"] == "server/discover");  // the 2026-07-28 probe, answered -32601: a legacy server
  CHECK(sent[1]["params"]["protocolVersion"] == kLatestProtocolVersion);
  CHECK(sent[1]["params"]["clientInfo"]["name"] == "agent-bench");
  CHECK(sent[1]["params"]["capabilities"]["roots"]["listChanged"] == true);
  CHECK(sent[2]["method"] == "notifications/initialized");
  CHECK(client.server_info().protocol_version == "2025-06-18");
  CHECK(client.protocol().era == "legacy");
  CHECK(client.protocol().how == "initialize-fallback");
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
      return {{"jsonrpc", "2.0"},
              {"id", sent["id"]},
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

// A 2026-07-28 server: answers server/discover, checks every request's _meta, and asks for input once on
// tools/call "confirm" (multi-round-trip) before completing it.
struct Modern {
  std::vector<std::string> supported = {"2026-07-28"};
  int reject_first = 0;  // answer this many requests with -32022 first
  std::vector<Json> seen;
  Json Answer(const Json& sent) {
    if (!sent.contains("id")) return Json();
    seen.push_back(sent);
    const Json meta = sent["params"].value("_meta", Json::object());
    auto reply = [&](Json result) { return Json{{"jsonrpc", "2.0"}, {"id", sent["id"]}, {"result", result}}; };
    if (reject_first > 0) {
      --reject_first;
      Json data = {{"supported", supported}, {"requested", meta.value("io.modelcontextprotocol/protocolVersion", "")}};
      Json err = {{"code", -32022}, {"message", "Unsupported protocol version"}, {"data", data}};
      return {{"jsonrpc", "2.0"}, {"id", sent["id"]}, {"error", err}};
    }
    if (!meta.contains("io.modelcontextprotocol/protocolVersion") ||
        !meta.contains("io.modelcontextprotocol/clientCapabilities")) {
      return {{"jsonrpc", "2.0"}, {"id", sent["id"]}, {"error", {{"code", -32602}, {"message", "missing _meta"}}}};
    }
    const std::string method = sent["method"];
    if (method == "server/discover") {
      return reply({{"resultType", "complete"},
                    {"supportedVersions", supported},
                    {"capabilities", {{"tools", Json::object()}}},
                    {"serverInfo", {{"name", "modern"}, {"version", "9"}}}});
    }
    if (method == "tools/list") {
      return reply({{"resultType", "complete"},
                    {"tools", Json::array({{{"name", "confirm"}, {"inputSchema", {{"type", "object"}}}}})}});
    }
    if (method == "tools/call") {
      if (!sent["params"].contains("inputResponses")) {
        return reply({{"resultType", "input_required"},
                      {"inputRequests",
                       {{"ok",
                         {{"method", "elicitation/create"},
                          {"params", {{"message", "sure?"}, {"requestedSchema", Json::object()}}}}}}},
                      {"requestState", "opaque-1"}});
      }
      return reply({{"resultType", "complete"}, {"content", Json::array({{{"type", "text"}, {"text", "done"}}})}});
    }
    return {{"jsonrpc", "2.0"}, {"id", sent["id"]}, {"error", {{"code", -32601}, {"message", "Method not found"}}}};
  }
};

TEST_CASE("a server answering server/discover is spoken to statelessly, with _meta on every request") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  Modern server;
  transport->responder = [&](const Json& sent) { return server.Answer(sent); };
  ClientOptions options;
  options.trace_id = "0af7651916cd43dd8448eb211c80319c";
  McpClient client(std::move(owned), options);
  REQUIRE(client.Connect().ok());
  CHECK(client.protocol().era == "modern");
  CHECK(client.protocol().protocol_version == "2026-07-28");
  CHECK(client.protocol().implementation == "modern 9");
  auto tools = client.ListTools();
  REQUIRE(tools.has_value());
  for (const Json& sent : transport->sent()) {
    CHECK(sent["method"] != "initialize");
    const Json& meta = sent["params"]["_meta"];
    CHECK(meta["io.modelcontextprotocol/protocolVersion"] == "2026-07-28");
    CHECK(meta["io.modelcontextprotocol/clientInfo"]["name"] == "agent-bench");
    CHECK(meta["io.modelcontextprotocol/clientCapabilities"].is_object());
    const std::string traceparent = meta["traceparent"];
    CHECK(traceparent.size() == 55);
    CHECK(traceparent.rfind("00-0af7651916cd43dd8448eb211c80319c-", 0) == 0);
  }
}

TEST_CASE("input_required is answered and the request retried under a new id with requestState echoed") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  Modern server;
  transport->responder = [&](const Json& sent) { return server.Answer(sent); };
  ClientOptions options;
  options.extra_request_handler = [](const std::string& method, const Json&) -> std::variant<Json, RpcFailure> {
    if (method == "elicitation/create") return Json{{"action", "accept"}, {"content", {{"yes", true}}}};
    return RpcFailure{kMethodNotFound, "no", Json()};
  };
  McpClient client(std::move(owned), options);
  REQUIRE(client.Connect().ok());
  REQUIRE(client.ListTools().has_value());
  auto result = client.CallTool("confirm", Json::object(), Millis(5000));
  REQUIRE(result.has_value());
  CHECK(result->Text() == "done");
  std::vector<Json> calls;
  for (const Json& sent : transport->sent())
    if (sent["method"] == "tools/call") calls.push_back(sent);
  REQUIRE(calls.size() == 2);
  CHECK(calls[0]["id"] != calls[1]["id"]);
  CHECK_FALSE(calls[0]["params"].contains("requestState"));
  CHECK(calls[1]["params"]["requestState"] == "opaque-1");
  CHECK(calls[1]["params"]["inputResponses"]["ok"]["action"] == "accept");
  CHECK(calls[1]["params"]["arguments"] == Json::object());
}

TEST_CASE("a server that keeps asking for input fails the call after the round limit") {
  auto owned = std::make_unique<FakeTransport>();
  Modern server;
  FakeTransport* transport = owned.get();
  transport->responder = [&](const Json& sent) {
    Json answer = server.Answer(sent);
    if (sent.value("method", "") == "tools/call") {
      answer["result"] = {{"resultType", "input_required"}, {"requestState", "again"}};
    }
    return answer;
  };
  ClientOptions options;
  options.max_input_rounds = 3;
  McpClient client(std::move(owned), options);
  REQUIRE(client.Connect().ok());
  auto result = client.CallTool("confirm", Json::object(), Millis(5000));
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().message.find("multi-round-trip limit") != std::string::npos);
  int calls = 0;
  for (const Json& sent : transport->sent()) calls += sent["method"] == "tools/call";
  CHECK(calls == 3);
}

TEST_CASE("-32022 on server/discover is retried once with a version the server lists") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  Modern server;
  server.reject_first = 1;
  transport->responder = [&](const Json& sent) { return server.Answer(sent); };
  McpClient client(std::move(owned), ClientOptions{});
  REQUIRE(client.Connect().ok());
  CHECK(client.protocol().era == "modern");
  REQUIRE(transport->sent().size() == 2);
  CHECK(transport->sent()[0]["id"] != transport->sent()[1]["id"]);
}

TEST_CASE("a dual-era server that lists only legacy versions gets initialize") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  Modern modern;
  modern.supported = {"2025-11-25"};
  modern.reject_first = 1;
  Scripted legacy;
  transport->responder = [&](const Json& sent) {
    return sent.value("method", "") == "server/discover" ? modern.Answer(sent) : legacy.Answer(sent, "2025-11-25");
  };
  McpClient client(std::move(owned), ClientOptions{});
  REQUIRE(client.Connect().ok());
  CHECK(client.protocol().era == "legacy");
  CHECK(client.protocol().protocol_version == "2025-11-25");
}

TEST_CASE("a server that answers server/discover with an empty result is legacy, not modern") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  Scripted script;
  transport->responder = [&](const Json& sent) -> Json {
    if (sent.value("method", "") == "server/discover") {
      return {{"jsonrpc", "2.0"}, {"id", sent["id"]}, {"result", Json::object()}};  // answers everything with {}
    }
    return script.Answer(sent, "2025-11-25");
  };
  McpClient client(std::move(owned), ClientOptions{});
  REQUIRE(client.Connect().ok());
  CHECK(client.protocol().era == "legacy");
  CHECK(transport->sent()[1]["method"] == "initialize");
}

TEST_CASE("the era is cached per server and protocol: forces it") {
  const std::string key = "test\x1f" + std::to_string(NowMs());
  for (int round = 0; round < 2; ++round) {
    auto owned = std::make_unique<FakeTransport>();
    FakeTransport* transport = owned.get();
    Scripted script;
    transport->responder = [&](const Json& sent) { return script.Answer(sent, "2025-11-25"); };
    ClientOptions options;
    options.era_cache_key = key;
    McpClient client(std::move(owned), options);
    REQUIRE(client.Connect().ok());
    CHECK(transport->sent()[0]["method"] == (round == 0 ? "server/discover" : "initialize"));
    CHECK(client.protocol().how == (round == 0 ? "initialize-fallback" : "cached"));
  }
  ForgetProtocolVersion(key);

  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  Scripted script;
  transport->responder = [&](const Json& sent) { return script.Answer(sent, "2025-06-18"); };
  ClientOptions options;
  options.protocol = "2025-06-18";
  McpClient client(std::move(owned), options);
  REQUIRE(client.Connect().ok());
  CHECK(transport->sent()[0]["method"] == "initialize");
  CHECK(transport->sent()[0]["params"]["protocolVersion"] == "2025-06-18");
  CHECK(client.protocol().how == "forced");
}

TEST_CASE("protocol: 2026-07-28 against a legacy server is an error naming the setting") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  Scripted script;
  transport->responder = [&](const Json& sent) { return script.Answer(sent, "2025-11-25"); };
  ClientOptions options;
  options.protocol = "2026-07-28";
  McpClient client(std::move(owned), options);
  Status status = client.Connect();
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().message.find("protocol:") != std::string::npos);
}

TEST_CASE("a taskSupport:required tool is called as a task and polled to its result") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  Scripted script;
  int polls = 0;
  transport->responder = [&](const Json& sent) -> Json {
    const std::string method = sent.value("method", "");
    auto reply = [&](Json result) { return Json{{"jsonrpc", "2.0"}, {"id", sent["id"]}, {"result", result}}; };
    if (method == "tools/list") {
      return reply({{"tools", Json::array({{{"name", "research"},
                                            {"inputSchema", {{"type", "object"}}},
                                            {"execution", {{"taskSupport", "required"}}}}})}});
    }
    if (method == "tools/call") {
      if (!sent["params"].contains("task")) return reply({{"content", Json::array()}, {"isError", true}});
      return reply({{"task", {{"taskId", "t1"}, {"status", "working"}, {"pollInterval", 50}}}});
    }
    if (method == "tasks/get") {
      ++polls;
      return reply({{"taskId", "t1"}, {"status", polls < 3 ? "working" : "completed"}, {"pollInterval", 50}});
    }
    if (method == "tasks/result") {
      return reply({{"content", Json::array({{{"type", "text"}, {"text", "report"}}})}});
    }
    return script.Answer(sent, "2025-11-25");
  };
  McpClient client(std::move(owned), ClientOptions{});
  REQUIRE(client.Connect().ok());
  auto tools = client.ListTools();
  REQUIRE(tools.has_value());
  REQUIRE(tools->size() == 1);
  CHECK_FALSE((*tools)[0].task_only());  // offered: the client speaks tasks
  auto result = client.CallTool("research", Json::object(), Millis(5000));
  REQUIRE(result.has_value());
  CHECK(result->Text() == "report");
  CHECK(polls == 3);
}

TEST_CASE("a task still working at the call's deadline times out and is cancelled") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  Scripted script;
  bool cancelled = false;
  transport->responder = [&](const Json& sent) -> Json {
    const std::string method = sent.value("method", "");
    auto reply = [&](Json result) { return Json{{"jsonrpc", "2.0"}, {"id", sent["id"]}, {"result", result}}; };
    if (method == "tools/list") {
      return reply({{"tools", Json::array({{{"name", "slow"},
                                            {"inputSchema", {{"type", "object"}}},
                                            {"execution", {{"taskSupport", "required"}}}}})}});
    }
    if (method == "tools/call")
      return reply({{"task", {{"taskId", "t9"}, {"status", "working"}, {"pollInterval", 100}}}});
    if (method == "tasks/get") return reply({{"taskId", "t9"}, {"status", "working"}, {"pollInterval", 100}});
    if (method == "tasks/cancel") {
      cancelled = true;
      return reply({{"taskId", "t9"}, {"status", "cancelled"}});
    }
    return script.Answer(sent, "2025-11-25");
  };
  McpClient client(std::move(owned), ClientOptions{});
  REQUIRE(client.Connect().ok());
  REQUIRE(client.ListTools().has_value());
  auto result = client.CallTool("slow", Json::object(), Millis(600));
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == ErrorCode::kTimeout);
  CHECK(cancelled);
}

TEST_CASE("with tasks off a required-task tool stays task-only (hidden by the tool set)") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  Scripted script;
  transport->responder = [&](const Json& sent) -> Json {
    if (sent.value("method", "") == "tools/list") {
      return {{"jsonrpc", "2.0"},
              {"id", sent["id"]},
              {"result", {{"tools", Json::array({{{"name", "r"}, {"execution", {{"taskSupport", "required"}}}}})}}}};
    }
    return script.Answer(sent, "2025-11-25");
  };
  ClientOptions options;
  options.tasks = false;
  McpClient client(std::move(owned), options);
  REQUIRE(client.Connect().ok());
  auto tools = client.ListTools();
  REQUIRE(tools.has_value());
  CHECK((*tools)[0].task_only());
}

}  // namespace
}  // namespace ab::mcp
