// net::Client against loopback servers that misbehave on purpose: a trickling body against the total deadline,
// endless bodies, heads and chunk framing against the caps, refused and reset connections against the retry
// policy, and the sentences every failure turns into.
#include "net/client.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <thread>

#include "net/raw_server.h"

namespace ab::net {
namespace {

using namespace std::chrono_literals;
using testing::RawServer;
using testing::ReadRequest;
using testing::WriteAll;

using Steady = std::chrono::steady_clock;

Request Get(const std::string& url, Millis deadline = 10s) {
  Request r;
  r.method = "POST";
  auto parsed = ParseUrl(url);
  REQUIRE(parsed.has_value());
  r.url = *parsed;
  r.body = "{}";
  r.headers = {{"Content-Type", "application/json"}};
  r.deadline = deadline;
  return r;
}

const std::string kOk = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_CASE("a body trickling one byte every 200 ms is cut at the total deadline") {
  RawServer server([](int fd, int) {
    if (ReadRequest(fd).empty()) return;
    if (!WriteAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")) return;
    for (int i = 0; i < 1000; ++i) {
      if (!WriteAll(fd, "x")) return;
      std::this_thread::sleep_for(200ms);
    }
  });
  Client client;
  const auto started = Steady::now();
  auto r = client.Fetch(Get(server.url("/v1/messages"), 1s));
  const auto took = Steady::now() - started;
  REQUIRE_FALSE(r.has_value());
  INFO(r.error().message);
  CHECK(r.error().code == ErrorCode::kTimeout);
  // An idle timeout of 1 s would wait for the whole 200 s body.
  CHECK(took >= 900ms);
  CHECK(took < 3s);
  CHECK(Contains(r.error().message, "POST http://127.0.0.1:" + std::to_string(server.port()) + "/v1/messages: "));
  CHECK(Contains(r.error().message, "did not complete within the 1 s deadline"));
  CHECK(Contains(r.error().message, "of response had arrived"));
}

TEST_CASE("an endless body stops at the body cap with an error naming the limit") {
  RawServer server([&](int fd, int) {
    if (ReadRequest(fd).empty()) return;
    if (!WriteAll(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n")) return;
    const std::string chunk(64 * 1024, 'a');
    for (int i = 0; i < 100'000 && server.running(); ++i) {
      if (!WriteAll(fd, chunk)) return;
    }
  });
  Client client;
  Request request = Get(server.url("/v1/chat/completions"));
  request.limits.max_response_bytes = 1 * kMiB;
  const auto started = Steady::now();
  auto r = client.Fetch(request);
  REQUIRE_FALSE(r.has_value());
  INFO(r.error().message);
  CHECK(Steady::now() - started < 5s);
  CHECK(r.error().code == ErrorCode::kProtocol);
  CHECK(Contains(r.error().message, "http://127.0.0.1:" + std::to_string(server.port())));
  CHECK(Contains(r.error().message, "the response body exceeded the 1 MiB limit (max_response_bytes)"));
  CHECK(client.idle_count() == 0);
}

TEST_CASE("a body announced over the cap is refused before it is read") {
  RawServer server([](int fd, int) {
    if (ReadRequest(fd).empty()) return;
    WriteAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 5000000000\r\n\r\nxxxx");
  });
  Client client;
  auto r = client.Fetch(Get(server.url()));
  REQUIRE_FALSE(r.has_value());
  INFO(r.error().message);
  CHECK(Contains(r.error().message, "announced a body of 4.7 GiB"));
  CHECK(Contains(r.error().message, "64 MiB limit (max_response_bytes)"));
}

// |size| zero bytes, gzip-compressed (about 1000:1).
std::string GzipZeros(size_t size) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  const std::string zeros(1 << 20, '\0');
  std::string out;
  char buf[1 << 16];
  for (size_t done = 0; done < size; done += zeros.size()) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
    z.avail_in = static_cast<uInt>(zeros.size());
    const int flush = done + zeros.size() >= size ? Z_FINISH : Z_NO_FLUSH;
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      deflate(&z, flush);
      out.append(buf, sizeof buf - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  return out;
}

TEST_CASE("a compressed body is capped by its decoded size (a gzip bomb stops at the cap)") {
  const std::string bomb = GzipZeros(size_t{256} << 20);  // 256 MiB decoded, ~250 KiB on the wire
  RawServer server([&](int fd, int) {
    if (ReadRequest(fd).empty()) return;
    WriteAll(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: " +
                     std::to_string(bomb.size()) + "\r\n\r\n" + bomb);
  });
  Client client;
  Request request = Get(server.url());
  request.limits.max_response_bytes = 4 * kMiB;
  auto r = client.Fetch(request);
  REQUIRE_FALSE(r.has_value());
  INFO(r.error().message);
  CHECK(r.error().code == ErrorCode::kProtocol);
  CHECK(Contains(r.error().message, "the response body exceeded the 4 MiB limit (max_response_bytes)"));
}

TEST_CASE("endless headers stop at the head cap") {
  RawServer server([&](int fd, int) {
    if (ReadRequest(fd).empty()) return;
    if (!WriteAll(fd, "HTTP/1.1 200 OK\r\n")) return;
    for (int i = 0; i < 10'000'000 && server.running(); ++i) {
      if (!WriteAll(fd, "X-Filler-" + std::to_string(i) + ": aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n")) return;
    }
  });
  Client client;
  auto r = client.Fetch(Get(server.url()));
  REQUIRE_FALSE(r.has_value());
  INFO(r.error().message);
  CHECK(r.error().code == ErrorCode::kProtocol);
  CHECK(Contains(r.error().message, "256 KiB limit (max_header_bytes)"));
}

TEST_CASE("a chunk-size line that never ends stops at the framing cap") {
  RawServer server([&](int fd, int) {
    if (ReadRequest(fd).empty()) return;
    if (!WriteAll(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")) return;
    const std::string zeros(64 * 1024, '0');
    for (int i = 0; i < 100'000 && server.running(); ++i) {
      if (!WriteAll(fd, zeros)) return;
    }
  });
  Client client;
  auto r = client.Fetch(Get(server.url()));
  REQUIRE_FALSE(r.has_value());
  INFO(r.error().message);
  CHECK(r.error().code == ErrorCode::kProtocol);
  CHECK(Contains(r.error().message, "max_framing_bytes"));
}

TEST_CASE("a refused connection is retried until the server listens") {
  const int port = testing::UnusedPort();
  std::unique_ptr<RawServer> late;
  std::thread starter([&] {
    std::this_thread::sleep_for(40ms);
    late = std::make_unique<RawServer>(
        [](int fd, int) {
          if (!ReadRequest(fd).empty()) WriteAll(fd, kOk);
        },
        port);
  });
  ClientOptions options;
  options.max_attempts = 8;
  Client client(options);
  auto r = client.Fetch(Get("http://127.0.0.1:" + std::to_string(port) + "/"));
  starter.join();
  REQUIRE_MESSAGE(r.has_value(), r.error().message);
  CHECK(r->status == 200);
  CHECK(r->body == "ok");
  CHECK(r->attempts >= 2);
  CHECK(Contains(r->note, "could not connect"));
  CHECK(client.stats().retries == r->attempts - 1);
}

TEST_CASE("a connection reset before any response byte is retried on a new connection") {
  RawServer server([](int fd, int index) {
    if (ReadRequest(fd).empty()) return;
    if (index == 0) {
      testing::Reset(fd);  // a server whose accept queue overflowed, or that crashed: nothing was answered
      return;
    }
    WriteAll(fd, kOk);
  });
  Client client;
  auto r = client.Fetch(Get(server.url()));
  REQUIRE_MESSAGE(r.has_value(), r.error().message);
  CHECK(r->status == 200);
  CHECK(r->attempts == 2);
  CHECK(server.connections() == 2);
}

TEST_CASE("a request is never sent again once response bytes arrived") {
  RawServer server([](int fd, int) {
    if (ReadRequest(fd).empty()) return;
    WriteAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
  });
  Client client;
  auto r = client.Fetch(Get(server.url("/v1/messages")));
  REQUIRE_FALSE(r.has_value());
  INFO(r.error().message);
  CHECK(r.error().code == ErrorCode::kNetwork);
  CHECK(Contains(r.error().message, "the connection was closed before the whole response body arrived"));
  std::this_thread::sleep_for(100ms);
  CHECK(server.connections() == 1);
}

TEST_CASE("opting out of retries sends a request once") {
  RawServer server([](int fd, int) { ReadRequest(fd); });
  ClientOptions options;
  options.max_attempts = 1;
  Client client(options);
  auto r = client.Fetch(Get(server.url("/x")));
  REQUIRE_FALSE(r.has_value());
  INFO(r.error().message);
  CHECK(Contains(r.error().message, "the connection was closed before any response arrived (after "));
  CHECK_FALSE(Contains(r.error().message, "attempts"));
  std::this_thread::sleep_for(100ms);
  CHECK(server.connections() == 1);
}

TEST_CASE("failures read as sentences: what, against which host, what happened, after how long") {
  SUBCASE("connection refused, after every attempt") {
    const int port = testing::UnusedPort();
    Client client;
    auto r = client.Fetch(Get("http://127.0.0.1:" + std::to_string(port) + "/v1/messages?key=abc"));
    REQUIRE_FALSE(r.has_value());
    const std::string& m = r.error().message;
    INFO(m);
    CHECK(r.error().code == ErrorCode::kNetwork);
    CHECK(Contains(m, "POST http://127.0.0.1:" + std::to_string(port) + "/v1/messages: could not connect"));
    CHECK(Contains(m, "refused"));
    CHECK(Contains(m, "(after 3 attempts, "));
    CHECK_FALSE(Contains(m, "key=abc"));
  }
  SUBCASE("a host that does not resolve") {
    ClientOptions options;
    options.max_attempts = 1;
    Client client(options);
    auto r = client.Fetch(Get("http://no-such-host.invalid:8080/"));
    REQUIRE_FALSE(r.has_value());
    INFO(r.error().message);
    CHECK(Contains(r.error().message, "the host name 'no-such-host.invalid' does not resolve"));
  }
  SUBCASE("the server closes without answering, every time") {
    RawServer server([](int fd, int) { ReadRequest(fd); });
    Client client;
    auto r = client.Fetch(Get(server.url("/v1/messages")));
    REQUIRE_FALSE(r.has_value());
    INFO(r.error().message);
    CHECK(Contains(r.error().message, "the connection was closed before any response arrived (after 3 attempts, "));
    CHECK(server.connections() == 3);
  }
  SUBCASE("garbage instead of HTTP") {
    RawServer server([](int fd, int) {
      if (!ReadRequest(fd).empty()) WriteAll(fd, "SSH-2.0-OpenSSH_9.2\r\n\r\n");
    });
    Client client;
    auto r = client.Fetch(Get(server.url()));
    REQUIRE_FALSE(r.has_value());
    INFO(r.error().message);
    CHECK(Contains(r.error().message, "http://127.0.0.1:" + std::to_string(server.port())));
    CHECK_FALSE(r.error().message.ends_with(": Read"));
    CHECK(server.connections() == 1);  // bytes arrived: not sent again
  }
}

TEST_CASE("cancelling stops a request that waits for an answer") {
  RawServer server([&](int fd, int) {
    ReadRequest(fd);
    while (server.running()) std::this_thread::sleep_for(10ms);
  });
  Client client;
  std::atomic<bool> cancel{false};
  Request request = Get(server.url(), 120s);
  request.cancel = &cancel;
  std::thread ctrl_c([&] {
    std::this_thread::sleep_for(200ms);
    cancel = true;
  });
  const auto started = Steady::now();
  auto r = client.Fetch(request);
  ctrl_c.join();
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == ErrorCode::kCancelled);
  CHECK(Steady::now() - started < 5s);
}

TEST_CASE("streaming hands the body over in pieces and the caller may stop early") {
  RawServer server([&](int fd, int) {
    if (ReadRequest(fd).empty()) return;
    if (!WriteAll(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"))
      return;
    for (int i = 0; i < 1000 && server.running(); ++i) {
      if (!WriteAll(fd, "6\r\nevent\n\r\n")) return;
      std::this_thread::sleep_for(5ms);
    }
  });
  Client client;
  Request request = Get(server.url("/mcp"), Millis(0));
  request.limits.max_response_bytes = 0;
  std::string seen_type;
  std::string body;
  auto head = client.Stream(
      request,
      [&](const Head& h) {
        seen_type = h.Header("content-type");
        return true;
      },
      [&](std::string_view piece) {
        body.append(piece);
        return body.size() < 30;
      });
  REQUIRE_MESSAGE(head.has_value(), head.error().message);
  CHECK(head->status == 200);
  CHECK(seen_type == "text/event-stream");
  CHECK(body.size() >= 30);
  CHECK(body.substr(0, 6) == "event\n");
}

TEST_CASE("whole-body requests reuse one keep-alive connection") {
  RawServer server([](int fd, int) {
    while (!ReadRequest(fd).empty()) {
      if (!WriteAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok")) return;
    }
  });
  Client client;
  for (int i = 0; i < 4; ++i) {
    auto r = client.Fetch(Get(server.url()));
    REQUIRE_MESSAGE(r.has_value(), r.error().message);
    CHECK(r->body == "ok");
  }
  CHECK(client.stats().connections_opened == 1);
  CHECK(client.stats().reused == 3);
  CHECK(server.connections() == 1);
}

// A listener that never accepts, its accept queue filled by a few connections: the kernel drops the next
// connection's SYN, so connecting to it waits for the connection timeout.
struct StuckListener {
  StuckListener() {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd, 0) == 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
    for (int i = 0; i < 4; ++i) {
      const int c = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      (void)::connect(c, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
      fillers.push_back(c);
    }
    std::this_thread::sleep_for(50ms);
  }
  ~StuckListener() {
    for (int c : fillers) ::close(c);
    ::close(fd);
  }
  int fd = -1;
  int port = 0;
  std::vector<int> fillers;
};

TEST_CASE("a request cancelled while it is still connecting does not hold up the client's other requests") {
  StuckListener stuck;
  RawServer honest([](int fd, int) {
    if (!ReadRequest(fd).empty()) WriteAll(fd, kOk);
  });
  RawServer trickle([&](int fd, int) {
    if (ReadRequest(fd).empty() || !WriteAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")) return;
    for (int i = 0; i < 100 && trickle.running(); ++i) {
      if (!WriteAll(fd, "x")) return;
      std::this_thread::sleep_for(100ms);
    }
  });
  Client client;
  std::atomic<bool> cancel{false};
  Request slow = Get("http://127.0.0.1:" + std::to_string(stuck.port) + "/", 20s);
  slow.connect_timeout = 3s;
  slow.cancel = &cancel;
  Result<Response> slow_result = Error(ErrorCode::kInternal, "not run");
  std::thread connecting([&] { slow_result = client.Fetch(slow); });
  std::this_thread::sleep_for(100ms);
  cancel = true;
  std::this_thread::sleep_for(200ms);  // the watchdog has seen the flag while the connect is still waiting
  const auto started = Steady::now();
  auto r = client.Fetch(Get(honest.url()));
  const auto took = Steady::now() - started;
  REQUIRE_MESSAGE(r.has_value(), r.error().message);
  CHECK(took < 1s);
  // The watchdog still enforces other deadlines while the cancelled request waits for its connect.
  const auto trickle_started = Steady::now();
  auto cut = client.Fetch(Get(trickle.url(), 500ms));
  REQUIRE_FALSE(cut.has_value());
  CHECK(cut.error().code == ErrorCode::kTimeout);
  CHECK(Steady::now() - trickle_started < 1500ms);
  connecting.join();
  REQUIRE_FALSE(slow_result.has_value());
  CHECK(slow_result.error().code == ErrorCode::kCancelled);
}

}  // namespace
}  // namespace ab::net
