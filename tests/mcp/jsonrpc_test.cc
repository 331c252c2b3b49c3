#include "mcp/jsonrpc.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "fake_transport.h"

namespace ab::mcp {
namespace {

using testing::FakeTransport;

Json Response(const Json& id, const Json& result) { return {{"result", result}, {"jsonrpc", "2.0"}, {"id", id}}; }

TEST_CASE("out-of-order answers reach the right callers") {
  FakeTransport transport;
  RpcPeer peer(transport);
  REQUIRE(peer.Start().ok());
  auto first = std::async(std::launch::async, [&] { return peer.Call("a", Json::object(), Millis(5000)); });
  auto second = std::async(std::launch::async, [&] { return peer.Call("b", Json::object(), Millis(5000)); });
  auto sent = transport.WaitSent(2);
  REQUIRE(sent.size() == 2);
  // Answer in reverse order, with a notification in between, echoing each request's own id.
  Json id_a = sent[0]["method"] == "a" ? sent[0]["id"] : sent[1]["id"];
  Json id_b = sent[0]["method"] == "b" ? sent[0]["id"] : sent[1]["id"];
  transport.Deliver(Response(id_b, {{"who", "b"}}));
  transport.Deliver({{"jsonrpc", "2.0"}, {"method", "notifications/progress"}, {"params", {{"progress", 1}}}});
  transport.Deliver(Response(id_a, {{"who", "a"}}));
  auto a = first.get();
  auto b = second.get();
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  CHECK((*a)["who"] == "a");
  CHECK((*b)["who"] == "b");
}

TEST_CASE("notifications are routed to the handler") {
  FakeTransport transport;
  RpcPeer peer(transport);
  std::vector<std::string> seen;
  peer.set_notification_handler([&](const std::string& method, const Json&) { seen.push_back(method); });
  REQUIRE(peer.Start().ok());
  transport.Deliver({{"jsonrpc", "2.0"}, {"method", "notifications/tools/list_changed"}});
  transport.Deliver(
      Json::array({{{"jsonrpc", "2.0"}, {"method", "x/one"}}, {{"jsonrpc", "2.0"}, {"method", "x/two"}}}));
  CHECK(seen == std::vector<std::string>{"notifications/tools/list_changed", "x/one", "x/two"});
}

TEST_CASE("server requests are answered: ping, unknown method, id 0 and string ids") {
  FakeTransport transport;
  RpcPeer peer(transport);
  REQUIRE(peer.Start().ok());
  transport.Deliver({{"method", "ping"}, {"jsonrpc", "2.0"}, {"id", 0}});
  transport.Deliver({{"method", "sampling/createMessage"}, {"jsonrpc", "2.0"}, {"id", "s-1"}, {"params", {}}});
  auto sent = transport.sent();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0]["id"] == 0);
  CHECK(sent[0]["result"] == Json::object());
  CHECK(sent[1]["id"] == "s-1");
  CHECK(sent[1]["error"]["code"] == kMethodNotFound);
}

TEST_CASE("a custom request handler answers with results or errors") {
  FakeTransport transport;
  RpcPeer peer(transport);
  peer.set_request_handler([](const std::string& method, const Json&) -> std::variant<Json, RpcFailure> {
    if (method == "roots/list") return Json{{"roots", Json::array()}};
    return RpcFailure{kInvalidParams, "nope", Json{{"why", 1}}};
  });
  REQUIRE(peer.Start().ok());
  transport.Deliver({{"jsonrpc", "2.0"}, {"id", 7}, {"method", "roots/list"}});
  transport.Deliver({{"jsonrpc", "2.0"}, {"id", 8}, {"method", "other"}});
  auto sent = transport.sent();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0]["result"]["roots"].is_array());
  CHECK(sent[1]["error"]["code"] == kInvalidParams);
  CHECK(sent[1]["error"]["data"]["why"] == 1);
}

