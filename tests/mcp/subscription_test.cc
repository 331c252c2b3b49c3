// The 2026-07-28 subscriptions/listen subscription (mcp/subscription.h) through McpClient and a scripted transport:
// acknowledgement, routing of notifications by subscription id, refusal, the acknowledgement deadline, reopening
// with a bound, the flood limit and closing.
#include "mcp/subscription.h"

#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

#include "fake_transport.h"
#include "mcp/client.h"

namespace ab::mcp {
namespace {

using testing::FakeTransport;

// Polls |done| for up to |ms| milliseconds.
bool WaitFor(const std::function<bool()>& done, int ms = 5000) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

Json Notification(const std::string& method, const Json& subscription, Json params = Json::object()) {
  params["_meta"] = {{kMetaSubscriptionId, subscription}};
  return {{"jsonrpc", "2.0"}, {"method", method}, {"params", params}};
}

// A 2026-07-28 server offering tools.listChanged (unless |list_changed| is false). How it answers listen is the
// test's: |on_listen| gets the request and returns the answer to send (null: none yet).
// It answers every request |t| sends from construction on (a test may replace the responder to wrap Answer).
struct ListenServer {
  explicit ListenServer(FakeTransport* t) : transport(t) {
    transport->responder = [this](const Json& sent) { return Answer(sent); };
  }
  ListenServer(const ListenServer&) = delete;
  ListenServer& operator=(const ListenServer&) = delete;
  FakeTransport* transport = nullptr;
  bool list_changed = true;
  std::function<Json(const Json&)> on_listen;
  std::mutex mu;
  std::vector<Json> listens;

  Json Answer(const Json& sent) {
    if (!sent.contains("id")) return Json();
    auto reply = [&](Json result) { return Json{{"jsonrpc", "2.0"}, {"id", sent["id"]}, {"result", result}}; };
    const std::string method = sent["method"];
    if (method == "server/discover") {
      Json tools = list_changed ? Json{{"listChanged", true}} : Json::object();
      return reply({{"resultType", "complete"},
                    {"supportedVersions", {"2026-07-28"}},
                    {"capabilities", {{"tools", tools}}},
                    {"serverInfo", {{"name", "listen"}, {"version", "1"}}}});
    }
    if (method == "tools/list") {
      return reply({{"resultType", "complete"},
                    {"tools", Json::array({{{"name", "a"}, {"inputSchema", {{"type", "object"}}}}})}});
    }
    if (method == "subscriptions/listen") {
      {
        std::lock_guard<std::mutex> lock(mu);
        listens.push_back(sent);
      }
      return on_listen ? on_listen(sent) : Json();
    }
    return {{"jsonrpc", "2.0"}, {"id", sent["id"]}, {"error", {{"code", -32601}, {"message", "Method not found"}}}};
  }
  // Every listen request gets acknowledged, with no answer to the request itself (the stream stays open).
  void AcknowledgeEveryListen() {
    on_listen = [this](const Json& listen) {
      Acknowledge(listen);
      return Json();
    };
  }
  // Acknowledges |listen| the way the schema says: the first message naming its id.
  void Acknowledge(const Json& listen) {
    transport->Deliver(Notification("notifications/subscriptions/acknowledged", listen["id"],
                                    {{"notifications", {{"toolsListChanged", true}}}}));
  }
  size_t count() {
    std::lock_guard<std::mutex> lock(mu);
    return listens.size();
  }
  Json last() {
    std::lock_guard<std::mutex> lock(mu);
    return listens.empty() ? Json() : listens.back();
  }
};

// The notifications/cancelled the client sent for |id|.
int CancelsFor(FakeTransport& transport, const Json& id) {
  int n = 0;
  for (const Json& sent : transport.sent())
    if (sent.value("method", "") == "notifications/cancelled" && sent["params"]["requestId"] == id) ++n;
  return n;
}

ClientOptions FastOptions() {
  ClientOptions options;
  options.server_name = "srv";
  options.listen.ack_timeout = Millis(300);
  options.listen.first_backoff = Millis(20);
  options.listen.max_backoff = Millis(40);
  options.listen.connect_wait = Millis(1000);
  return options;
}

}  // namespace

TEST_CASE(
    "a 2026-07-28 server offering tools.listChanged gets one listen subscription: list_changed on it reaches "
    "the tool list, another subscription's does not") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  ListenServer server{transport};
  server.AcknowledgeEveryListen();
  McpClient client(std::move(owned), FastOptions());
  REQUIRE(client.Connect().ok());
  // Connect returns once the subscription is acknowledged: a change the first call makes is not missed.
  REQUIRE(server.count() == 1);
  const Json listen = server.last();
  CHECK(listen["params"]["notifications"] == Json{{"toolsListChanged", true}});
  CHECK(listen["params"]["_meta"]["io.modelcontextprotocol/protocolVersion"] == "2026-07-28");
  CHECK(listen["params"]["_meta"]["io.modelcontextprotocol/clientInfo"]["name"] == "agent-bench");
  CHECK(client.protocol().subscription == "acknowledged {toolsListChanged}");

