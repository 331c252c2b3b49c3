#include "auth/token_cache.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "auth/discovery.h"
#include "base/json_dump.h"
#include "base/json_parse.h"
#include "base/log.h"
#include "base/redact.h"
#include "base/safe_file.h"

namespace ab::auth {
namespace {

constexpr size_t kMaxCacheBytes = 4 << 20;

Json ReadCache(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Json::object();
  std::string text;
  text.resize(kMaxCacheBytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxCacheBytes) {
    LogWarn("oauth: ignoring the token cache " + path + ": larger than 4 MiB");
    return Json::object();
  }
  auto parsed = ParseJson(text, {64, kMaxCacheBytes});
  if (!parsed || !parsed->is_object()) {
    LogWarn("oauth: ignoring the token cache " + path + ": it is not a JSON object");
    return Json::object();
  }
  return *parsed;
}

std::string Str(const Json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

CachedTokens FromJson(const Json& j) {
  CachedTokens t;
  t.access_token = Str(j, "access_token");
  t.refresh_token = Str(j, "refresh_token");
  t.expires_at = j.contains("expires_at") && j["expires_at"].is_number_integer() ? j["expires_at"].get<int64_t>() : 0;
  t.scope = Str(j, "scope");
  t.issuer = Str(j, "issuer");
  t.token_endpoint = Str(j, "token_endpoint");
  t.client_id = Str(j, "client_id");
  t.client_secret = Str(j, "client_secret");
  t.auth_method = Str(j, "auth_method");
  t.flow = Str(j, "flow");
  RegisterSecret(t.access_token);
  RegisterSecret(t.refresh_token);
  RegisterSecret(t.client_secret);
  return t;
}

Json ToJson(const CachedTokens& t) {
  return Json{{"access_token", t.access_token},
              {"refresh_token", t.refresh_token},
              {"expires_at", t.expires_at},
              {"scope", t.scope},
              {"issuer", t.issuer},
              {"token_endpoint", t.token_endpoint},
              {"client_id", t.client_id},
              {"client_secret", t.client_secret},
              {"auth_method", t.auth_method},
              {"flow", t.flow}};
}

}  // namespace

std::string DefaultTokenCachePath() {
  if (const char* path = std::getenv("AB_OAUTH_CACHE"); path != nullptr && *path != '\0') return path;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::string(xdg) + "/agent-bench/oauth-tokens.json";
  }
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : ".") + "/.cache/agent-bench/oauth-tokens.json";
}

std::string TokenCacheKey(const std::string& server_url, const std::string& identity) {
  return NormalizeIdentifier(server_url) + " " + identity;
}

std::optional<CachedTokens> LoadTokens(const std::string& path, const std::string& key) {
  Json cache = ReadCache(path);
  if (!cache.contains("entries") || !cache["entries"].is_object() || !cache["entries"].contains(key))
    return std::nullopt;
  const Json& entry = cache["entries"][key];
  if (!entry.is_object()) return std::nullopt;
  return FromJson(entry);
}

Status StoreTokens(const std::string& path, const std::string& key, const std::optional<CachedTokens>& tokens) {
  Json cache = ReadCache(path);
  if (!cache.contains("entries") || !cache["entries"].is_object()) cache["entries"] = Json::object();
  if (tokens) cache["entries"][key] = ToJson(*tokens);
  else cache["entries"].erase(key);
  cache["version"] = 1;
  Status written = WriteFileAtomically(path, DumpJson(cache, 2) + "\n", kPrivateFileMode);
  if (written.ok()) ::chmod(path.c_str(), kPrivateFileMode);
  return written;
}

std::vector<std::pair<std::string, CachedTokens>> ListTokens(const std::string& path) {
  std::vector<std::pair<std::string, CachedTokens>> out;
  Json cache = ReadCache(path);
  if (!cache.contains("entries") || !cache["entries"].is_object()) return out;
  for (const auto& [key, entry] : cache["entries"].items())
    if (entry.is_object()) out.emplace_back(key, FromJson(entry));
  return out;
}

}  // namespace ab::auth