TEST_CASE("a timeout fails the call and sends notifications/cancelled, the late answer is ignored") {
  FakeTransport transport;
  RpcPeer peer(transport);
  REQUIRE(peer.Start().ok());
  auto result = peer.Call("tools/call", Json::object(), Millis(100));
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == ErrorCode::kTimeout);
  auto sent = transport.sent();
  REQUIRE(sent.size() == 2);
  CHECK(sent[1]["method"] == "notifications/cancelled");
  CHECK(sent[1]["params"]["requestId"] == sent[0]["id"]);
  CHECK(sent[1]["params"]["reason"].is_string());
  transport.Deliver(Response(sent[0]["id"], Json::object()));  // must not crash or be matched to anything
  // The next request gets a fresh id and its own answer.
  auto next = std::async(std::launch::async, [&] { return peer.Call("ping", Json(), Millis(5000)); });
  auto more = transport.WaitSent(3);
  REQUIRE(more.size() == 3);
  CHECK(more[2]["id"] != sent[0]["id"]);
  transport.Deliver(Response(more[2]["id"], {{"ok", true}}));
  auto answer = next.get();
  REQUIRE(answer.has_value());
  CHECK((*answer)["ok"] == true);
}

TEST_CASE("initialize is never cancelled") {
  FakeTransport transport;
  RpcPeer peer(transport);
  REQUIRE(peer.Start().ok());
  auto result = peer.Call("initialize", Json::object(), Millis(50), nullptr, /*cancellable=*/false);
  CHECK(result.error().code == ErrorCode::kTimeout);
  CHECK(transport.sent().size() == 1);
}

TEST_CASE("the cancel flag stops a call and notifies the server") {
  FakeTransport transport;
  RpcPeer peer(transport);
  REQUIRE(peer.Start().ok());
  std::atomic<bool> cancel{false};
  std::thread flipper([&] {
    transport.WaitSent(1);
    cancel.store(true);
  });
  auto result = peer.Call("tools/call", Json::object(), Millis(10000), &cancel);
  flipper.join();
  CHECK(result.error().code == ErrorCode::kCancelled);
  auto sent = transport.sent();
  REQUIRE(sent.size() == 2);
  CHECK(sent[1]["method"] == "notifications/cancelled");
}

TEST_CASE("error answers become kRpcError with code, message and data") {
  FakeTransport transport;
  RpcPeer peer(transport);
  REQUIRE(peer.Start().ok());
  auto call = std::async(std::launch::async, [&] { return peer.Call("tools/call", Json::object(), Millis(5000)); });
  auto sent = transport.WaitSent(1);
  transport.Deliver({{"jsonrpc", "2.0"},
                     {"id", sent[0]["id"]},
                     {"error", {{"code", -32001}, {"message", "refused"}, {"data", {{"k", 1}}}}}});
  auto result = call.get();
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == ErrorCode::kRpcError);
  CHECK(result.error().message.find("-32001") != std::string::npos);
  CHECK(result.error().message.find("refused") != std::string::npos);
}

TEST_CASE("a string id is not the answer to the integer request") {
  FakeTransport transport;
  RpcPeer peer(transport);
  REQUIRE(peer.Start().ok());
  auto call = std::async(std::launch::async, [&] { return peer.Call("x", Json(), Millis(300)); });
  auto sent = transport.WaitSent(1);
  transport.Deliver(Response(std::to_string(sent[0]["id"].get<int>()), Json::object()));
  CHECK(call.get().error().code == ErrorCode::kTimeout);
}

TEST_CASE("closing the connection fails waiting calls promptly and later calls at once") {
  FakeTransport transport;
  RpcPeer peer(transport);
  REQUIRE(peer.Start().ok());
  auto call = std::async(std::launch::async, [&] { return peer.Call("slow", Json(), Millis(30000)); });
  transport.WaitSent(1);
  transport.CloseFromServer(Error(ErrorCode::kUnavailable, "server exited with code 3"));
  auto result = call.get();
  CHECK(result.error().code == ErrorCode::kUnavailable);
  CHECK(result.error().message.find("code 3") != std::string::npos);
  CHECK_FALSE(peer.alive());
  CHECK(peer.Call("again", Json(), Millis(30000)).error().code == ErrorCode::kUnavailable);
}

