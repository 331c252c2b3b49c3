#include "net/url.h"

#include <doctest/doctest.h>

namespace ab::net {
namespace {

TEST_CASE("absolute URLs split into scheme, host, port and target") {
  auto url = ParseUrl("http://localhost:3001/sse");
  REQUIRE(url.has_value());
  CHECK(url->Origin() == "http://localhost:3001");
  CHECK(url->target == "/sse");
  auto bare = ParseUrl("https://example.com");
  REQUIRE(bare.has_value());
  CHECK(bare->scheme == "https");
  CHECK(bare->port == 443);
  CHECK(bare->target == "/");
  auto upper = ParseUrl("HTTP://Host:8080?x=1#frag");
  REQUIRE(upper.has_value());
  CHECK(upper->scheme == "http");
  CHECK(upper->port == 8080);
  CHECK(upper->target == "/?x=1");
  auto v6 = ParseUrl("http://[::1]:9/a");
  REQUIRE(v6.has_value());
  CHECK(v6->host == "::1");
  CHECK(v6->Origin() == "http://[::1]:9");
  auto user = ParseUrl("https://user:pw@api.example.com/v1");
  REQUIRE(user.has_value());
  CHECK(user->host == "api.example.com");
}

TEST_CASE("bad URLs are sentences quoting the URL") {
  for (const char* bad : {"ftp://x", "http://host:99999/", "http://host:0/", "http://:80/", "http://host:/",
                          "http://host:8a/", "localhost:3000", "http://[::1/"}) {
    CAPTURE(bad);
    auto url = ParseUrl(bad);
    REQUIRE_FALSE(url.has_value());
    CHECK(url.error().code == ErrorCode::kInvalidArgument);
    CHECK(url.error().message.find(std::string("'") + bad + "'") != std::string::npos);
  }
}

TEST_CASE("Display() shows origin and path but never the query string") {
  auto url = ParseUrl("https://generativelanguage.googleapis.com/v1/models/m:generateContent?key=SECRET");
  REQUIRE(url.has_value());
  CHECK(url->target == "/v1/models/m:generateContent?key=SECRET");
  CHECK(url->Path() == "/v1/models/m:generateContent");
  CHECK(url->Display() == "https://generativelanguage.googleapis.com:443/v1/models/m:generateContent");
}

TEST_CASE("a relative reference resolves against a base URL") {
  auto base = ParseUrl("http://127.0.0.1:3001/sse");
  REQUIRE(base.has_value());
  CHECK(ResolveUrl(*base, "/message?sessionId=abc")->target == "/message?sessionId=abc");
  CHECK(ResolveUrl(*base, "message?sessionId=abc")->target == "/message?sessionId=abc");
  auto nested = ParseUrl("http://h/api/v1/sse?token=1");
  CHECK(ResolveUrl(*nested, "messages")->target == "/api/v1/messages");
  CHECK(ResolveUrl(*nested, "?session=2")->target == "/api/v1/sse?session=2");
  auto absolute = ResolveUrl(*base, "http://other:9/m");
  CHECK(absolute->Origin() == "http://other:9");
  auto network = ResolveUrl(*base, "//elsewhere:7/x");
  CHECK(network->Origin() == "http://elsewhere:7");
  CHECK(network->target == "/x");
}

TEST_CASE("percent-encoding keeps unreserved characters only") {
  CHECK(PercentEncode("abc-_.~XYZ09") == "abc-_.~XYZ09");
  CHECK(PercentEncode("a b/c?d=e&f") == "a%20b%2Fc%3Fd%3De%26f");
  CHECK(PercentEncode("\xC3\xA9") == "%C3%A9");
}

}  // namespace
}  // namespace ab::net
