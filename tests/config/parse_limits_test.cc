// `limits:` on providers and servers: sizes with units, range checks, retries, unknown keys.
#include <doctest/doctest.h>

#include "config_test_util.h"

namespace ab::config {
namespace {

using testing::All;
using testing::ErrorCount;
using testing::Parse;

// A MOCK provider with |limits| (indented by 6) under `limits:`.
Loaded<TestFile> ProviderLimits(const std::string& limits) {
  return Parse("providers:\n  - name: p\n    type: MOCK\n    limits:\n" + limits +
               "agents:\n  - name: a\n    provider: p\nsessions:\n  - name: s\n    tests: []\n");
}

Loaded<TestFile> ServerLimits(const std::string& type_and_more, const std::string& limits) {
  return Parse(
      "providers:\n  - name: p\n    type: MOCK\nservers:\n  - name: srv\n" + type_and_more + "    limits:\n" + limits +
      "agents:\n  - name: a\n    provider: p\n    servers: [{name: srv}]\nsessions:\n  - name: s\n    tests: []\n");
}

TEST_CASE("provider limits: bytes and units") {
  struct Case {
    const char* value;
    size_t bytes;
  };
  const Case cases[] = {{"4096", 4096}, {"\"512KiB\"", 512 * 1024}, {"64MiB", 64u << 20},      {"1 GiB", 1u << 30},
                        {"2kb", 2048},  {"3MB", 3u << 20},          {"4GiB", size_t{4} << 30}, {"1024B", 1024}};
  for (const Case& c : cases) {
    Loaded<TestFile> f = ProviderLimits(std::string("      max_response_bytes: ") + c.value + "\n");
    REQUIRE_MESSAGE(f.ok(), c.value, All(f));
    REQUIRE(f.value->providers[0].limits.max_response_bytes);
    CHECK_MESSAGE(*f.value->providers[0].limits.max_response_bytes == c.bytes, c.value);
  }
}

TEST_CASE("provider limits: connection_retries, and unset means the defaults") {
  Loaded<TestFile> f = ProviderLimits("      connection_retries: 0\n");
  REQUIRE_MESSAGE(f.ok(), All(f));
  CHECK(f.value->providers[0].limits.connection_retries == 0);
  CHECK_FALSE(f.value->providers[0].limits.max_response_bytes);

  Loaded<TestFile> none = Parse(testing::kMinimal);
  REQUIRE(none.ok());
  CHECK_FALSE(none.value->providers[0].limits.connection_retries);
  CHECK_FALSE(none.value->providers[0].limits.max_response_bytes);
}

TEST_CASE("provider limits: out of range and malformed values are located errors") {
  const char* bad[] = {
      "      max_response_bytes: 100\n", "      max_response_bytes: 5GiB\n",   "      max_response_bytes: 12 parsecs\n",
      "      max_response_bytes: -5\n",  "      max_response_bytes: 1.5MiB\n", "      max_response_bytes: [1]\n",
      "      connection_retries: -1\n",  "      connection_retries: 11\n",     "      connection_retries: many\n"};
  for (const char* body : bad) {
    Loaded<TestFile> f = ProviderLimits(body);
    CHECK_MESSAGE(ErrorCount(f) == 1, body, All(f));
    CHECK_MESSAGE(All(f).find("t.yaml:5:") != std::string::npos, body, All(f));
  }
  CHECK(All(ProviderLimits("      max_response_bytes: 100\n")).find("between 1KiB and 4GiB") != std::string::npos);
  CHECK(All(ProviderLimits("      max_response_bytes: 12 parsecs\n")).find("KiB, MiB, GiB") != std::string::npos);
}

TEST_CASE("limits: an unknown key gets a did-you-mean") {
  Loaded<TestFile> f = ProviderLimits("      max_response_byte: 1MiB\n");
  CHECK(ErrorCount(f) == 1);
  CHECK_MESSAGE(All(f).find("did you mean 'max_response_bytes'") != std::string::npos, All(f));

  Loaded<TestFile> g = ServerLimits("    type: stdio\n    command: x\n", "      max_message_byte: 1MiB\n");
  CHECK(ErrorCount(g) == 1);
  CHECK_MESSAGE(All(g).find("did you mean 'max_message_bytes'") != std::string::npos, All(g));

  Loaded<TestFile> h = Parse(
      "providers:\n  - name: p\n    type: MOCK\n    limit:\n      x: 1\n"
      "agents:\n  - name: a\n    provider: p\nsessions:\n  - name: s\n    tests: []\n");
  CHECK_MESSAGE(All(h).find("did you mean 'limits'") != std::string::npos, All(h));
}

TEST_CASE("server limits: max_message_bytes on stdio and on HTTP servers, with connection_retries") {
  Loaded<TestFile> f = ServerLimits("    type: stdio\n    command: x\n", "      max_message_bytes: 2MiB\n");
  REQUIRE_MESSAGE(f.ok(), All(f));
  REQUIRE(f.value->servers[0].limits.max_message_bytes);
  CHECK(*f.value->servers[0].limits.max_message_bytes == (2u << 20));
  CHECK(f.diagnostics.empty());

  Loaded<TestFile> http = ServerLimits("    type: http\n    url: http://localhost:1/mcp\n",
                                       "      max_message_bytes: 2MiB\n      connection_retries: 0\n");
  REQUIRE_MESSAGE(http.ok(), All(http));
  CHECK(http.diagnostics.empty());
  CHECK(*http.value->servers[0].limits.max_message_bytes == (2u << 20));
  CHECK(*http.value->servers[0].limits.connection_retries == 0);

  Loaded<TestFile> small = ServerLimits("    type: stdio\n    command: x\n", "      max_message_bytes: 10\n");
  CHECK(ErrorCount(small) == 1);
  CHECK(All(small).find("'max_message_bytes' must be between 1KiB and 4GiB") != std::string::npos);
}

}  // namespace
}  // namespace ab::config
