#include "mcp/url.h"

#include <doctest/doctest.h>

namespace ab::mcp {
namespace {

TEST_CASE("absolute URLs split into origin and target") {
  auto url = ParseUrl("http://localhost:3001/sse");
  REQUIRE(url.has_value());
  CHECK(url->Origin() == "http://localhost:3001");
  CHECK(url->target == "/sse");
  auto bare = ParseUrl("https://example.com");
  REQUIRE(bare.has_value());
  CHECK(bare->port == 443);
  CHECK(bare->target == "/");
  CHECK_FALSE(ParseUrl("ftp://x").has_value());
  CHECK_FALSE(ParseUrl("http://host:99999/").has_value());
}

TEST_CASE("the legacy SSE endpoint resolves against the SSE URL") {
  auto base = ParseUrl("http://127.0.0.1:3001/sse");
  REQUIRE(base.has_value());
  CHECK(ResolveUrl(*base, "/message?sessionId=abc")->target == "/message?sessionId=abc");
  CHECK(ResolveUrl(*base, "message?sessionId=abc")->target == "/message?sessionId=abc");
  auto nested = ParseUrl("http://h/api/v1/sse");
  CHECK(ResolveUrl(*nested, "messages")->target == "/api/v1/messages");
  auto absolute = ResolveUrl(*base, "http://other:9/m");
  CHECK(absolute->Origin() == "http://other:9");
}

}  // namespace
}  // namespace ab::mcp
