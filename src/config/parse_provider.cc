// Providers: keys, types and the fields each type requires.
#include <algorithm>

#include "base/strings.h"
#include "config/keys.h"
#include "config/parsers.h"
#include "config/provider_types.h"
#include "config/secrets.h"

namespace ab::config {

namespace {

void ReadRateLimits(Reader& r, const YAML::Node& node, RateLimits& out) {
  r.ForEachKey(node, "rate_limits", KeysOf("rateLimits"),
               [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
                 std::optional<long long> n = r.Int(v, key);
                 if (n && (*n < 0 || *n > 1'000'000'000)) {
                   r.Error(v, "'" + key + "' must be between 0 and 1000000000");
                   return;
                 }
                 if (n) (key == "tpm" ? out.tpm : out.rpm) = static_cast<int>(*n);
               });
}

void ReadRetry(Reader& r, const YAML::Node& node, RetryPolicy& out) {
  r.ForEachKey(node, "retry", KeysOf("retry"), [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
    if (key == "max_retries") {
      std::optional<long long> n = r.Int(v, key);
      if (n && (*n < 0 || *n > 100)) {
        r.Error(v, "'max_retries' must be between 0 and 100");
      } else if (n) {
        out.max_retries = static_cast<int>(*n);
      }
    } else if (key == "retry_on_429") {
      SetIf(out.retry_on_429, r.Bool(v, key));
    } else if (key == "retry_on_5xx") {
      SetIf(out.retry_on_5xx, r.Bool(v, key));
    } else {
      SetIf(out.retry_on_network, r.Bool(v, key));
    }
  });
}

void ReadPricing(Reader& r, const YAML::Node& node, Pricing& out) {
  r.ForEachKey(node, "pricing", KeysOf("pricing"), [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
    std::optional<double> d = r.Double(v, key);
    if (d && *d < 0) {
      r.Error(v, "'" + key + "' price must not be negative");
      return;
    }
    if (key == "input") out.input = d;
    if (key == "output") out.output = d;
    if (key == "cached_input") out.cached_input = d;
  });
}

// The fields a provider type cannot work without. Templates count as present: validation must not need the
// environment.
void ValidateProvider(Reader& r, const YAML::Node& node, const Provider& p,
                      const std::optional<YAML::Node>& type_node) {
  auto require = [&](bool present, const char* key, const std::string& why) {
    if (!present) r.Error(node, "provider '" + p.name + "' is missing required key '" + key + "'" + why);
  };
  if (p.name.empty()) r.Error(node, "provider is missing required key 'name'");
  if (!type_node) {
    r.Error(node,
            "provider '" + p.name + "' is missing required key 'type' (one of " + Join(ProviderTypes(), ", ") + ")");
    return;
  }
  const std::string& t = p.type;
  const ProviderTypeInfo* info = FindProviderType(t);
  if (!info) {
    r.Error(*type_node, "unknown provider type '" + t + "'" + DidYouMean(t, ProviderTypes()));
    return;
  }
  if (!info->supported) {
    r.Error(*type_node, "provider type '" + t + "' is not supported yet by agent-bench");
    return;
  }
  // The table's required keys, then what depends on other keys of the provider (AZURE's token on its auth_type,
  // VERTEX's project_id); baseUrl last, so each type's errors keep the order users have seen.
  const std::string for_type = " (needed by " + t + ")";
  if (info->needs_model) require(!p.model.empty(), "model", "");
  if (info->needs_token && info->type != ProviderType::kAzure) require(!p.token.empty(), "token", for_type);
  if (info->type == ProviderType::kAzure) {
    if (!p.auth_type.empty() && !IsTemplate(p.auth_type) && p.auth_type != "api_key" && p.auth_type != "entra_id") {
      r.Error(node, "provider '" + p.name + "': auth_type must be 'api_key' or 'entra_id', got '" + p.auth_type + "'" +
                        DidYouMean(p.auth_type, {"api_key", "entra_id"}));
    }
    if (p.auth_type != "entra_id") require(!p.token.empty(), "token", " (needed by AZURE with auth_type api_key)");
    require(!p.version.empty(), "version", for_type);
  }
  if (info->type == ProviderType::kVertex) {
    require(!p.project_id.empty(), "project_id", for_type);
    // No location: like the Vertex SDK, GOOGLE_CLOUD_REGION, then CLOUD_ML_REGION, then us-central1 (llm/factory).
  }
  if (info->needs_base_url) require(!p.base_url.empty(), "baseUrl", for_type);
}

}  // namespace

Provider ReadProvider(Reader& r, const YAML::Node& node) {
  Provider p;
  p.loc = r.Loc(node);
  std::optional<YAML::Node> type_node;
  std::string base_url_spelling;
  r.ForEachKey(node, "provider", KeysOf("provider"),
               [&](const std::string& key, const YAML::Node& key_node, const YAML::Node& v) {
                 if (key == "name") return SetIf(p.name, r.String(v, key));
                 if (key == "type") {
                   type_node.emplace(v);
                   return SetIf(p.type, r.String(v, key));
                 }
                 if (key == "token") return SetIf(p.token, r.String(v, key));
                 if (key == "secret") return SetIf(p.secret, r.String(v, key));
                 if (key == "model") return SetIf(p.model, r.String(v, key));
                 if (key == "baseUrl" || key == "base_url") {
                   if (!base_url_spelling.empty()) {
                     r.Error(key_node, "both '" + base_url_spelling + "' and '" + key + "' given; use one");
                   }
                   base_url_spelling = key;
                   return SetIf(p.base_url, r.String(v, key));
                 }
                 if (key == "version") return SetIf(p.version, r.String(v, key));
                 if (key == "auth_type") return SetIf(p.auth_type, r.String(v, key));
                 if (key == "project_id") return SetIf(p.project_id, r.String(v, key));
                 if (key == "location") return SetIf(p.location, r.String(v, key));
                 if (key == "credentials_path") return SetIf(p.credentials_path, r.String(v, key));
                 if (key == "rate_limits") return ReadRateLimits(r, v, p.rate_limits);
                 if (key == "retry") return ReadRetry(r, v, p.retry);
                 if (key == "pricing") return ReadPricing(r, v, p.pricing);
                 if (key == "temperature") {
                   std::optional<double> d = r.Double(v, key);
                   if (d && (*d < 0 || *d > 2)) return r.Error(v, "'temperature' must be between 0 and 2");
                   p.temperature = d;
                   return;
                 }
                 if (key == "max_tokens") {
                   std::optional<long long> n = r.Int(v, key);
                   if (n && (*n < 1 || *n > 10'000'000))
                     return r.Error(v, "'max_tokens' must be between 1 and 10000000");
                   if (n) p.max_tokens = static_cast<int>(*n);
                   return;
                 }
                 if (key == "seed") {
                   p.seed = r.Int(v, key);
                   return;
                 }
                 if (key == "timeout") {
                   p.timeout = r.Duration(v, key);
                   return;
                 }
                 if (key == "insecure") return SetIf(p.insecure, r.Bool(v, key));
                 if (key == "headers") return SetIf(p.headers, ReadHeaders(r, v, key, p.plain_headers));
                 if (key == "mock_script") return SetIf(p.mock_script, r.String(v, key));
                 if (key == "limits") p.limits = ReadLimits(r, v, "providerLimits");
               });
  if (!node.IsMap()) return p;
  RegisterSecrets(p);  // the literal ones; templated values once rendered
  ValidateProvider(r, node, p, type_node);
  return p;
}

}  // namespace ab::config
