// `auth: {oauth: ...}` in a test file (src/config/parse_auth.cc).
#include <doctest/doctest.h>

#include <cstdlib>

#include "base/redact.h"
#include "config/loader.h"

namespace ab::config {
namespace {

std::string Yaml(const std::string& oauth) {
  return "servers:\n  - name: prod\n    type: http\n    url: https://mcp.example.com/mcp\n    auth:\n      oauth:\n" +
         oauth;
}

std::string AllMessages(const Loaded<TestFile>& loaded) {
  std::string out;
  for (const auto& d : loaded.diagnostics) out += d.ToString() + "\n";
  return out;
}

TEST_CASE("auth.oauth settings are read, ${ENV} expanded, and the secrets registered for redaction") {
  ::setenv("AB_TEST_OAUTH_REFRESH", "rt-from-env-8d1f0a", 1);
  auto loaded = ParseTestFile(Yaml("        client_id: my-client\n        client_secret: cs-literal-77aa10\n"
                                   "        scopes: [tools:read, tools:write]\n        grant: refresh_token\n"
                                   "        refresh_token: ${AB_TEST_OAUTH_REFRESH}\n        redirect_port: 8765\n"),
                              "t.yaml");
  REQUIRE(loaded.value.has_value());
  REQUIRE(loaded.value->servers.size() == 1);
  const auto& oauth = loaded.value->servers[0].oauth;
  REQUIRE(oauth.has_value());
  CHECK(oauth->client_id == "my-client");
  CHECK(oauth->scopes == std::vector<std::string>{"tools:read", "tools:write"});
  CHECK(oauth->grant == OAuthGrant::kRefreshToken);
  CHECK(oauth->refresh_token == "rt-from-env-8d1f0a");
  CHECK(oauth->redirect_port == 8765);
  CHECK(Redact("x cs-literal-77aa10 y rt-from-env-8d1f0a") == "x [REDACTED] y [REDACTED]");
}

TEST_CASE("a misspelled oauth key gets file:line:col and a did-you-mean, an unknown grant the list of grants") {
  auto loaded = ParseTestFile(
      Yaml("        client_secert: x\n        grant: client_credential\n        client_id: c\n"), "t.yaml");
  const std::string messages = AllMessages(loaded);
  CHECK_FALSE(loaded.ok());
  CHECK(messages.find("t.yaml:7:9") != std::string::npos);
  CHECK(messages.find("client_secret") != std::string::npos);
  CHECK(messages.find("did you mean 'client_credentials'") != std::string::npos);
}

TEST_CASE("client_credentials without a client_id, and auth on a stdio server, are reported") {
  auto no_id = ParseTestFile(Yaml("        grant: client_credentials\n"), "t.yaml");
  CHECK(AllMessages(no_id).find("needs client_id") != std::string::npos);
  auto stdio =
      ParseTestFile("servers:\n  - name: s\n    type: stdio\n    command: x\n    auth:\n      oauth: {}\n", "t.yaml");
  CHECK(AllMessages(stdio).find("'auth' only applies to sse and http servers") != std::string::npos);
}

}  // namespace
}  // namespace ab::config
