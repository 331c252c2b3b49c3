#include "mcp/stdio_transport.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "mcp/jsonrpc.h"
#include "test_util.h"

namespace ab::mcp {
namespace {

using Clock = std::chrono::steady_clock;

/// What the transport reported through its handlers.
struct Events {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<Json> messages;
  std::optional<Error> closed;

  TransportHandlers Handlers() {
    TransportHandlers h;
    h.on_message = [this](Json m) {
      std::lock_guard<std::mutex> lock(mu);
      messages.push_back(std::move(m));
      cv.notify_all();
    };
    h.on_closed = [this](const Error& e) {
      std::lock_guard<std::mutex> lock(mu);
      closed = e;
      cv.notify_all();
    };
    return h;
  }
  bool WaitClosed(Millis timeout) {
    std::unique_lock<std::mutex> lock(mu);
    return cv.wait_for(lock, timeout, [this] { return closed.has_value(); });
  }
};

/// A child that never reads its stdin: `sleep` ignores it, so the pipe fills after 64 KiB.
StdioOptions NeverReads() {
  StdioOptions o;
  o.spawn.argv = {"sleep", "30"};
  o.shutdown_grace = Millis(200);
  return o;
}

Json BigMessage(size_t bytes) {
  return Json{{"jsonrpc", "2.0"}, {"method", "notifications/big"}, {"params", {{"data", std::string(bytes, 'x')}}}};
}

double SecondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

}  // namespace

TEST_CASE("a write to a server that never reads gives up at its deadline and marks the server broken") {
  Events events;
  auto transport = MakeStdioTransport(NeverReads());
  REQUIRE(transport->Start(events.Handlers()).ok());
  const auto start = Clock::now();
  Status sent = transport->SendBefore(BigMessage(1 << 20), start + Millis(500), nullptr);
  CHECK(SecondsSince(start) < 2.0);
  REQUIRE_FALSE(sent.ok());
  CHECK(sent.error().code == ErrorCode::kUnavailable);
  INFO(sent.error().message);
  CHECK(sent.error().message.find("stopped reading its input") != std::string::npos);
  CHECK(sent.error().message.find("1.0 MiB") != std::string::npos);
  CHECK(sent.error().message.find("could not be written within") != std::string::npos);
  // Every waiting call learns it through on_closed, and later sends fail at once with the same reason.
  REQUIRE(events.WaitClosed(Millis(1000)));
  CHECK(events.closed->message == sent.error().message);
  const auto later = Clock::now();
  Status again = transport->Send(Json{{"jsonrpc", "2.0"}, {"method", "x"}});
  CHECK_FALSE(again.ok());
  CHECK(again.error().message.find("stopped reading its input") != std::string::npos);
  CHECK(SecondsSince(later) < 0.5);
  const auto closing = Clock::now();
  transport->Close();
  CHECK(SecondsSince(closing) < 2.0);
  CHECK(testing::ChildPids().empty());
}

TEST_CASE("a blocked write ends when the cancel flag flips, and when the transport is closed") {
  SUBCASE("cancel") {
    Events events;
    auto transport = MakeStdioTransport(NeverReads());
    REQUIRE(transport->Start(events.Handlers()).ok());
    std::atomic<bool> cancel{false};
    std::thread flipper([&] {
      std::this_thread::sleep_for(Millis(300));
      cancel.store(true);
    });
    const auto start = Clock::now();
    Status sent = transport->SendBefore(BigMessage(1 << 20), start + std::chrono::seconds(60), &cancel);
    flipper.join();
    CHECK(SecondsSince(start) < 2.0);
    REQUIRE_FALSE(sent.ok());
    CHECK(sent.error().code == ErrorCode::kCancelled);
    transport->Close();
  }
  SUBCASE("close from another thread") {
    Events events;
    auto transport = MakeStdioTransport(NeverReads());
    REQUIRE(transport->Start(events.Handlers()).ok());
    std::thread closer([&] {
      std::this_thread::sleep_for(Millis(300));
      transport->Close();
    });
    const auto start = Clock::now();
    Status sent = transport->SendBefore(BigMessage(1 << 20), start + std::chrono::seconds(60), nullptr);
    closer.join();
    CHECK(SecondsSince(start) < 3.0);
    CHECK_FALSE(sent.ok());
  }
  CHECK(testing::ChildPids().empty());
}

TEST_CASE("a JSON-RPC call to a server that stops reading fails by its timeout with the reason, not later") {
  auto transport = MakeStdioTransport(NeverReads());
  RpcPeer peer(*transport);
  REQUIRE(peer.Start().ok());
  const auto start = Clock::now();
  auto result = peer.Call("tools/call", Json{{"name", "echo"}, {"arguments", {{"message", std::string(1 << 20, 'y')}}}},
                          Millis(500));
  CHECK(SecondsSince(start) < 2.0);
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().message.find("stopped reading its input") != std::string::npos);
  CHECK_FALSE(peer.alive());
  // A second call fails at once with the same reason instead of waiting out another timeout.
  auto second = peer.Call("tools/list", Json::object(), Millis(5000));
  REQUIRE_FALSE(second.has_value());
  CHECK(second.error().message.find("stopped reading its input") != std::string::npos);
  transport->Close();
}

