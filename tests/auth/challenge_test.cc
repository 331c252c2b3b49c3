#include "auth/challenge.h"

#include <doctest/doctest.h>

namespace ab::auth {
namespace {

TEST_CASE("a Bearer challenge gives its parameters, quoted or not") {
  auto c = ParseBearerChallenge(
      R"(Bearer error="insufficient_scope", scope="mcp:read mcp:write", resource_metadata="http://h/.well-known/x", realm=mcp)");
  REQUIRE(c.present);
  CHECK(c.error() == "insufficient_scope");
  CHECK(c.scope() == "mcp:read mcp:write");
  CHECK(c.resource_metadata() == "http://h/.well-known/x");
  CHECK(c.Param("realm") == "mcp");
}

TEST_CASE("the Bearer challenge is found after another scheme's, and its end is where the next scheme starts") {
  auto c = ParseBearerChallenge(
      R"(Basic realm="a", bearer scope="s1", error_description="a \"quoted\" word", DPoP algs="ES256")");
  REQUIRE(c.present);
  CHECK(c.scope() == "s1");
  CHECK(c.Param("error_description") == "a \"quoted\" word");
  CHECK(c.Param("realm").empty());
  CHECK(c.Param("algs").empty());
}

TEST_CASE("no Bearer challenge, an empty header and a value past 8 KiB give nothing") {
  CHECK_FALSE(ParseBearerChallenge("Basic realm=\"x\"").present);
  CHECK_FALSE(ParseBearerChallenge("").present);
  auto c = ParseBearerChallenge("Bearer scope=\"" + std::string(20000, 'a') + "\", error=invalid_token");
  REQUIRE(c.present);
  CHECK(c.scope().empty());
  CHECK(c.error() == "invalid_token");
}

}  // namespace
}  // namespace ab::auth
