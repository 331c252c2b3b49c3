// Streamable HTTP against the sample server's --http mode: JSON replies, sessions, 404 -> re-initialize.
#include <doctest/doctest.h>
#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <thread>

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

// A Streamable HTTP server in this process whose tools/call reply is an event stream that sends the answer and
// then stays open, sending keep-alive comments until the test ends (a server that never closes its streams).
class LingeringStreamServer {
 public:
  LingeringStreamServer() {
    server_.Post("/mcp", [this](const httplib::Request& req, httplib::Response& res) {
      const Json msg = Json::parse(req.body, nullptr, false);
      res.set_header("Mcp-Session-Id", "lingering");
      if (!msg.is_object() || !msg.contains("id")) {
        res.status = 202;
        return;
      }
      const std::string method = msg.value("method", "");
      Json result = Json::object();
      if (method == "initialize") {
        result = {{"protocolVersion", msg["params"].value("protocolVersion", "2025-06-18")},
                  {"capabilities", {{"tools", Json::object()}}},
                  {"serverInfo", {{"name", "lingering"}, {"version", "1"}}}};
      } else if (method == "tools/list") {
        result = {{"tools", {{{"name", "wait"}, {"inputSchema", {{"type", "object"}}}}}}};
      } else if (method == "tools/call") {
        const std::string answer = Json({{"jsonrpc", "2.0"},
                                         {"id", msg["id"]},
                                         {"result", {{"content", {{{"type", "text"}, {"text", "here"}}}}}}})
                                       .dump();
        res.set_chunked_content_provider("text/event-stream",
                                         [this, answer, sent = false](size_t, httplib::DataSink& sink) mutable {
                                           if (!sent) {
                                             const std::string event = "data: " + answer + "\n\n";
                                             sent = sink.write(event.data(), event.size());
                                             return sent;
                                           }
                                           if (stop_.load()) return false;
                                           std::this_thread::sleep_for(std::chrono::milliseconds(50));
                                           if (sink.write(": keep-alive\n\n", 14)) return true;
                                           ++hung_up;  // the client closed the stream
                                           return false;
                                         });
        return;
      }
      res.set_content(Json({{"jsonrpc", "2.0"}, {"id", msg["id"]}, {"result", result}}).dump(), "application/json");
    });
    server_.Get("/mcp", [](const httplib::Request&, httplib::Response& res) { res.status = 405; });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~LingeringStreamServer() {
    stop_ = true;
    server_.stop();
    thread_.join();
  }
  config::Server Config() const {
    config::Server server;
    server.name = "lingering";
    server.type = "http";
    server.url = "http://127.0.0.1:" + std::to_string(port_) + "/mcp";
    return server;
  }
  std::atomic<int> hung_up{0};  ///< tools/call streams the client closed

 private:
  httplib::Server server_;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST_CASE("Streamable HTTP: a stream left open after its answer is not waited on, and Close() stops it at once") {
  LingeringStreamServer lingering;
  auto server = Connect(lingering.Config(), {});
  REQUIRE_MESSAGE(server.has_value(), server.error().ToString());
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) {
    auto r = (*server)->CallTool("wait", Json::object(), Millis(5000));
    REQUIRE_MESSAGE(r.has_value(), r.error().ToString());
    CHECK(r->Text() == "here");
  }
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
  // Each answered stream was closed by the client, long before the session ends.
  for (int i = 0; i < 100 && lingering.hung_up < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(lingering.hung_up == 3);
  const auto closing = std::chrono::steady_clock::now();
  (*server)->Close();
  CHECK(std::chrono::steady_clock::now() - closing < std::chrono::seconds(3));
}

TEST_CASE("Streamable HTTP: a server that never acknowledges a notification fails the handshake at the deadline") {
  std::atomic<bool> stop{false};
  httplib::Server silent;
  silent.Post("/mcp", [&](const httplib::Request& req, httplib::Response& res) {
    const Json msg = Json::parse(req.body, nullptr, false);
    if (!msg.is_object() || !msg.contains("id")) {
      while (!stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(20));  // no 202, ever
      return;
    }
    const Json result = {{"protocolVersion", msg["params"].value("protocolVersion", "2025-06-18")},
                         {"capabilities", {{"tools", Json::object()}}},
                         {"serverInfo", {{"name", "silent"}, {"version", "1"}}}};
    res.set_content(Json({{"jsonrpc", "2.0"}, {"id", msg["id"]}, {"result", result}}).dump(), "application/json");
  });
  const int port = silent.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { silent.listen_after_bind(); });
  config::Server config;
  config.name = "silent";
  config.type = "http";
  config.url = "http://127.0.0.1:" + std::to_string(port) + "/mcp";
  config.server_delay = Millis(20000);
  const auto started = std::chrono::steady_clock::now();
  auto server = Connect(config, {});
  const auto took = std::chrono::steady_clock::now() - started;
  stop = true;
  silent.stop();
  serving.join();
  REQUIRE_FALSE(server.has_value());
  INFO(server.error().ToString());
  CHECK(server.error().message.find("did not complete within the 10 s deadline") != std::string::npos);
  CHECK(took < std::chrono::seconds(15));
}

// A 2026-07-28 server whose tools/call stream sends a priming event and then only keep-alives: the answer never
// comes, so the client's timeout must cancel the request by closing that stream.
TEST_CASE("Streamable HTTP 2026-07-28: a timed-out call closes its request's stream") {
  std::atomic<bool> stop{false};
  std::atomic<int> hung_up{0};
  std::atomic<int> cancelled_notes{0};
  httplib::Server modern;
  modern.Post("/mcp", [&](const httplib::Request& req, httplib::Response& res) {
    const Json msg = Json::parse(req.body, nullptr, false);
    if (!msg.is_object() || !msg.contains("id")) {
      if (msg.is_object() && msg.value("method", "") == "notifications/cancelled") ++cancelled_notes;
      res.status = 202;
      return;
    }
    const std::string method = msg.value("method", "");
    Json result = Json::object();
    if (method == "server/discover") {
      result = {{"supportedVersions", {"2026-07-28"}},
                {"capabilities", {{"tools", Json::object()}}},
                {"serverInfo", {{"name", "stuck"}, {"version", "1"}}}};
    } else if (method == "tools/list") {
      result = {{"tools", {{{"name", "stuck"}, {"inputSchema", {{"type", "object"}}}}}}};
    } else if (method == "tools/call") {
      res.set_chunked_content_provider("text/event-stream",
                                       [&, primed = false](size_t, httplib::DataSink& sink) mutable {
                                         if (!primed) {
                                           primed = sink.write("id: 1\ndata: \n\n", 15);
                                           return primed;
                                         }
                                         if (stop.load()) return false;
                                         std::this_thread::sleep_for(std::chrono::milliseconds(50));
                                         if (sink.write(": keep-alive\n\n", 14)) return true;
                                         ++hung_up;  // the client closed the stream
                                         return false;
                                       });
      return;
    } else {
      res.set_content(
          Json({{"jsonrpc", "2.0"}, {"id", msg["id"]}, {"error", {{"code", -32601}, {"message", "no"}}}}).dump(),
          "application/json");
      return;
    }
    res.set_content(Json({{"jsonrpc", "2.0"}, {"id", msg["id"]}, {"result", result}}).dump(), "application/json");
  });
  modern.Get("/mcp", [](const httplib::Request&, httplib::Response& res) { res.status = 405; });
  const int port = modern.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { modern.listen_after_bind(); });
  config::Server config;
  config.name = "stuck";
  config.type = "http";
  config.url = "http://127.0.0.1:" + std::to_string(port) + "/mcp";
  auto server = Connect(config, {});
  REQUIRE_MESSAGE(server.has_value(), server.error().ToString());
  CHECK((*server)->protocol().era == "modern");
  auto call = (*server)->CallTool("stuck", Json::object(), Millis(300));
  REQUIRE_FALSE(call.has_value());
  CHECK(call.error().code == ErrorCode::kTimeout);
  // The stream is closed by the cancellation itself, while the connection stays open.
  for (int i = 0; i < 100 && hung_up.load() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(hung_up.load() == 1);
  CHECK((*server)->alive());
  CHECK(cancelled_notes.load() == 1);
  (*server)->Close();
  stop = true;
  modern.stop();
  serving.join();
}

}  // namespace
}  // namespace ab::mcp
