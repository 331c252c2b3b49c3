// `auth:` of an sse/http server: `{oauth: {client_id, client_secret, scopes, grant, client_metadata_url,
// private_key | private_key_file, private_key_id, token_endpoint_auth_method, refresh_token, redirect_port}}`.
// Secrets (client_secret, private_key, refresh_token) are registered for redaction by value as they are read.
#include <algorithm>

#include "base/redact.h"
#include "base/strings.h"
#include "config/env_expand.h"
#include "config/keys.h"
#include "config/parsers.h"
#include "config/read_choice.h"

namespace ab::config {
namespace {

const std::vector<std::string>& AuthMethods() {
  static const std::vector<std::string> kMethods = {"client_secret_basic", "client_secret_post", "none",
                                                    "private_key_jwt"};
  return kMethods;
}

std::optional<std::string> Expanded(Reader& r, const YAML::Node& v, const std::string& key) {
  auto text = r.String(v, key);
  if (!text) return std::nullopt;
  return ExpandEnv(*text);
}

void CheckChoice(Reader& r, const YAML::Node& v, const std::string& key, const std::string& value,
                 const std::vector<std::string>& choices) {
  if (value.empty() || IsTemplate(value) || std::find(choices.begin(), choices.end(), value) != choices.end()) return;
  r.Error(v, "unknown " + key + " '" + value + "' (one of " + Join(choices, ", ") + ")" + DidYouMean(value, choices));
}

OAuthConfig ReadOAuth(Reader& r, const YAML::Node& node) {
  OAuthConfig o;
  o.loc = r.Loc(node);
  r.ForEachKey(node, "oauth", KeysOf("oauth"), [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
    if (key == "client_id") return SetIf(o.client_id, Expanded(r, v, key));
    if (key == "client_secret") return SetIf(o.client_secret, Expanded(r, v, key));
    if (key == "scopes") {
      if (v.IsScalar()) return void(o.scopes = Split(ExpandEnv(v.Scalar()), ' '));
      return SetIf(o.scopes, r.StringList(v, key));
    }
    if (key == "grant") {
      if (v.IsScalar() && v.Scalar().empty()) return;  // `grant: ""` keeps the default
      return SetIf(o.grant, ReadChoice(r, v, key, kOAuthGrants, "grant"));
    }
    if (key == "client_metadata_url") return SetIf(o.client_metadata_url, Expanded(r, v, key));
    if (key == "private_key") return SetIf(o.private_key, Expanded(r, v, key));
    if (key == "private_key_file") return SetIf(o.private_key_file, Expanded(r, v, key));
    if (key == "private_key_id") return SetIf(o.private_key_id, Expanded(r, v, key));
    if (key == "token_endpoint_auth_method") {
      SetIf(o.token_endpoint_auth_method, r.String(v, key));
      return CheckChoice(r, v, key, o.token_endpoint_auth_method, AuthMethods());
    }
    if (key == "refresh_token") return SetIf(o.refresh_token, Expanded(r, v, key));
    if (key == "redirect_port") {
      auto port = r.Int(v, key);
      if (port && (*port < 0 || *port > 65535)) return r.Error(v, "redirect_port must be between 0 and 65535");
      if (port) o.redirect_port = static_cast<int>(*port);
    }
  });
  o.scopes.erase(std::remove_if(o.scopes.begin(), o.scopes.end(), [](const std::string& s) { return Trim(s).empty(); }),
                 o.scopes.end());
  for (const std::string* secret : {&o.client_secret, &o.private_key, &o.refresh_token}) RegisterSecret(*secret);
  if (o.grant == OAuthGrant::kClientCredentials && o.client_id.empty()) {
    r.Error(node, "grant: client_credentials needs client_id (and client_secret or private_key)");
  }
  if (!o.private_key.empty() && !o.private_key_file.empty()) {
    r.Error(node, "give either private_key or private_key_file, not both");
  }
  return o;
}

}  // namespace

std::optional<OAuthConfig> ReadServerAuth(Reader& r, const YAML::Node& node) {
  std::optional<OAuthConfig> out;
  r.ForEachKey(node, "auth", KeysOf("serverAuth"), [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
    if (key == "oauth") {
      if (!v.IsMap()) return r.Error(v, "'oauth' must be a mapping of OAuth settings (client_id, scopes, grant ...)");
      out = ReadOAuth(r, v);
    }
  });
  return out;
}

}  // namespace ab::config
