// The real HTTP client's keep-alive pool against the mock LLM server (and, where the connection must die after
// the server read a request, a raw socket server): reuse, a dead pooled connection replaced before anything is
// sent, no second send of a request the server may have received, and concurrent callers.
#include "llm/http_client.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <thread>

#include "llm/factory.h"
#include "llm/mock_server.h"

namespace ab::llm {
namespace {

HttpRequest Chat(const std::string& base_url, const std::string& text) {
  HttpRequest r;
  r.url = base_url + "/v1/chat/completions";
  r.headers = {{"Content-Type", "application/json"}};
  r.body = Json{{"model", "m"}, {"messages", Json::array({{{"role", "user"}, {"content", text}}})}}.dump();
  r.timeout = std::chrono::seconds(30);
  return r;
}

TEST_CASE("http pool: sequential requests to one origin share one keep-alive connection") {
  MockLlmServer mock;
  REQUIRE(mock.Start(0).ok());
  {
    PooledHttpClient http;
    for (int i = 0; i < 5; ++i) {
      Result<HttpResponse> r = http.Send(Chat(mock.base_url(), "hello " + std::to_string(i)));
      REQUIRE(r);
      CHECK(r->status == 200);
    }
    CHECK(http.stats().connections_opened == 1);
    CHECK(http.stats().reused == 4);
    CHECK(http.idle_count() == 1);
    CHECK(mock.request_count("openai") == 5);
  }
  mock.Stop();
}

TEST_CASE("http pool: a pooled connection the server closed is replaced before the request is sent") {
  PooledHttpClient http;
  MockLlmServer first;
  first.set_keep_alive_timeout(1);
  REQUIRE(first.Start(0).ok());
  const int port = first.port();
  REQUIRE(http.Send(Chat(first.base_url(), "one")));
  REQUIRE(http.idle_count() == 1);
  // The server goes away (its side of the idle connection is closed once Stop returns) and a new one listens on
  // the same port: the pooled connection is dead, and nothing may be lost or sent twice because of it.
  first.Stop();
  MockLlmServer second;
  REQUIRE(second.Start(port).ok());
  Result<HttpResponse> r = http.Send(Chat(second.base_url(), "two"));
  REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().ToString()));
  CHECK(r->status == 200);
  CHECK(http.stats().dead_discarded == 1);
  CHECK(http.stats().connections_opened == 2);
  CHECK(first.request_count("openai") == 1);
  CHECK(second.request_count("openai") == 1);
}

TEST_CASE("http pool: connections idle past max_idle are not reused") {
  MockLlmServer mock;
  REQUIRE(mock.Start(0).ok());
  {
    HttpClientOptions options;
    options.max_idle = std::chrono::milliseconds(0);
    PooledHttpClient http(options);
    REQUIRE(http.Send(Chat(mock.base_url(), "one")));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(http.Send(Chat(mock.base_url(), "two")));
    CHECK(http.stats().connections_opened == 2);
    CHECK(http.stats().reused == 0);
    CHECK(http.stats().dead_discarded == 1);
  }
  mock.Stop();
}

// A TCP socket listening on 127.0.0.1 on a free port; |port| receives the port.
int ListenOnLoopback(int backlog, int* port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(fd, backlog) == 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  *port = ntohs(addr.sin_port);
  return fd;
}

// A server that answers the first request of its first connection with a keep-alive response, reads the second
// request completely and then closes the connection without answering: the client cannot know whether the
// request was acted on. Counts every request and connection it sees, for up to |linger| after that.
class DroppingServer {
 public:
  DroppingServer() {
    fd_ = ListenOnLoopback(16, &port_);
    thread_ = std::thread([this] { Serve(); });
  }
  ~DroppingServer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::atomic<int> connections{0};
  std::atomic<int> requests{0};

 private:
  // Reads one request (headers, then Content-Length bytes of body); false on EOF or after 10 s.
  static bool ReadRequest(int fd) {
    std::string data;
    char buf[4096];
    size_t need = std::string::npos;
    for (int waited = 0; waited < 10'000;) {
      if (need != std::string::npos && data.size() >= need) return true;
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) {
        waited += 100;
        continue;
      }
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n <= 0) return false;
      data.append(buf, static_cast<size_t>(n));
      const size_t end = data.find("\r\n\r\n");
      if (need == std::string::npos && end != std::string::npos) {
        size_t length = 0;
        for (const char* name : {"Content-Length: ", "content-length: "}) {
          if (size_t at = data.find(name); at != std::string::npos && at < end) {
            length = std::stoul(data.substr(at + std::strlen(name)));
          }
        }
        need = end + 4 + length;
      }
    }
    return false;
  }
  void Serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int conn = ::accept(fd_, nullptr, nullptr);
      if (conn < 0) continue;
      const int index = connections++;
      while (ReadRequest(conn)) {
        const int seen = ++requests;
        if (index > 0 || seen > 1) break;  // the second request: read, then dropped unanswered
        const std::string body = R"({"ok":true})";
        const std::string reply =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
            "\r\nConnection: keep-alive\r\n\r\n" + body;
        if (::write(conn, reply.data(), reply.size()) < 0) break;
      }
      ::close(conn);
    }
  }
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST_CASE("http pool: with retries off, a request the server may have received is never sent a second time") {
  DroppingServer server;
  HttpClientOptions options;
  options.max_attempts = 1;
  PooledHttpClient http(options);
  Result<HttpResponse> first = http.Send(Chat(server.base_url(), "one"));
  REQUIRE(first);
  CHECK(first->status == 200);
  Result<HttpResponse> second = http.Send(Chat(server.base_url(), "two"));
  REQUIRE_FALSE(second.has_value());
  CHECK(second.error().code == ErrorCode::kNetwork);
  CHECK(http.stats().reused == 1);
  // Give a (wrong) resend every chance to arrive before counting.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(server.requests == 2);
  CHECK(server.connections == 1);
  CHECK(http.idle_count() == 0);  // the broken connection was not pooled
  // The pool recovers: the next request opens a new connection (which this server drops as well).
  CHECK_FALSE(http.Send(Chat(server.base_url(), "three")).has_value());
  CHECK(http.stats().connections_opened == 2);
}