TEST_CASE("a transport failure for one request fails only that request") {
  FakeTransport transport;
  RpcPeer peer(transport);
  REQUIRE(peer.Start().ok());
  auto call = std::async(std::launch::async, [&] { return peer.Call("x", Json(), Millis(30000)); });
  auto sent = transport.WaitSent(1);
  transport.FailRequest(sent[0]["id"], Error(ErrorCode::kServer, "HTTP 500"));
  CHECK(call.get().error().code == ErrorCode::kServer);
  CHECK(peer.alive());
}

}  // namespace
TEST_CASE(
    "Open: the id is known before the send, the answer or the failure reaches the callback once, Abandon drops it") {
  FakeTransport transport;
  RpcPeer peer(transport);
  int64_t seen_id = 0;
  std::vector<std::pair<int64_t, std::string>> answers;
  std::mutex mu;
  // A server that answers at once, inside Send: the id must already be known then.
  transport.responder = [&](const Json& sent) {
    std::lock_guard<std::mutex> lock(mu);
    CHECK(sent["id"] == seen_id);
    return Json();
  };
  REQUIRE(peer.Start().ok());
  auto record = [&](int64_t id, Result<Json> r) {
    std::lock_guard<std::mutex> lock(mu);
    answers.emplace_back(id, r ? r->dump() : "error: " + r.error().message);
  };
  auto on_id = [&](int64_t id) {
    std::lock_guard<std::mutex> lock(mu);
    seen_id = id;
  };
  const auto later = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  auto first = peer.Open("subscriptions/listen", Json::object(), on_id, record, later);
  REQUIRE(first.has_value());
  CHECK(*first == seen_id);
  transport.Deliver(Response(*first, {{"resultType", "complete"}}));
  transport.Deliver(Response(*first, {{"again", true}}));  // a second answer finds nobody
  auto second = peer.Open("subscriptions/listen", Json::object(), on_id, record, later);
  REQUIRE(second.has_value());
  peer.Abandon(*second);
  transport.Deliver(Response(*second, Json::object()));  // abandoned: dropped
  auto third = peer.Open("subscriptions/listen", Json::object(), on_id, record, later);
  REQUIRE(third.has_value());
  peer.HandleClosed(Error(ErrorCode::kUnavailable, "server exited"));
  std::lock_guard<std::mutex> lock(mu);
  REQUIRE(answers.size() == 2);
  CHECK(answers[0].first == *first);
  CHECK(answers[0].second.find("resultType") != std::string::npos);
  CHECK(answers[1] == std::make_pair(*third, std::string("error: server exited")));
}

// A handler that waits until the test opens its gate, as a model call answering sampling/createMessage does.
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  bool open = false;
  int entered = 0;
  void Wait() {
    std::unique_lock<std::mutex> lock(mu);
    ++entered;
    cv.notify_all();
    cv.wait(lock, [&] { return open; });
  }
  bool WaitEntered(int n) {
    std::unique_lock<std::mutex> lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(5), [&] { return entered >= n; });
  }
  void Open() {
    std::lock_guard<std::mutex> lock(mu);
    open = true;
    cv.notify_all();
  }
};

Json ServerRequest(int id, const std::string& method) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", Json::object()}};
}

TEST_CASE("a slow server request is answered on the worker: answers and notifications behind it keep flowing") {
  FakeTransport transport;
  RpcPeer peer(transport);
  Gate gate;
  std::atomic<int> notes{0};
  peer.set_request_handler([&](const std::string& method, const Json&) -> std::variant<Json, RpcFailure> {
    if (method == "sampling/createMessage") gate.Wait();
    return Json{{"answered", method}};
  });
  peer.set_notification_handler([&](const std::string&, const Json&) { ++notes; });
  peer.set_worker_methods({"sampling/createMessage"});
  REQUIRE(peer.Start().ok());
  auto call = std::async(std::launch::async, [&] { return peer.Call("tools/call", Json::object(), Millis(5000)); });
  auto sent = transport.WaitSent(1);
  REQUIRE(sent.size() == 1);
  // Delivered on this thread, as a transport's reader would: none of these may wait for the sampling answer.
  transport.Deliver(ServerRequest(41, "sampling/createMessage"));
  REQUIRE(gate.WaitEntered(1));
  transport.Deliver({{"jsonrpc", "2.0"}, {"method", "notifications/progress"}, {"params", {{"progress", 1}}}});
  transport.Deliver(ServerRequest(42, "ping"));
  transport.Deliver(Response(sent[0]["id"], {{"content", Json::array()}}));
  auto result = call.get();
  REQUIRE(result.has_value());
  CHECK(notes.load() == 1);
  sent = transport.sent();
  REQUIRE(sent.size() == 2);
  CHECK(sent[1]["id"] == 42);  // the ping was answered while sampling still ran
  gate.Open();
  sent = transport.WaitSent(3);
  REQUIRE(sent.size() == 3);
  CHECK(sent[2]["id"] == 41);
  CHECK(sent[2]["result"]["answered"] == "sampling/createMessage");
}

