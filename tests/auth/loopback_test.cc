#include "auth/loopback.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "net/url.h"

namespace ab::auth {
namespace {

// Sends |request| to 127.0.0.1:|port| and returns what came back (until the server closes).
std::string Send(int port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return "";
  }
  size_t sent = 0;
  while (sent < request.size()) {
    ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string reply;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) reply.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return reply;
}

int PortOf(const std::string& uri) {
  auto url = net::ParseUrl(uri);
  REQUIRE(url.has_value());
  return url->port;
}

TEST_CASE("the loopback redirect answers other paths and junk without ending the wait, then takes the callback") {
  auto listener = LoopbackRedirect::Open(0);
  REQUIRE(listener.has_value());
  const std::string uri = (*listener)->redirect_uri();
  CHECK(uri.rfind("http://127.0.0.1:", 0) == 0);
  const int port = PortOf(uri);
  std::string favicon, junk, oversized, callback;
  std::thread browser([&] {
    favicon = Send(port, "GET /favicon.ico HTTP/1.1\r\nHost: x\r\n\r\n");
    junk = Send(port, "BREW /callback HTTP/1.1\r\n\r\n");
    oversized = Send(port, "GET /callback?" + std::string(64 * 1024, 'a') + " HTTP/1.1\r\n\r\n");
    callback = Send(port, "GET /callback?code=abc&state=xyz HTTP/1.1\r\nHost: x\r\n\r\n");
  });
  auto got = (*listener)->Wait(std::chrono::seconds(20));
  browser.join();
  REQUIRE(got.has_value());
  CHECK(*got == uri + "?code=abc&state=xyz");
  CHECK(favicon.find("404") != std::string::npos);
  CHECK(junk.find("400") != std::string::npos);
  CHECK(oversized.find("400") != std::string::npos);
  CHECK(callback.find("200 OK") != std::string::npos);
}

TEST_CASE("no browser arriving ends the wait at its deadline with a sentence") {
  auto listener = LoopbackRedirect::Open(0);
  REQUIRE(listener.has_value());
  const auto started = std::chrono::steady_clock::now();
  auto got = (*listener)->Wait(std::chrono::milliseconds(300));
  REQUIRE_FALSE(got.has_value());
  CHECK(got.error().code == ErrorCode::kTimeout);
  CHECK(got.error().message.find("no browser reached the OAuth redirect") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
}

TEST_CASE("a configured port that is taken is an error naming it") {
  auto first = LoopbackRedirect::Open(0);
  REQUIRE(first.has_value());
  const int port = PortOf((*first)->redirect_uri());
  auto second = LoopbackRedirect::Open(port);
  REQUIRE_FALSE(second.has_value());
  CHECK(second.error().message.find("127.0.0.1:" + std::to_string(port)) != std::string::npos);
  CHECK(second.error().message.find("redirect_port") != std::string::npos);
}

}  // namespace
}  // namespace ab::auth