  REQUIRE(client.ListTools().has_value());
  CHECK(client.tools_changes() == 0);
  transport->Deliver(Notification("notifications/tools/list_changed", listen["id"]));
  CHECK(client.tools_changes() == 1);
  // Another subscription's id (a number we never used, or our id as a string) is not ours: ignored, counted.
  transport->Deliver(Notification("notifications/tools/list_changed", listen["id"].get<int64_t>() + 1000));
  transport->Deliver(Notification("notifications/tools/list_changed", std::to_string(listen["id"].get<int64_t>())));
  CHECK(client.tools_changes() == 1);
  // A type we did not ask for (the server MUST NOT send it) is dropped.
  transport->Deliver(Notification("notifications/prompts/list_changed", listen["id"]));
  const std::string record = client.protocol().subscription;
  CHECK(record.find("acknowledged {toolsListChanged}") == 0);
  CHECK(record.find("2 notification(s) for another subscription ignored") != std::string::npos);
  CHECK(record.find("1 notification(s) of a type not asked for ignored") != std::string::npos);
  // A list_changed without a subscription id (as 2025-11-25 servers send) still counts.
  transport->Deliver({{"jsonrpc", "2.0"}, {"method", "notifications/tools/list_changed"}});
  CHECK(client.tools_changes() == 2);
}

TEST_CASE(
    "a server answering subscriptions/listen with -32601 gets no subscription, recorded once, and the run goes "
    "on") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  ListenServer server{transport};
  server.on_listen = [](const Json& listen) {
    return Json{
        {"jsonrpc", "2.0"}, {"id", listen["id"]}, {"error", {{"code", -32601}, {"message", "Method not found"}}}};
  };
  McpClient client(std::move(owned), FastOptions());
  REQUIRE(client.Connect().ok());
  CHECK(client.protocol().subscription == "refused: code -32601: Method not found");
  REQUIRE(client.ListTools().has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(server.count() == 1);  // never asked again
  CHECK(client.alive());
}

TEST_CASE("a server without tools.listChanged, and a 2025-11-25 server, get no listen request") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  ListenServer server{transport};
  server.list_changed = false;
  McpClient client(std::move(owned), FastOptions());
  REQUIRE(client.Connect().ok());
  CHECK(client.protocol().subscription == "not offered");
  CHECK(server.count() == 0);

  auto legacy_owned = std::make_unique<FakeTransport>();
  FakeTransport* legacy = legacy_owned.get();
  legacy->responder = [](const Json& sent) -> Json {
    if (!sent.contains("id")) return Json();
    if (sent["method"] == "initialize") {
      return {{"jsonrpc", "2.0"},
              {"id", sent["id"]},
              {"result",
               {{"protocolVersion", "2025-11-25"},
                {"capabilities", {{"tools", {{"listChanged", true}}}}},
                {"serverInfo", {{"name", "old"}}}}}};
    }
    return {{"jsonrpc", "2.0"}, {"id", sent["id"]}, {"error", {{"code", -32601}, {"message", "Method not found"}}}};
  };
  McpClient old(std::move(legacy_owned), FastOptions());
  REQUIRE(old.Connect().ok());
  CHECK(old.protocol().era == "legacy");
  CHECK(old.protocol().subscription.empty());
  for (const Json& sent : legacy->sent()) CHECK(sent.value("method", "") != "subscriptions/listen");
}