TEST_CASE("deferred server requests are answered in order, a full queue refuses at once, and stopping drops the rest") {
  FakeTransport transport;
  RpcPeer peer(transport);
  Gate gate;
  std::mutex order_mu;
  std::vector<std::string> order;
  peer.set_request_handler([&](const std::string& method, const Json&) -> std::variant<Json, RpcFailure> {
    {
      std::lock_guard<std::mutex> lock(order_mu);
      order.push_back(method);
    }
    if (method == "elicitation/create") gate.Wait();
    return Json::object();
  });
  peer.set_worker_methods({"elicitation/create", "sampling/createMessage"});
  REQUIRE(peer.Start().ok());
  transport.Deliver(ServerRequest(1, "elicitation/create"));  // holds the worker
  REQUIRE(gate.WaitEntered(1));
  const int queued = static_cast<int>(RpcPeer::kMaxQueuedServerRequests);
  for (int i = 0; i < queued + 3; ++i) transport.Deliver(ServerRequest(100 + i, "sampling/createMessage"));
  // The three past the limit were refused at once, naming it; the queued ones wait for the worker.
  auto sent = transport.sent();
  REQUIRE(sent.size() == 3);
  for (const Json& refusal : sent) {
    CHECK(refusal["id"].get<int>() >= 100 + queued);
    CHECK(refusal["error"]["code"] == kInternalError);
    CHECK(refusal["error"]["message"].get<std::string>().find("32 requests from this server are already waiting") !=
          std::string::npos);
  }
  gate.Open();
  sent = transport.WaitSent(static_cast<size_t>(4 + queued));
  REQUIRE(sent.size() == static_cast<size_t>(4 + queued));
  CHECK(sent[3]["id"] == 1);
  for (int i = 0; i < queued; ++i) CHECK(sent[4 + i]["id"] == 100 + i);  // arrival order

  // After StopServerRequests nothing more is answered: the owner's state may be gone.
  peer.StopServerRequests();
  transport.Deliver(ServerRequest(500, "sampling/createMessage"));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(transport.sent().size() == static_cast<size_t>(4 + queued));
  std::lock_guard<std::mutex> lock(order_mu);
  CHECK(order.size() == static_cast<size_t>(1 + queued));
}

TEST_CASE("stopping while a deferred request is being answered waits for it and drops the queued ones") {
  FakeTransport transport;
  auto peer = std::make_unique<RpcPeer>(transport);
  Gate gate;
  std::atomic<int> answered{0};
  peer->set_request_handler([&](const std::string&, const Json&) -> std::variant<Json, RpcFailure> {
    gate.Wait();
    ++answered;
    return Json::object();
  });
  peer->set_worker_methods({"sampling/createMessage"});
  REQUIRE(peer->Start().ok());
  transport.Deliver(ServerRequest(1, "sampling/createMessage"));
  transport.Deliver(ServerRequest(2, "sampling/createMessage"));
  REQUIRE(gate.WaitEntered(1));
  auto stopping = std::async(std::launch::async, [&] { peer->StopServerRequests(); });
  CHECK(stopping.wait_for(std::chrono::milliseconds(100)) == std::future_status::timeout);  // waits for the answer
  gate.Open();
  stopping.get();
  CHECK(answered.load() == 1);  // request 2 was dropped
  peer.reset();                 // the destructor stops again: no second join, no crash
  CHECK(transport.sent().size() == 1);
}

}  // namespace ab::mcp