TEST_CASE("http pool: by default a request dropped before any response byte is sent again, a bounded number of times") {
  DroppingServer server;
  PooledHttpClient http;
  REQUIRE(http.Send(Chat(server.base_url(), "one")));
  Result<HttpResponse> second = http.Send(Chat(server.base_url(), "two"));
  REQUIRE_FALSE(second.has_value());
  CHECK(second.error().code == ErrorCode::kNetwork);
  const std::string& m = second.error().message;
  INFO(m);
  CHECK(m.find("POST " + server.base_url() +
               "/v1/chat/completions: the connection was closed before any response "
               "arrived (after 3 attempts, ") != std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(server.requests == 4);  // the first, then the second three times
  CHECK(http.stats().retries == 2);
}

TEST_CASE("http pool: a cancelled request stops waiting for the response and its connection is not kept") {
  // A socket that listens but never accepts: the kernel completes the connection and buffers the request, and no
  // answer ever comes (a model that thinks for minutes).
  int port = 0;
  const int fd = ListenOnLoopback(4, &port);
  const std::string url = "http://127.0.0.1:" + std::to_string(port);

  PooledHttpClient http;
  std::atomic<bool> cancel{false};
  HttpRequest request = Chat(url, "think for a long time");
  request.timeout = std::chrono::seconds(120);
  request.cancel = &cancel;
  std::thread ctrl_c([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    cancel = true;
  });
  const auto started = std::chrono::steady_clock::now();
  Result<HttpResponse> r = http.Send(request);
  const auto waited = std::chrono::steady_clock::now() - started;
  ctrl_c.join();
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == ErrorCode::kCancelled);
  // Without cancellation this returns after the 120 s timeout; the margin only absorbs a loaded machine.
  CHECK(waited < std::chrono::seconds(20));
  CHECK(http.idle_count() == 0);
  // A request whose flag is already set is not sent at all.
  Result<HttpResponse> again = http.Send(request);
  REQUIRE_FALSE(again.has_value());
  CHECK(again.error().code == ErrorCode::kCancelled);
  CHECK(http.stats().connections_opened == 1);
  ::close(fd);
}

TEST_CASE("http pool: concurrent callers each get their own connection and every request arrives once") {
  MockLlmServer mock;
  REQUIRE(mock.Start(0).ok());
  {
    PooledHttpClient http;
    constexpr int kThreads = 8, kEach = 25;
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kEach; ++i) {
          Result<HttpResponse> r = http.Send(Chat(mock.base_url(), "t" + std::to_string(t) + " " + std::to_string(i)));
          if (r && r->status == 200) ++ok;
        }
      });
    }
    for (auto& t : threads) t.join();
    CHECK(ok == kThreads * kEach);
    CHECK(mock.request_count("openai") == kThreads * kEach);
    const HttpPoolStats stats = http.stats();
    CHECK(stats.connections_opened >= 1);
    CHECK(stats.connections_opened <= kThreads);
    CHECK(stats.connections_opened + stats.reused == kThreads * kEach);
    CHECK(http.idle_count() == static_cast<size_t>(stats.connections_opened));
  }
  mock.Stop();
}

// Answers every connection but the first with an OpenAI chat completion; the first is read, then reset (a
// server whose accept queue overflowed, or that restarted).
class ResetFirstServer {
 public:
  ResetFirstServer() {
    fd_ = ListenOnLoopback(16, &port_);
    thread_ = std::thread([this] {
      while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        const int conn = ::accept(fd_, nullptr, nullptr);
        if (conn < 0) continue;
        char buf[65536];
        (void)::read(conn, buf, sizeof buf);  // the request (small enough for one read on loopback)
        if (connections++ == 0) {
          linger l{1, 0};
          ::setsockopt(conn, SOL_SOCKET, SO_LINGER, &l, sizeof l);
        } else {
          const std::string body = R"({"id":"c","object":"chat.completion","model":"m","choices":[{"index":0,)"
                                   R"("message":{"role":"assistant","content":"second time lucky"},)"
                                   R"("finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1}})";
          const std::string reply =
              "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
              "Content-Length: " +
              std::to_string(body.size()) + "\r\n\r\n" + body;
          (void)::write(conn, reply.data(), reply.size());
        }
        ::close(conn);
      }
    });
  }
  ~ResetFirstServer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }
  std::atomic<int> connections{0};

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST_CASE("http pool: a connection retry is counted in the provider's response, so the transcript shows it") {
  ResetFirstServer server;
  config::Provider cfg;
  cfg.name = "retrying";
  cfg.type = "OPENAI_COMPATIBLE";
  cfg.base_url = server.base_url();
  cfg.token = "retry-token-123456";
  cfg.model = "m";
  auto provider = MakeProvider(cfg, {});
  REQUIRE(provider);
  ChatRequest request;
  Message hello;
  hello.text = "hello";
  request.messages.push_back(hello);
  Result<ChatResponse> r = (*provider)->Complete(request, {});
  REQUIRE_MESSAGE(r.has_value(), r.error().ToString());
  CHECK(r->message.text == "second time lucky");
  CHECK(r->retries == 1);
  CHECK(server.connections == 2);
}

}  // namespace
}  // namespace ab::llm
