#include "llm/token_source.h"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <utility>

#include "base/json.h"
#include "base/json_dump.h"
#include "base/json_parse.h"
#include "base/redact.h"
#include "llm/http_errors.h"

namespace ab::llm {
namespace {

// Fetch again this long before the token expires, so a call never starts with a token about to lapse.
constexpr int64_t kRefreshMarginMs = 5 * 60 * 1000;

/// Caches the token of a subclass's Fetch() until shortly before it expires.
class CachingTokenSource : public TokenSource {
 public:
  CachingTokenSource(HttpClient& http, Clock& clock) : http_(http), clock_(clock) {}

  Result<std::string> Token() final {
    std::lock_guard<std::mutex> lock(mu_);
    const int64_t now = clock_.WallMs();
    if (!token_.empty() && now < refresh_at_ms_) return token_;
    Result<HttpRequest> request = MakeRequest(now);
    if (!request) return request.error();
    Result<HttpResponse> response = http_.Send(*request);
    if (!response) return response.error();
    if (response->status / 100 != 2) {
      Error error = HttpStatusError(what(), *response);
      if (response->status == 400 || response->status == 401 || response->status == 403) error.code = ErrorCode::kAuth;
      return error;
    }
    const Json doc = ParseJsonOrDiscarded(response->body);
    if (!doc.is_object() || !doc.contains("access_token") || !doc["access_token"].is_string()) {
      return Error(ErrorCode::kParse, std::string(what()) + ": token endpoint reply has no access_token");
    }
    token_ = doc["access_token"].get<std::string>();
    RegisterSecret(token_);
    int64_t lifetime_ms = 3600 * 1000;
    const Json& expires = doc.value("expires_in", Json());
    if (expires.is_number()) lifetime_ms = expires.get<int64_t>() * 1000;
    if (expires.is_string()) lifetime_ms = std::atoll(expires.get<std::string>().c_str()) * 1000;
    // Short-lived tokens are refreshed at half-life instead of a fixed margin.
    refresh_at_ms_ = now + std::max(lifetime_ms / 2, lifetime_ms - kRefreshMarginMs);
    return token_;
  }

 protected:
  virtual const char* what() const = 0;
  virtual Result<HttpRequest> MakeRequest(int64_t now_ms) = 0;

 private:
  HttpClient& http_;
  Clock& clock_;
  std::mutex mu_;
  std::string token_;
  int64_t refresh_at_ms_ = 0;
};

HttpRequest FormPost(std::string url, const std::vector<std::pair<std::string, std::string>>& fields) {
  HttpRequest request;
  request.url = std::move(url);
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  for (const auto& [key, value] : fields) {
    if (!request.body.empty()) request.body += '&';
    request.body += UrlEncode(key) + "=" + UrlEncode(value);
  }
  request.timeout = std::chrono::milliseconds(30'000);
  return request;
}

class EntraTokenSource final : public CachingTokenSource {
 public:
  EntraTokenSource(HttpClient& http, Clock& clock, std::string authority, std::string tenant, std::string client_id,
                   std::string secret)
      : CachingTokenSource(http, clock),
        authority_(std::move(authority)),
        tenant_(std::move(tenant)),
        client_id_(std::move(client_id)),
        secret_(std::move(secret)) {
    RegisterSecret(secret_);
    while (!authority_.empty() && authority_.back() == '/') authority_.pop_back();
  }

 protected:
  const char* what() const override { return "azure entra_id"; }
  Result<HttpRequest> MakeRequest(int64_t) override {
    return FormPost(authority_ + "/" + tenant_ + "/oauth2/v2.0/token",
                    {{"grant_type", "client_credentials"},
                     {"client_id", client_id_},
                     {"client_secret", secret_},
                     {"scope", "https://cognitiveservices.azure.com/.default"}});
  }

 private:
  std::string authority_, tenant_, client_id_, secret_;
};

class ServiceAccountTokenSource final : public CachingTokenSource {
 public:
  ServiceAccountTokenSource(HttpClient& http, Clock& clock, std::string email, std::string key, std::string token_uri)
      : CachingTokenSource(http, clock),
        email_(std::move(email)),
        key_(std::move(key)),
        token_uri_(std::move(token_uri)) {}

 protected:
  const char* what() const override { return "vertex service account"; }
  Result<HttpRequest> MakeRequest(int64_t now_ms) override {
    const int64_t iat = now_ms / 1000;
    Json claims = {{"iss", email_},
                   {"scope", "https://www.googleapis.com/auth/cloud-platform"},
                   {"aud", token_uri_},
                   {"iat", iat},
                   {"exp", iat + 3600}};
    Result<std::string> jwt = SignJwtRs256(DumpJson(claims), key_);
    if (!jwt) return jwt.error();
    RegisterSecret(*jwt);
    return FormPost(token_uri_, {{"grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"}, {"assertion", *jwt}});
  }

 private:
  std::string email_, key_, token_uri_;
};

class StaticTokenSource final : public TokenSource {
 public:
  explicit StaticTokenSource(std::string token) : token_(std::move(token)) {}
  Result<std::string> Token() override { return token_; }

 private:
  std::string token_;
};

}  // namespace

std::unique_ptr<TokenSource> MakeEntraTokenSource(HttpClient& http, Clock& clock, std::string authority_host,
                                                  std::string tenant_id, std::string client_id,
                                                  std::string client_secret) {
  return std::make_unique<EntraTokenSource>(http, clock, std::move(authority_host), std::move(tenant_id),
                                            std::move(client_id), std::move(client_secret));
}

Result<std::unique_ptr<TokenSource>> MakeServiceAccountTokenSource(HttpClient& http, Clock& clock,
                                                                   const std::string& key_file_json) {
  const Json doc = ParseJsonOrDiscarded(key_file_json);
  if (!doc.is_object()) return Error(ErrorCode::kConfig, "service-account credentials are not a JSON object");
  for (const char* key : {"client_email", "private_key"}) {
    if (!doc.contains(key) || !doc[key].is_string()) {
      return Error(ErrorCode::kConfig, std::string("service-account credentials lack '") + key +
                                           "' (only type service_account key files are supported)");
    }
  }
  for (const char* secret : {"private_key", "private_key_id", "client_secret", "refresh_token"})
    if (doc.contains(secret) && doc[secret].is_string()) RegisterSecret(doc[secret].get<std::string>());
  std::string token_uri = doc.value("token_uri", "https://oauth2.googleapis.com/token");
  return std::unique_ptr<TokenSource>(
      std::make_unique<ServiceAccountTokenSource>(http, clock, doc["client_email"].get<std::string>(),
                                                  doc["private_key"].get<std::string>(), std::move(token_uri)));
}

std::unique_ptr<TokenSource> MakeStaticTokenSource(std::string token) {
  return std::make_unique<StaticTokenSource>(std::move(token));
}

}  // namespace ab::llm