TEST_CASE("a server that never acknowledges: the subscription is given up at the deadline, cancelled, recorded") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  ListenServer server{transport};
  ClientOptions options = FastOptions();
  options.listen.connect_wait = Millis(50);
  McpClient client(std::move(owned), options);
  const auto start = std::chrono::steady_clock::now();
  REQUIRE(client.Connect().ok());
  // Connect waited connect_wait, not the whole acknowledgement deadline.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(290));
  CHECK(client.protocol().subscription == "opening");
  REQUIRE(WaitFor([&] { return client.protocol().subscription.find("given up") == 0; }));
  CHECK(client.protocol().subscription == "given up: no notifications/subscriptions/acknowledged within 300ms");
  CHECK(CancelsFor(*transport, server.last()["id"]) == 1);
  CHECK(server.count() == 1);
  // A late acknowledgement changes nothing.
  server.Acknowledge(server.last());
  CHECK(client.protocol().subscription.find("given up") == 0);
}

TEST_CASE("a dropped subscription is reopened with backoff, re-lists the tools, and is given up after the bound") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  ListenServer server{transport};
  server.AcknowledgeEveryListen();
  ClientOptions options = FastOptions();
  options.listen.max_reopens = 2;
  McpClient client(std::move(owned), options);
  REQUIRE(client.Connect().ok());
  REQUIRE(client.ListTools().has_value());
  REQUIRE(server.count() == 1);

  // 1: the stream drops (transport failure); the reopened one is acknowledged and the tools are listed again,
  // since a change in the gap was not announced.
  transport->FailRequest(server.last()["id"], Error(ErrorCode::kUnavailable, "stream dropped"));
  REQUIRE(WaitFor([&] { return server.count() == 2 && client.tools_changes() == 1; }));
  // 2: the server ends it with notifications/cancelled naming it (stdio).
  transport->Deliver({{"jsonrpc", "2.0"},
                      {"method", "notifications/cancelled"},
                      {"params", {{"requestId", server.last()["id"]}, {"reason", "restart"}}}});
  REQUIRE(WaitFor([&] { return server.count() == 3; }));
  // Notifications of the ended subscription are no longer ours, and not counted as foreign either.
  const Json first_id = server.listens.front()["id"];
  // 3: a graceful end (SubscriptionsListenResult): the bound (2 reopens) is reached.
  transport->Deliver(
      {{"jsonrpc", "2.0"},
       {"id", server.last()["id"]},
       {"result", {{"resultType", "complete"}, {"_meta", {{kMetaSubscriptionId, server.last()["id"]}}}}}});
  REQUIRE(WaitFor([&] { return client.protocol().subscription.find("given up") == 0; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(server.count() == 3);
  const std::string record = client.protocol().subscription;
  CHECK(record.find("the server ended the subscription 3 times") != std::string::npos);
  CHECK(record.find("reopen limit 2") != std::string::npos);
  CHECK(record.find("reopened 2 time(s)") != std::string::npos);
  const uint64_t changes = client.tools_changes();
  transport->Deliver(Notification("notifications/tools/list_changed", first_id));
  CHECK(client.tools_changes() == changes);
  CHECK(client.alive());
}

TEST_CASE("a flood of notifications closes the subscription, and only the first ones count") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  ListenServer server{transport};
  server.AcknowledgeEveryListen();
  ClientOptions options = FastOptions();
  options.listen.flood_limit = 5;
  options.listen.flood_window = Millis(60000);
  McpClient client(std::move(owned), options);
  REQUIRE(client.Connect().ok());
  const Json id = server.last()["id"];
  for (int i = 0; i < 1000; ++i) transport->Deliver(Notification("notifications/tools/list_changed", id));
  CHECK(client.tools_changes() == 5);
  REQUIRE(WaitFor([&] { return client.protocol().subscription.find("closed") == 0; }));
  CHECK(client.protocol().subscription == "closed: more than 5 notifications within 1m (flood limit)");
  REQUIRE(WaitFor([&] { return CancelsFor(*transport, id) == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(server.count() == 1);  // a flooding server is not asked again
}

// Streamable HTTP: the client ends a 2026-07-28 request by closing its stream (CancelRequest), not by a message.
class HttpLikeTransport : public FakeTransport {
 public:
  bool is_streamable_http() const override { return true; }
  void CancelRequest(const Json& id) override {
    std::lock_guard<std::mutex> lock(mu);
    cancelled.push_back(id);
  }
  std::mutex mu;
  std::vector<Json> cancelled;
};

TEST_CASE("Close() ends the subscription at once: stdio sends notifications/cancelled, HTTP closes its stream") {
  for (const bool http : {false, true}) {
    CAPTURE(http);
    auto owned = http ? std::unique_ptr<FakeTransport>(std::make_unique<HttpLikeTransport>())
                      : std::make_unique<FakeTransport>();
    FakeTransport* transport = owned.get();
    ListenServer server{transport};
    server.AcknowledgeEveryListen();
    McpClient client(std::move(owned), FastOptions());
    REQUIRE(client.Connect().ok());
    const Json id = server.last()["id"];
    const auto start = std::chrono::steady_clock::now();
    client.Close();
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(200));
    if (http) {
      auto* like = static_cast<HttpLikeTransport*>(transport);
      std::lock_guard<std::mutex> lock(like->mu);
      CHECK(like->cancelled == std::vector<Json>{id});
      CHECK(CancelsFor(*transport, id) == 0);
    } else {
      CHECK(CancelsFor(*transport, id) == 1);
    }
    // The record keeps what happened; nothing is reopened after Close.
    CHECK(client.protocol().subscription == "acknowledged {toolsListChanged}");
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    CHECK(server.count() == 1);
  }
}

TEST_CASE("a tool call in flight and the open subscription do not wait for each other") {
  auto owned = std::make_unique<FakeTransport>();
  FakeTransport* transport = owned.get();
  ListenServer server{transport};
  server.AcknowledgeEveryListen();
  Json call_id;
  std::mutex mu;
  transport->responder = [&](const Json& sent) {
    if (sent.value("method", "") == "tools/call") {
      std::lock_guard<std::mutex> lock(mu);
      call_id = sent["id"];
      return Json();  // answered later
    }
    return server.Answer(sent);
  };
  McpClient client(std::move(owned), FastOptions());
  REQUIRE(client.Connect().ok());
  REQUIRE(client.ListTools().has_value());
  std::thread call([&] {
    auto result = client.CallTool("a", Json::object(), Millis(5000));
    CHECK(result.has_value());
  });
  REQUIRE(WaitFor([&] {
    std::lock_guard<std::mutex> lock(mu);
    return !call_id.is_null();
  }));
  // While the call waits, the subscription's notification is handled at once.
  transport->Deliver(Notification("notifications/tools/list_changed", server.last()["id"]));
  CHECK(client.tools_changes() == 1);
  Json id;
  {
    std::lock_guard<std::mutex> lock(mu);
    id = call_id;
  }
  transport->Deliver(
      {{"jsonrpc", "2.0"},
       {"id", id},
       {"result", {{"resultType", "complete"}, {"content", Json::array({{{"type", "text"}, {"text", "ok"}}})}}}});
  call.join();
}

}  // namespace ab::mcp
