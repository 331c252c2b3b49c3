// Where an MCP server's authorization lives, and whether what its servers say can be trusted:
//  - protected resource metadata (RFC 9728): the URL from WWW-Authenticate `resource_metadata` first, then the
//    well-known URLs in the order the MCP specification (2025-11-25, "Protected Resource Metadata Discovery")
//    gives: path-inserted, then root;
//  - authorization server metadata (RFC 8414 and OpenID Connect Discovery), in the specification's order, and the
//    2025-03-26 fallbacks (no resource metadata: the server's origin is the authorization server; no metadata at
//    all: /authorize, /token and /register at that origin);
//  - validation: the documents are JSON objects of bounded size and depth, `resource` names the server, `issuer`
//    is the URL the metadata was looked up for, every endpoint is https (http only on a loopback host).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/result.h"
#include "net/url.h"

namespace ab::auth {

/// Candidate URLs of the protected resource metadata of the MCP server at |server|, best first, without duplicates.
std::vector<std::string> ProtectedResourceMetadataUrls(const net::Url& server, const std::string& from_header);

/// Candidate URLs of the metadata of the authorization server |issuer|, in the order of MCP 2025-11-25: for an
/// issuer with a path, /.well-known/oauth-authorization-server{path}, /.well-known/openid-configuration{path},
/// {path}/.well-known/openid-configuration; without one, /.well-known/oauth-authorization-server, then
/// /.well-known/openid-configuration.
std::vector<std::string> AuthServerMetadataUrls(const net::Url& issuer);

/// True for localhost, 127.0.0.0/8 and ::1: the only hosts where plain http is accepted for OAuth endpoints.
bool IsLoopbackHost(const std::string& host);

/// |url| parsed and checked to be https, or http on a loopback host; |what| names it in the error (kProtocol).
Result<net::Url> CheckEndpointUrl(const std::string& url, const std::string& what);

/// "scheme://host[:port]/path" without a trailing slash, for comparing issuers and resources.
std::string NormalizeIdentifier(const std::string& url);

struct ProtectedResource {
  std::string resource;  ///< the resource identifier (RFC 8707 `resource` parameter)
  std::vector<std::string> authorization_servers;
  std::optional<std::vector<std::string>> scopes_supported;
};

/// |doc| (the metadata fetched from |from_url|) checked against the MCP server |server|: `resource` must have the
/// server's origin and a path the server's path starts with; at least one authorization server. kProtocol else.
Result<ProtectedResource> ValidateProtectedResource(const Json& doc, const net::Url& server,
                                                    const std::string& from_url);

struct AuthServer {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string registration_endpoint;                     ///< empty: no dynamic registration
  std::vector<std::string> token_endpoint_auth_methods;  ///< empty: not advertised
  std::vector<std::string> code_challenge_methods;
  std::vector<std::string> grant_types;
  std::optional<std::vector<std::string>> scopes_supported;
  bool client_id_metadata_document_supported = false;
  bool iss_parameter_supported = false;  ///< RFC 9207 authorization_response_iss_parameter_supported
  bool from_fallback = false;            ///< no metadata: the 2025-03-26 default endpoints
};

/// |doc| checked as the metadata of |expected_issuer| (fetched from |from_url|): `issuer` equal to it, endpoints
/// https or loopback http, S256 among code_challenge_methods_supported (MCP: a server that does not
/// advertise PKCE is refused). kProtocol else.
/// |check_issuer| false only for the 2025-03-26 fallback, where the metadata at the server's origin may name an
/// issuer under a path.
Result<AuthServer> ValidateAuthServer(const Json& doc, const std::string& expected_issuer, const std::string& from_url,
                                      bool check_issuer = true);

/// The 2025-03-26 defaults when an authorization server publishes no metadata: its origin + /authorize, /token,
/// /register.
AuthServer FallbackAuthServer(const net::Url& origin);

}  // namespace ab::auth