TEST_CASE("large messages still go through to a server that reads them") {
  // cat echoes every line back: a 4 MiB message must be written whole (in many non-blocking chunks) and read back.
  Events events;
  StdioOptions o;
  o.spawn.argv = {"cat"};
  auto transport = MakeStdioTransport(o);
  REQUIRE(transport->Start(events.Handlers()).ok());
  Json big = BigMessage(4 << 20);
  REQUIRE(transport->SendBefore(big, Clock::now() + std::chrono::seconds(20), nullptr).ok());
  {
    std::unique_lock<std::mutex> lock(events.mu);
    REQUIRE(events.cv.wait_for(lock, std::chrono::seconds(20), [&] { return !events.messages.empty(); }));
    CHECK(events.messages.front() == big);
  }
  transport->Close();
}

TEST_CASE("a stdout line longer than the limit is an error naming the limit, and is never buffered whole") {
  Events events;
  StdioOptions o;
  // An endless line: 'x' forever, no newline.
  o.spawn.argv = {"sh", "-c", "exec tr '\\000' x < /dev/zero"};
  o.max_line_bytes = 1 << 20;
  o.shutdown_grace = Millis(200);
  auto transport = MakeStdioTransport(o);
  REQUIRE(transport->Start(events.Handlers()).ok());
  REQUIRE(events.WaitClosed(std::chrono::seconds(10)));
  INFO(events.closed->message);
  CHECK(events.closed->message.find("longer than the limit of 1.0 MiB") != std::string::npos);
  CHECK(events.closed->message.find("max_line_bytes") != std::string::npos);
  CHECK(events.messages.empty());
  const auto closing = Clock::now();
  transport->Close();
  CHECK(SecondsSince(closing) < 2.0);
  CHECK(testing::ChildPids().empty());
}

TEST_CASE("an interrupted run shuts a server down without the polite wait") {
  // The server ignores its closed stdin; with the run's cancel flag set, SIGTERM comes at once, not after the grace.
  std::atomic<bool> cancel{false};
  Events events;
  StdioOptions o;
  o.spawn.argv = {"sleep", "30"};
  o.shutdown_grace = Millis(3000);
  o.cancel = &cancel;
  auto transport = MakeStdioTransport(o);
  REQUIRE(transport->Start(events.Handlers()).ok());
  cancel.store(true);
  const auto start = Clock::now();
  transport->Close();
  CHECK(SecondsSince(start) < 1.5);
  CHECK(testing::ChildPids().empty());
}

}  // namespace ab::mcp
