#include "auth/discovery.h"

#include <doctest/doctest.h>

namespace ab::auth {
namespace {

net::Url U(const std::string& text) {
  auto url = net::ParseUrl(text);
  REQUIRE(url.has_value());
  return *url;
}

TEST_CASE("protected resource metadata: the challenge's URL first, then path-inserted, then root") {
  const auto urls = ProtectedResourceMetadataUrls(U("https://mcp.example.com/public/mcp"), "/custom/meta.json");
  REQUIRE(urls.size() == 3);
  CHECK(urls[0] == "https://mcp.example.com:443/custom/meta.json");
  CHECK(urls[1] == "https://mcp.example.com:443/.well-known/oauth-protected-resource/public/mcp");
  CHECK(urls[2] == "https://mcp.example.com:443/.well-known/oauth-protected-resource");
  const auto root = ProtectedResourceMetadataUrls(U("http://127.0.0.1:9/"), "");
  REQUIRE(root.size() == 1);
  CHECK(root[0] == "http://127.0.0.1:9/.well-known/oauth-protected-resource");
}

TEST_CASE("authorization server metadata: the MCP 2025-11-25 order with and without an issuer path") {
  const auto with_path = AuthServerMetadataUrls(U("https://auth.example.com/tenant1"));
  REQUIRE(with_path.size() == 3);
  CHECK(with_path[0] == "https://auth.example.com:443/.well-known/oauth-authorization-server/tenant1");
  CHECK(with_path[1] == "https://auth.example.com:443/.well-known/openid-configuration/tenant1");
  CHECK(with_path[2] == "https://auth.example.com:443/tenant1/.well-known/openid-configuration");
  const auto root = AuthServerMetadataUrls(U("https://auth.example.com"));
  REQUIRE(root.size() == 2);
  CHECK(root[0] == "https://auth.example.com:443/.well-known/oauth-authorization-server");
  CHECK(root[1] == "https://auth.example.com:443/.well-known/openid-configuration");
}

Json GoodMetadata(const std::string& issuer) {
  return Json{{"issuer", issuer},
              {"authorization_endpoint", issuer + "/authorize"},
              {"token_endpoint", issuer + "/token"},
              {"code_challenge_methods_supported", {"S256"}},
              {"client_id_metadata_document_supported", "yes"}};  // a wrong type reads as false, never throws
}

TEST_CASE("authorization server metadata is accepted only for the issuer it was looked up for") {
  auto ok = ValidateAuthServer(GoodMetadata("https://auth.example.com"), "https://auth.example.com", "u");
  REQUIRE(ok.has_value());
  CHECK(ok->token_endpoint == "https://auth.example.com/token");
  CHECK_FALSE(ok->client_id_metadata_document_supported);
  auto wrong = ValidateAuthServer(GoodMetadata("https://evil.example.com"), "https://auth.example.com", "u");
  REQUIRE_FALSE(wrong.has_value());
  CHECK(wrong.error().message.find("expected 'https://auth.example.com'") != std::string::npos);
}

TEST_CASE("plain http is refused for a non-loopback issuer or endpoint, accepted on loopback") {
  auto http = ValidateAuthServer(GoodMetadata("http://auth.example.com"), "http://auth.example.com", "u");
  REQUIRE_FALSE(http.has_value());
  CHECK(http.error().message.find("plain http") != std::string::npos);
  Json mixed = GoodMetadata("https://auth.example.com");
  mixed["token_endpoint"] = "http://auth.example.com/token";
  CHECK_FALSE(ValidateAuthServer(mixed, "https://auth.example.com", "u").has_value());
  CHECK(ValidateAuthServer(GoodMetadata("http://127.0.0.1:8080"), "http://127.0.0.1:8080", "u").has_value());
  CHECK(ValidateAuthServer(GoodMetadata("http://localhost:8080"), "http://localhost:8080", "u").has_value());
}

TEST_CASE("metadata that is not an object or lacks a token endpoint is refused") {
  CHECK_FALSE(ValidateAuthServer(Json::array(), "https://a.example", "u").has_value());
  Json no_token = GoodMetadata("https://a.example");
  no_token.erase("token_endpoint");
  CHECK_FALSE(ValidateAuthServer(no_token, "https://a.example", "u").has_value());
  CHECK_FALSE(ValidateAuthServer(Json{{"issuer", 42}}, "https://a.example", "u").has_value());
}

TEST_CASE("protected resource metadata must name this server (or a parent path) and an authorization server") {
  const net::Url server = U("https://mcp.example.com/api/mcp");
  Json doc = {{"resource", "https://mcp.example.com/api/mcp"}, {"authorization_servers", {"https://auth.example.com"}}};
  CHECK(ValidateProtectedResource(doc, server, "u").has_value());
  doc["resource"] = "https://mcp.example.com";
  CHECK(ValidateProtectedResource(doc, server, "u").has_value());
  doc["resource"] = "https://mcp.example.com/ap";
  CHECK_FALSE(ValidateProtectedResource(doc, server, "u").has_value());
  doc["resource"] = "https://other.example.com/api/mcp";
  auto other = ValidateProtectedResource(doc, server, "u");
  REQUIRE_FALSE(other.has_value());
  CHECK(other.error().message.find("not for the MCP server") != std::string::npos);
  Json no_as = {{"resource", "https://mcp.example.com/api/mcp"}, {"authorization_servers", Json::array()}};
  CHECK_FALSE(ValidateProtectedResource(no_as, server, "u").has_value());
}

}  // namespace
}  // namespace ab::auth
