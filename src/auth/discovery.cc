#include "auth/discovery.h"

#include <algorithm>

#include "base/strings.h"

namespace ab::auth {
namespace {

void AddUnique(std::vector<std::string>& list, const std::string& url) {
  if (!url.empty() && std::find(list.begin(), list.end(), url) == list.end()) list.push_back(url);
}

// The path of |url| without a trailing slash ("" for the root).
std::string PathOf(const net::Url& url) {
  std::string path = url.Path();
  while (!path.empty() && path.back() == '/') path.pop_back();
  return path;
}

std::optional<std::vector<std::string>> StringList(const Json& doc, const char* key) {
  if (!doc.contains(key) || !doc[key].is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& item : doc[key])
    if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

std::string StringField(const Json& doc, const char* key) {
  return doc.contains(key) && doc[key].is_string() ? doc[key].get<std::string>() : "";
}

}  // namespace

bool IsLoopbackHost(const std::string& host) {
  const std::string h = ToLower(host);
  return h == "localhost" || StartsWith(h, "127.") || h == "::1" || h == "[::1]";
}

Result<net::Url> CheckEndpointUrl(const std::string& url, const std::string& what) {
  auto parsed = net::ParseUrl(url);
  if (!parsed) return Error(ErrorCode::kProtocol, what + " '" + Truncate(url, 200) + "' is not an http(s) URL");
  if (parsed->scheme != "https" && !IsLoopbackHost(parsed->host)) {
    return Error(ErrorCode::kProtocol, what + " '" + parsed->Display() +
                                           "' uses plain http on a host that is not loopback; OAuth needs https");
  }
  return parsed;
}

std::string NormalizeIdentifier(const std::string& url) {
  auto parsed = net::ParseUrl(url);
  if (!parsed) return url;
  std::string out = parsed->scheme + "://" + ToLower(parsed->host);
  const bool default_port =
      (parsed->scheme == "https" && parsed->port == 443) || (parsed->scheme == "http" && parsed->port == 80);
  if (!default_port) out += ":" + std::to_string(parsed->port);
  return out + PathOf(*parsed);
}

std::vector<std::string> ProtectedResourceMetadataUrls(const net::Url& server, const std::string& from_header) {
  std::vector<std::string> urls;
  if (!from_header.empty()) {
    if (auto resolved = net::ResolveUrl(server, from_header)) AddUnique(urls, resolved->Origin() + resolved->target);
  }
  const std::string path = PathOf(server);
  if (!path.empty()) AddUnique(urls, server.Origin() + "/.well-known/oauth-protected-resource" + path);
  AddUnique(urls, server.Origin() + "/.well-known/oauth-protected-resource");
  return urls;
}

std::vector<std::string> AuthServerMetadataUrls(const net::Url& issuer) {
  std::vector<std::string> urls;
  const std::string path = PathOf(issuer);
  if (!path.empty()) {
    AddUnique(urls, issuer.Origin() + "/.well-known/oauth-authorization-server" + path);
    AddUnique(urls, issuer.Origin() + "/.well-known/openid-configuration" + path);
    AddUnique(urls, issuer.Origin() + path + "/.well-known/openid-configuration");
  } else {
    AddUnique(urls, issuer.Origin() + "/.well-known/oauth-authorization-server");
    AddUnique(urls, issuer.Origin() + "/.well-known/openid-configuration");
  }
  return urls;
}

Result<ProtectedResource> ValidateProtectedResource(const Json& doc, const net::Url& server,
                                                    const std::string& from_url) {
  const std::string where = "the protected resource metadata at " + from_url;
  if (!doc.is_object()) return Error(ErrorCode::kProtocol, where + " is not a JSON object");
  ProtectedResource out;
  out.resource = StringField(doc, "resource");
  if (out.resource.empty()) return Error(ErrorCode::kProtocol, where + " has no \"resource\"");
  auto resource = net::ParseUrl(out.resource);
  const std::string server_id = NormalizeIdentifier(server.Origin() + server.Path());
  const std::string resource_id = NormalizeIdentifier(out.resource);
  // RFC 9728 section 3.3: the resource must be the one the client asked about. MCP servers often publish their
  // origin (or a parent path) as the resource: accepted when the server's URL lies under it.
  const bool under = resource && resource->Origin() == server.Origin() &&
                     (server_id == resource_id || StartsWith(server_id, resource_id + "/"));
  if (!under) {
    return Error(ErrorCode::kProtocol, where + " is for the resource '" + Truncate(out.resource, 200) +
                                           "', not for the MCP server " + server.Display());
  }
  out.authorization_servers = StringList(doc, "authorization_servers").value_or(std::vector<std::string>{});
  if (out.authorization_servers.empty()) {
    return Error(ErrorCode::kProtocol, where + " names no authorization server (\"authorization_servers\")");
  }
  out.scopes_supported = StringList(doc, "scopes_supported");
  return out;
}

Result<AuthServer> ValidateAuthServer(const Json& doc, const std::string& expected_issuer, const std::string& from_url,
                                      bool check_issuer) {
  const std::string where = "the authorization server metadata at " + from_url;
  if (!doc.is_object()) return Error(ErrorCode::kProtocol, where + " is not a JSON object");
  AuthServer out;
  out.issuer = StringField(doc, "issuer");
  if (out.issuer.empty()) return Error(ErrorCode::kProtocol, where + " has no \"issuer\"");
  // RFC 8414 section 3.3: the issuer must be identical to the one the metadata was looked up for, or a server
  // could hand out another server's endpoints (mix-up attacks).
  if (check_issuer && NormalizeIdentifier(out.issuer) != NormalizeIdentifier(expected_issuer)) {
    return Error(ErrorCode::kProtocol,
                 where + " names the issuer '" + Truncate(out.issuer, 200) + "', expected '" + expected_issuer + "'");
  }
  if (auto checked = CheckEndpointUrl(out.issuer, "the issuer"); !checked)
    return Error(ErrorCode::kProtocol, where + ": " + checked.error().message);
  out.authorization_endpoint = StringField(doc, "authorization_endpoint");
  out.token_endpoint = StringField(doc, "token_endpoint");
  out.registration_endpoint = StringField(doc, "registration_endpoint");
  if (out.token_endpoint.empty()) return Error(ErrorCode::kProtocol, where + " has no \"token_endpoint\"");
  for (const auto& [name, value] :
       {std::pair<const char*, std::string>{"authorization_endpoint", out.authorization_endpoint},
        {"token_endpoint", out.token_endpoint},
        {"registration_endpoint", out.registration_endpoint}}) {
    if (value.empty()) continue;
    if (auto checked = CheckEndpointUrl(value, std::string("the ") + name); !checked) {
      return Error(ErrorCode::kProtocol, where + ": " + checked.error().message);
    }
  }
  out.token_endpoint_auth_methods =
      StringList(doc, "token_endpoint_auth_methods_supported").value_or(std::vector<std::string>{});
  out.code_challenge_methods = StringList(doc, "code_challenge_methods_supported").value_or(std::vector<std::string>{});
  out.grant_types = StringList(doc, "grant_types_supported").value_or(std::vector<std::string>{});
  out.scopes_supported = StringList(doc, "scopes_supported");
  out.client_id_metadata_document_supported =
      doc.contains("client_id_metadata_document_supported") && doc["client_id_metadata_document_supported"] == true;
  out.iss_parameter_supported = doc.contains("authorization_response_iss_parameter_supported") &&
                                doc["authorization_response_iss_parameter_supported"] == true;
  return out;
}

AuthServer FallbackAuthServer(const net::Url& origin) {
  AuthServer out;
  out.issuer = origin.Origin();
  out.authorization_endpoint = origin.Origin() + "/authorize";
  out.token_endpoint = origin.Origin() + "/token";
  out.registration_endpoint = origin.Origin() + "/register";
  out.code_challenge_methods = {"S256"};
  out.from_fallback = true;
  return out;
}

}  // namespace ab::auth
