// Tokens kept between runs: one JSON file, owner-only (0600), written through base/safe_file.h, holding an entry
// per (MCP server URL, client identity). Entries carry what a later run needs to refresh without the browser:
// the token endpoint, the client (dynamically registered ones included) and the refresh token.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace ab::auth {

struct CachedTokens {
  std::string access_token;
  std::string refresh_token;
  int64_t expires_at = 0;  ///< unix seconds when it is refreshed (a little before it expires); 0 = unknown
  std::string scope;       ///< granted scopes, space-separated
  std::string issuer;
  std::string token_endpoint;
  std::string client_id;      ///< the client the tokens belong to (a registered one included)
  std::string client_secret;  ///< a dynamically registered client's secret
  std::string auth_method;    ///< token endpoint auth method used
  std::string flow;           ///< which grant produced them (no secret)
};

/// ~/.cache/agent-bench/oauth-tokens.json ($XDG_CACHE_HOME honoured; AB_OAUTH_CACHE overrides the whole path).
std::string DefaultTokenCachePath();

/// The cache key of a server and a client identity.
std::string TokenCacheKey(const std::string& server_url, const std::string& identity);

/// The entry for |key|, or nullopt (missing file, missing entry, unreadable or malformed file: a cache miss, with
/// a warning in the log for the last two). Registers the secrets it returns.
std::optional<CachedTokens> LoadTokens(const std::string& path, const std::string& key);
/// Stores (or, |tokens| nullopt, removes) the entry for |key|; the file is rewritten 0600.
Status StoreTokens(const std::string& path, const std::string& key, const std::optional<CachedTokens>& tokens);
/// Every key in the file with its entry, for `auth status`.
std::vector<std::pair<std::string, CachedTokens>> ListTokens(const std::string& path);

}  // namespace ab::auth
