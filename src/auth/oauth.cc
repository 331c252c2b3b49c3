#include "auth/oauth.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <set>

#include "auth/challenge.h"
#include "auth/crypto.h"
#include "auth/loopback.h"
#include "base/json_dump.h"
#include "base/json_parse.h"
#include "base/log.h"
#include "base/redact.h"
#include "base/strings.h"

extern char** environ;

namespace ab::auth {
namespace {

constexpr size_t kMaxJsonDepth = 32;  // OAuth documents are flat; deeper nesting is hostile

using Form = std::vector<std::pair<std::string, std::string>>;

std::string EncodeForm(const Form& form) {
  std::string out;
  for (const auto& [name, value] : form) {
    if (!out.empty()) out += '&';
    out += net::PercentEncode(name) + "=" + net::PercentEncode(value);
  }
  return out;
}

// Query and form values: '+' is a space.
std::string FormDecode(std::string_view text) { return PercentDecode(text, /*plus_is_space=*/true); }

std::map<std::string, std::string> QueryParams(const std::string& url) {
  std::map<std::string, std::string> out;
  size_t q = url.find('?');
  if (q == std::string::npos) return out;
  std::string query = url.substr(q + 1);
  query = query.substr(0, query.find('#'));
  for (const std::string& part : Split(query, '&')) {
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string name = FormDecode(part.substr(0, eq));
    std::string value = eq == std::string::npos ? "" : FormDecode(part.substr(eq + 1));
    out.emplace(std::move(name), std::move(value));
  }
  return out;
}

std::vector<std::string> SplitScopes(const std::string& scope) {
  std::vector<std::string> out;
  for (const std::string& s : Split(scope, ' '))
    if (!Trim(s).empty() && std::find(out.begin(), out.end(), std::string(Trim(s))) == out.end())
      out.emplace_back(Trim(s));
  return out;
}

bool Contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

std::string JsonString(const Json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

class FollowRedirectAgent : public AuthorizationAgent {
 public:
  explicit FollowRedirectAgent(bool insecure) : http_(Options(insecure)) {}
  Result<std::string> RedirectUri() override { return std::string("http://127.0.0.1:33418/callback"); }
  Result<std::string> Authorize(const std::string& authorization_url) override {
    auto url = net::ParseUrl(authorization_url);
    if (!url) return url.error();
    net::Request call;
    call.url = *url;
    call.deadline = std::chrono::milliseconds(15000);
    call.connect_timeout = std::chrono::milliseconds(10000);
    call.limits.max_response_bytes = 256 * 1024;
    auto response = http_.Fetch(call);
    if (!response) return response.error();
    const std::string location = response->Header("location");
    if (response->status < 300 || response->status >= 400 || location.empty()) {
      return Error(ErrorCode::kAuth, "the authorization endpoint " + url->Display() + " answered HTTP " +
                                         std::to_string(response->status) +
                                         " instead of redirecting back: it needs a person to approve in a browser");
    }
    auto resolved = net::ResolveUrl(*url, location);
    if (!resolved) return Error(ErrorCode::kAuth, "the authorization endpoint redirected to an invalid URL");
    return resolved->Origin() + resolved->target;
  }

 private:
  static net::ClientOptions Options(bool insecure) {
    net::ClientOptions o;
    o.insecure = insecure;
    o.max_attempts = 1;
    return o;
  }
  net::Client http_;
};

class LoopbackAgent : public AuthorizationAgent {
 public:
  LoopbackAgent(int port, bool open_browser, std::chrono::milliseconds timeout)
      : port_(port), open_browser_(open_browser), timeout_(timeout) {}
  Result<std::string> RedirectUri() override {
    if (!listener_) {
      auto opened = LoopbackRedirect::Open(port_);
      if (!opened) return opened.error();
      listener_ = std::move(*opened);
    }
    return listener_->redirect_uri();
  }
  Result<std::string> Authorize(const std::string& authorization_url) override {
    auto uri = RedirectUri();
    if (!uri) return uri.error();
    std::fprintf(stderr,
                 "To authorize agent-bench, open this URL in a browser:\n\n  %s\n\nWaiting up to %lld s for the "
                 "redirect to %s ...\n",
                 authorization_url.c_str(), static_cast<long long>(timeout_.count() / 1000), uri->c_str());
    std::fflush(stderr);
    pid_t child = -1;
    if (open_browser_) child = OpenBrowser(authorization_url);
    auto callback = listener_->Wait(timeout_);
    if (child > 0) {
      int status = 0;
      ::waitpid(child, &status, WNOHANG);
    }
    return callback;
  }

 private:
  static pid_t OpenBrowser(const std::string& url) {
    const char* browser = std::getenv("BROWSER");
    std::string command = browser != nullptr && *browser != '\0' ? std::string(browser) + " \"$1\"" : "xdg-open \"$1\"";
    std::vector<std::string> args = {"/bin/sh", "-c", command + " >/dev/null 2>&1", "sh", url};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    if (posix_spawn(&pid, "/bin/sh", nullptr, nullptr, argv.data(), environ) != 0) return -1;
    return pid;
  }
  int port_;
  bool open_browser_;
  std::chrono::milliseconds timeout_;
  std::unique_ptr<LoopbackRedirect> listener_;
};

}  // namespace

std::unique_ptr<AuthorizationAgent> MakeFollowRedirectAgent(bool insecure) {
  return std::make_unique<FollowRedirectAgent>(insecure);
}

std::unique_ptr<AuthorizationAgent> MakeLoopbackAgent(int port, bool open_browser, std::chrono::milliseconds timeout) {
  return std::make_unique<LoopbackAgent>(port, open_browser, timeout);
}

bool IsNonInteractive() {
  const char* ci = std::getenv("CI");
  if (ci != nullptr && *ci != '\0' && std::string(ci) != "false" && std::string(ci) != "0") return true;
  return !::isatty(STDIN_FILENO) || !::isatty(STDERR_FILENO);
}

struct OAuthClient::Impl {
  OAuthSettings s;
  std::unique_ptr<AuthorizationAgent> agent;
  net::Client http;
  mutable std::mutex mu;
  std::optional<net::Url> server;
  std::optional<ProtectedResource> prm;
  std::optional<AuthServer> as;
  std::string resource;
  std::string client_id, client_secret, auth_method;
  std::string cached_token_endpoint, cached_issuer;
  std::string issuer_of_client;  ///< the authorization server client_id was set up with (this process)
  std::string access_token, refresh_token, scope;
  int64_t expires_at = 0;
  int step_ups = 0;
  std::vector<std::string> flows;
  std::string token_grant;      ///< what obtained access_token (the flow name without its client method)
  std::string client_identity;  ///< how client_id was obtained

  static net::ClientOptions NetOptions(const OAuthSettings& s) {
    net::ClientOptions o;
    o.insecure = s.insecure;
    o.max_attempts = 2;
    return o;
  }

  Impl(OAuthSettings settings, std::unique_ptr<AuthorizationAgent> a)
      : s(std::move(settings)), agent(std::move(a)), http(NetOptions(s)) {
    RegisterSecret(s.client_secret);
    RegisterSecret(s.refresh_token);
    RegisterSecret(s.private_key);
    if (auto url = net::ParseUrl(s.server_url)) server = *url;
    refresh_token = s.refresh_token;
    // A configured client_id is the client's identity even when no registration step runs (a refresh token).
    if (!s.client_id.empty()) client_identity = "pre-registered client";
    if (!s.cache_path.empty()) {
      if (auto cached = LoadTokens(s.cache_path, Key())) {
        access_token = cached->access_token;
        if (!cached->refresh_token.empty()) refresh_token = cached->refresh_token;
        expires_at = cached->expires_at;
        scope = cached->scope;
        cached_token_endpoint = cached->token_endpoint;
        cached_issuer = cached->issuer;
        if (!access_token.empty()) token_grant = "token cache";
        if (s.client_id.empty() && !cached->client_id.empty()) {
          client_identity = "cached client";
          client_id = cached->client_id;
          client_secret = cached->client_secret;
          auth_method = cached->auth_method;
        }
      }
    }
  }

  std::string Identity() const {
    if (!s.client_id.empty()) return s.client_id;
    if (!s.client_metadata_url.empty()) return s.client_metadata_url;
    return "(dynamic registration)";
  }
  std::string Key() const { return TokenCacheKey(s.server_url, Identity()); }
  std::string Who() const {
    return "server '" + s.server_name + "' (" + (server ? server->Display() : s.server_url) + ")";
  }

  Error Fail(const std::string& what) const {
    return Error(ErrorCode::kAuth, Redact("OAuth for " + Who() + ": " + what));
  }

  // --- HTTP -------------------------------------------------------------------------------------------------

  net::Request MakeRequest(const std::string& method, const net::Url& url) const {
    net::Request call;
    call.method = method;
    call.url = url;
    call.deadline = s.request_deadline;
    call.connect_timeout = std::min(s.request_deadline, std::chrono::milliseconds(10000));
    call.limits.max_response_bytes = s.max_response_bytes;
    call.headers.emplace_back("Accept", "application/json");
    return call;
  }

  // A bounded JSON document: the body parsed with the depth cap; the error names |url| and the limit.
  Result<Json> ParseBody(const net::Response& response, const std::string& url) const {
    auto doc = ParseJson(response.body, {kMaxJsonDepth, s.max_response_bytes});
    if (!doc)
      return Error(ErrorCode::kProtocol, "the answer of " + url + " is not usable JSON: " + doc.error().message);
    return *doc;
  }

  // GETs a metadata document: the JSON on 200, nullopt when absent (any other status), an error when the peer
  // could not be reached or sent something hostile.
  Result<std::optional<Json>> FetchMetadata(const std::string& url_text) {
    auto url = net::ParseUrl(url_text);
    if (!url) return url.error();
    net::Request call = MakeRequest("GET", *url);
    call.headers.emplace_back("MCP-Protocol-Version", "2025-11-25");
    auto response = http.Fetch(call);
    if (!response) return response.error();
    if (response->status != 200) return std::optional<Json>();
    auto doc = ParseBody(*response, url->Display());
    if (!doc) return doc.error();
    return std::optional<Json>(std::move(*doc));
  }

  // POSTs to an OAuth endpoint; a JSON object on 2xx, an error sentence with the server's error otherwise.
  Result<Json> Post(const std::string& url_text, const std::string& what, const std::string& content_type,
                    const std::string& body, const net::Headers& headers = {}) {
    auto url = net::ParseUrl(url_text);
    if (!url) return Fail("the " + what + " URL '" + Truncate(url_text, 200) + "' is invalid");
    net::Request call = MakeRequest("POST", *url);
    call.headers.emplace_back("Content-Type", content_type);
    for (const auto& h : headers) call.headers.push_back(h);
    call.body = body;
    const auto started = std::chrono::steady_clock::now();
    auto response = http.Fetch(call);
    if (!response) return Fail("the " + what + " request failed: " + response.error().message);
    auto doc = ParseBody(*response, url->Display());
    if (response->status < 200 || response->status >= 300) {
      std::string detail;
      if (doc && doc->is_object()) {
        detail = JsonString(*doc, "error");
        if (!JsonString(*doc, "error_description").empty())
          detail += " (" + JsonString(*doc, "error_description") + ")";
      }
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
      return Fail("the " + what + " at " + url->Display() + " answered HTTP " + std::to_string(response->status) +
                  (detail.empty() ? "" : ": " + Truncate(detail, 300)) + " after " + std::to_string(ms.count()) +
                  " ms");
    }
    if (!doc) return Fail(doc.error().message);
    if (!doc->is_object())
      return Fail("the " + what + " at " + url->Display() + " answered JSON that is not an object");
    return *doc;
  }

  // --- discovery ----------------------------------------------------------------------------------------------

  Status Discover(const BearerChallenge& challenge) {
    if (as) return Status::Ok();
    if (!server) return Fail("the server URL '" + s.server_url + "' is not an http(s) URL");
    std::optional<Error> first_error;
    for (const std::string& url : ProtectedResourceMetadataUrls(*server, challenge.resource_metadata())) {
      auto doc = FetchMetadata(url);
      if (!doc) {
        if (!first_error) first_error = doc.error();
        continue;
      }
      if (!*doc) continue;
      auto checked = ValidateProtectedResource(**doc, *server, url);
      if (!checked) {
        if (!first_error) first_error = checked.error();
        continue;
      }
      prm = *checked;
      break;
    }
    if (prm) {
      const std::string issuer = prm->authorization_servers.front();
      auto issuer_url = CheckEndpointUrl(issuer, "the authorization server");
      if (!issuer_url) return Fail(issuer_url.error().message);
      for (const std::string& url : AuthServerMetadataUrls(*issuer_url)) {
        auto doc = FetchMetadata(url);
        if (!doc) return Fail("cannot read the authorization server metadata: " + doc.error().message);
        if (!*doc) continue;
        auto checked = ValidateAuthServer(**doc, issuer, url);
        if (!checked) return Fail(checked.error().message);
        as = *checked;
        break;
      }
      if (!as) {
        return Fail("the authorization server " + issuer + " publishes no metadata (tried " +
                    Join(AuthServerMetadataUrls(*issuer_url), ", ") + ")");
      }
      resource = prm->resource;
    } else {
      if (first_error && first_error->code != ErrorCode::kNotFound && first_error->code != ErrorCode::kProtocol) {
        return Fail("cannot read the protected resource metadata: " + first_error->message);
      }
      if (first_error) return Fail(first_error->message);
      // MCP 2025-03-26: no protected resource metadata; the server's origin is the authorization server.
      auto origin = net::ParseUrl(server->Origin());
      for (const std::string& url : AuthServerMetadataUrls(*origin)) {
        auto doc = FetchMetadata(url);
        if (!doc) return Fail("cannot read the authorization server metadata: " + doc.error().message);
        if (!*doc) continue;
        auto checked = ValidateAuthServer(**doc, server->Origin(), url, /*check_issuer=*/false);
        if (!checked) return Fail(checked.error().message);
        as = *checked;
        break;
      }
      if (!as) as = FallbackAuthServer(*origin);
      flows.push_back(as->from_fallback ? "2025-03-26 default endpoints"
                                        : "2025-03-26 metadata at the server's origin");
      resource = NormalizeIdentifier(server->Origin() + server->Path());
    }
    return Status::Ok();
  }

  // --- client identity ----------------------------------------------------------------------------------------

  std::string ChooseAuthMethod(const std::string& registered) const {
    if (!s.token_endpoint_auth_method.empty()) return s.token_endpoint_auth_method;
    if (!registered.empty()) return registered;
    const std::vector<std::string>& supported = as->token_endpoint_auth_methods;
    if (!s.private_key.empty()) return "private_key_jwt";
    if (!client_secret.empty()) {
      if (supported.empty() || Contains(supported, "client_secret_basic")) return "client_secret_basic";
      if (Contains(supported, "client_secret_post")) return "client_secret_post";
      return "client_secret_basic";
    }
    return "none";
  }

  Status EnsureClient(const std::string& redirect_uri, const std::string& grant) {
    if (!client_id.empty()) return Status::Ok();
    issuer_of_client = as->issuer;
    if (!s.client_id.empty()) {
      client_id = s.client_id;
      client_secret = s.client_secret;
      auth_method = ChooseAuthMethod("");
      flows.push_back("pre-registered client");
      client_identity = "pre-registered client";
      return Status::Ok();
    }
    if (as->client_id_metadata_document_supported && !s.client_metadata_url.empty()) {
      client_id = s.client_metadata_url;
      auth_method = s.private_key.empty() ? "none" : "private_key_jwt";
      flows.push_back("client ID metadata document");
      client_identity = "client ID metadata document";
      return Status::Ok();
    }
    if (as->registration_endpoint.empty()) {
      return Fail("the authorization server " + as->issuer + " offers no dynamic client registration" +
                  (as->client_id_metadata_document_supported
                       ? " (it accepts client ID metadata documents: set auth.oauth.client_metadata_url)"
                       : "") +
                  ": set auth.oauth.client_id (and client_secret) of the server to a client registered there");
    }
    // RFC 7591. A public client with PKCE unless a key or the server's methods say otherwise.
    const auto& supported = as->token_endpoint_auth_methods;
    std::string method = !s.private_key.empty()                               ? "private_key_jwt"
                         : (supported.empty() || Contains(supported, "none")) ? "none"
                         : Contains(supported, "client_secret_basic")         ? "client_secret_basic"
                                                                              : supported.front();
    // SEP-837: a native application (its redirect is a loopback URL).
    Json request = {
        {"client_name", s.client_name}, {"token_endpoint_auth_method", method}, {"application_type", "native"}};
    if (grant == "client_credentials") {
      request["grant_types"] = Json::array({"client_credentials"});
    } else {
      request["redirect_uris"] = Json::array({redirect_uri});
      request["grant_types"] = Json::array({"authorization_code", "refresh_token"});
      request["response_types"] = Json::array({"code"});
    }
    auto answer = Post(as->registration_endpoint, "client registration", "application/json", DumpJson(request));
    if (!answer) return answer.error();
    client_id = JsonString(*answer, "client_id");
    if (client_id.empty())
      return Fail("the client registration at " + as->registration_endpoint + " returned no client_id");
    client_secret = JsonString(*answer, "client_secret");
    RegisterSecret(client_secret);
    auth_method = ChooseAuthMethod(JsonString(*answer, "token_endpoint_auth_method"));
    flows.push_back("dynamic client registration");
    client_identity = "dynamic client registration";
    return Status::Ok();
  }

  std::string TokenEndpoint() const { return as ? as->token_endpoint : cached_token_endpoint; }

  // Adds the client authentication of auth_method to a token request.
  Status AddClientAuth(Form& form, net::Headers& headers) {
    if (auth_method == "client_secret_basic") {
      const std::string credentials = Base64(net::PercentEncode(client_id) + ":" + net::PercentEncode(client_secret));
      RegisterSecret(credentials);
      headers.emplace_back("Authorization", "Basic " + credentials);
    } else if (auth_method == "client_secret_post") {
      form.emplace_back("client_id", client_id);
      form.emplace_back("client_secret", client_secret);
    } else if (auth_method == "private_key_jwt") {
      const int64_t now = Now();
      Json claims = {{"iss", client_id}, {"sub", client_id}, {"aud", as ? as->issuer : TokenEndpoint()},
                     {"iat", now},       {"exp", now + 300}, {"jti", RandomToken(16)}};
      auto assertion = SignJwt(DumpJson(claims), s.private_key, s.private_key_id);
      if (!assertion) return Fail(assertion.error().message);
      RegisterSecret(*assertion);
      form.emplace_back("client_id", client_id);
      form.emplace_back("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
      form.emplace_back("client_assertion", *assertion);
    } else {
      form.emplace_back("client_id", client_id);
    }
    return Status::Ok();
  }

  Status TokenRequest(Form form, const std::string& flow, const std::string& requested_scope) {
    net::Headers headers;
    if (Status added = AddClientAuth(form, headers); !added.ok()) return added;
    if (!resource.empty()) form.emplace_back("resource", resource);
    auto answer = Post(TokenEndpoint(), "token request (" + flow + ")", "application/x-www-form-urlencoded",
                       EncodeForm(form), headers);
    if (!answer) return answer.error();
    const std::string token = JsonString(*answer, "access_token");
    if (token.empty()) return Fail("the token endpoint " + TokenEndpoint() + " returned no access_token");
    const std::string type = JsonString(*answer, "token_type");
    if (!type.empty() && ToLower(type) != "bearer") {
      return Fail("the token endpoint returned a token of type '" + Truncate(type, 40) + "', not Bearer");
    }
    RegisterSecret(token);
    access_token = token;
    const std::string refresh = JsonString(*answer, "refresh_token");
    if (!refresh.empty()) {
      RegisterSecret(refresh);
      refresh_token = refresh;
    }
    expires_at = 0;
    if (answer->contains("expires_in") && (*answer)["expires_in"].is_number()) {
      const double seconds = (*answer)["expires_in"].get<double>();
      // Refreshed a little before the server's expiry (30 s, or a quarter of a short lifetime), so a request
      // never leaves with a token about to lapse.
      if (seconds > 0 && seconds < 10.0 * 365 * 86400) {
        const auto lifetime = static_cast<int64_t>(seconds);
        expires_at = Now() + lifetime - std::min<int64_t>(30, lifetime / 4);
      }
    }
    scope = JsonString(*answer, "scope");
    if (scope.empty()) scope = requested_scope;
    flows.push_back(flow);
    token_grant = flow.substr(0, flow.find(" ("));
    LogInfo("oauth: " + Who() + ": obtained a token by " + flow);
    Save();
    return Status::Ok();
  }

  void Save() {
    if (s.cache_path.empty()) return;
    CachedTokens t;
    t.access_token = access_token;
    t.refresh_token = refresh_token;
    t.expires_at = expires_at;
    t.scope = scope;
    t.issuer = as ? as->issuer : cached_issuer;
    t.token_endpoint = TokenEndpoint();
    t.client_id = client_id;
    t.client_secret = s.client_id.empty() ? client_secret : "";  // a configured secret stays in the config
    t.auth_method = auth_method;
    t.flow = flows.empty() ? "" : flows.back();
    if (Status stored = StoreTokens(s.cache_path, Key(), t); !stored.ok()) LogWarn("oauth: " + stored.error().message);
  }

  // --- grants -------------------------------------------------------------------------------------------------

  Error NeedsHuman() const {
    return Fail(
        "the server needs an OAuth authorization by a person, and this run cannot wait for one (CI is set or "
        "there is no terminal). Run `agent-bench auth login " +
        s.server_name +
        " -f <tests.yaml>` once where a browser is available, then either keep the token cache it writes, or "
        "pass its refresh token as auth.oauth.refresh_token (e.g. \"${MCP_REFRESH_TOKEN}\"); a server that "
        "allows it can also use grant: client_credentials with client_id and client_secret");
  }

  Status AuthorizationCode(const std::string& requested_scope) {
    if (!agent) return NeedsHuman();
    if (!as->from_fallback && !Contains(as->code_challenge_methods, "S256")) {
      return Fail("the authorization server " + as->issuer +
                  " does not advertise PKCE S256 (code_challenge_methods_supported), which MCP requires");
    }
    auto redirect_uri = agent->RedirectUri();
    if (!redirect_uri) return Fail(redirect_uri.error().message);
    if (Status client = EnsureClient(*redirect_uri, "authorization_code"); !client.ok()) return client;
    if (as->authorization_endpoint.empty())
      return Fail("the authorization server " + as->issuer + " has no authorization_endpoint");
    const Pkce pkce = MakePkce();
    const std::string state = RandomToken(16);
    RegisterSecret(pkce.verifier);
    Form query = {{"response_type", "code"},          {"client_id", client_id},
                  {"redirect_uri", *redirect_uri},    {"state", state},
                  {"code_challenge", pkce.challenge}, {"code_challenge_method", pkce.method}};
    if (!resource.empty()) query.emplace_back("resource", resource);
    if (!requested_scope.empty()) query.emplace_back("scope", requested_scope);
    const std::string url = as->authorization_endpoint +
                            (as->authorization_endpoint.find('?') == std::string::npos ? "?" : "&") + EncodeForm(query);
    auto callback = agent->Authorize(url);
    if (!callback) return Fail("the authorization step failed: " + callback.error().message);
    auto params = QueryParams(*callback);
    if (params.count("error")) {
      return Fail("the authorization server refused: " + Truncate(params["error"], 100) +
                  (params.count("error_description") ? " (" + Truncate(params["error_description"], 300) + ")" : ""));
    }
    if (params["state"] != state)
      return Fail("the authorization redirect carried a wrong state: refused (possible CSRF)");
    // RFC 9207: a server that sends `iss` must name itself; one that promises it must send it (mix-up defence).
    if (params.count("iss")) {
      // Compared as strings, without any URL normalization (RFC 9207 section 2.4).
      if (params["iss"] != as->issuer) {
        return Fail("the authorization redirect names the issuer '" + Truncate(params["iss"], 200) + "', expected '" +
                    as->issuer + "': refused (mix-up defence, RFC 9207)");
      }
    } else if (as->iss_parameter_supported) {
      return Fail("the authorization redirect carries no `iss` although " + as->issuer +
                  " advertises authorization_response_iss_parameter_supported: refused (RFC 9207)");
    }
    const std::string code = params["code"];
    if (code.empty()) return Fail("the authorization redirect carried no code");
    RegisterSecret(code);
    Form form = {{"grant_type", "authorization_code"},
                 {"code", code},
                 {"redirect_uri", *redirect_uri},
                 {"code_verifier", pkce.verifier}};
    return TokenRequest(std::move(form), "authorization_code+PKCE (" + auth_method + ")", requested_scope);
  }

  Status ClientCredentials(const std::string& requested_scope) {
    if (Status client = EnsureClient("", "client_credentials"); !client.ok()) return client;
    if (client_secret.empty() && auth_method != "private_key_jwt") {
      return Fail("grant: client_credentials needs auth.oauth.client_secret or private_key");
    }
    Form form = {{"grant_type", "client_credentials"}};
    if (!requested_scope.empty()) form.emplace_back("scope", requested_scope);
    return TokenRequest(std::move(form), "client_credentials (" + auth_method + ")", requested_scope);
  }

  Status Refresh() {
    if (refresh_token.empty()) return Fail("no refresh token");
    if (TokenEndpoint().empty()) return Fail("no token endpoint known for the refresh");
    if (client_id.empty()) {
      if (s.client_id.empty() && s.client_metadata_url.empty()) {
        return Fail("a refresh token needs the client it was issued to: set auth.oauth.client_id");
      }
      client_id = s.client_id.empty() ? s.client_metadata_url : s.client_id;
      client_secret = s.client_secret;
      auth_method = as ? ChooseAuthMethod("")
                       : (!s.token_endpoint_auth_method.empty() ? s.token_endpoint_auth_method
                          : client_secret.empty()               ? "none"
                                                                : "client_secret_basic");
    }
    Form form = {{"grant_type", "refresh_token"}, {"refresh_token", refresh_token}};
    Status refreshed = TokenRequest(std::move(form), "refresh_token", scope);
    if (!refreshed.ok()) refresh_token.clear();  // never retried: the next 401 runs the grant again
    return refreshed;
  }

  std::string ChooseScope(const BearerChallenge& challenge) const {
    if (!s.scopes.empty()) return Join(s.scopes, " ");
    if (!challenge.scope().empty()) return challenge.scope();
    if (prm && prm->scopes_supported && !prm->scopes_supported->empty()) return Join(*prm->scopes_supported, " ");
    return "";
  }

  Status RunGrant(const std::string& requested_scope) {
    if (s.grant == "client_credentials") return ClientCredentials(requested_scope);
    if (s.grant == "refresh_token") {
      if (refresh_token.empty()) {
        return Fail(
            "grant: refresh_token needs auth.oauth.refresh_token (e.g. \"${MCP_REFRESH_TOKEN}\"), and it is empty");
      }
      return Refresh();
    }
    // SEP-2207: ask for a refresh token where the authorization server offers one through offline_access.
    std::string scope_with_offline = requested_scope;
    if (as && as->scopes_supported && Contains(*as->scopes_supported, "offline_access") &&
        !Contains(SplitScopes(requested_scope), "offline_access")) {
      scope_with_offline += (scope_with_offline.empty() ? "" : " ") + std::string("offline_access");
    }
    return AuthorizationCode(scope_with_offline);
  }

  std::string Header() const { return access_token.empty() ? "" : "Bearer " + access_token; }

  // SEP-2352: a registered client and its tokens belong to the authorization server that issued them. When the
  // server now names another one, they are not presented there: a configured client_id stays (it is the user's).
  void ForgetOtherIssuer() {
    const std::string known = issuer_of_client.empty() ? cached_issuer : issuer_of_client;
    if (!as || known.empty() || known == as->issuer) return;
    if (s.client_id.empty()) {
      client_id.clear();
      client_secret.clear();
      auth_method.clear();
    }
    refresh_token = s.refresh_token;
    cached_token_endpoint.clear();
    flows.push_back("authorization server changed to " + as->issuer);
    issuer_of_client.clear();
    cached_issuer.clear();
  }
};

OAuthClient::OAuthClient(OAuthSettings settings, std::unique_ptr<AuthorizationAgent> agent)
    : impl_(std::make_unique<Impl>(std::move(settings), std::move(agent))) {}
OAuthClient::~OAuthClient() = default;

std::string OAuthClient::AuthorizationHeader() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  Impl& m = *impl_;
  if (!m.access_token.empty() && m.expires_at != 0 && Now() >= m.expires_at && !m.refresh_token.empty()) {
    if (!m.Refresh().ok()) m.access_token.clear();
  }
  return m.Header();
}

Status OAuthClient::OnChallenge(int status, const std::string& www_authenticate, const std::string& sent_header) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  Impl& m = *impl_;
  const BearerChallenge challenge = ParseBearerChallenge(www_authenticate);
  // Another request already replaced the token this one was sent with: just retry with the new one.
  if (!m.access_token.empty() && sent_header != m.Header()) return Status::Ok();
  if (status == 403) {
    if (challenge.error() != "insufficient_scope") {
      return m.Fail("the server refused the request (HTTP 403" +
                    (challenge.error().empty() ? std::string() : ", " + Truncate(challenge.error(), 80)) + ")");
    }
    if (m.step_ups >= m.s.max_step_ups) {
      return m.Fail("the server still answers insufficient_scope after " + std::to_string(m.step_ups) +
                    " step-up authorizations (limit " + std::to_string(m.s.max_step_ups) + "); asked for scope '" +
                    Truncate(challenge.scope(), 200) + "'");
    }
    ++m.step_ups;
    if (Status found = m.Discover(challenge); !found.ok()) return found;
    std::vector<std::string> wanted = SplitScopes(m.scope);
    for (const std::string& sc : SplitScopes(challenge.scope()))
      if (!Contains(wanted, sc)) wanted.push_back(sc);
    m.flows.push_back("step-up to scope '" + Join(wanted, " ") + "'");
    m.access_token.clear();
    if (m.s.grant == "refresh_token")
      return m.Fail("the server needs more scope (step-up) and grant: refresh_token cannot ask for it");
    return m.RunGrant(Join(wanted, " "));
  }
  // 401: a held refresh token first, then the grant.
  if (!m.refresh_token.empty()) {
    if (!m.TokenEndpoint().empty() || m.Discover(challenge).ok()) {
      if (m.Refresh().ok()) return Status::Ok();
    }
    if (m.s.grant == "refresh_token") return m.Fail("the refresh token was refused; provide a new one");
  }
  m.access_token.clear();
  if (!sent_header.empty()) {
    // A token the server took before is refused now: look again where its authorization lives (it may have
    // moved to another authorization server).
    m.prm.reset();
    m.as.reset();
  }
  if (Status found = m.Discover(challenge); !found.ok()) return found;
  m.ForgetOtherIssuer();
  return m.RunGrant(m.ChooseScope(challenge));
}

Status OAuthClient::Login() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  Impl& m = *impl_;
  m.access_token.clear();
  BearerChallenge none;
  if (m.server) {
    // Ask the server itself for its challenge: it names the metadata URL and the scope.
    net::Request call = m.MakeRequest("POST", *m.server);
    call.headers = {{"Accept", "application/json, text/event-stream"}, {"Content-Type", "application/json"}};
    call.body =
        R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"agent-bench","version":"0"}}})";
    if (auto response = m.http.Fetch(call); response && (response->status == 401 || response->status == 403)) {
      none = ParseBearerChallenge(response->Header("www-authenticate"));
    }
  }
  if (Status found = m.Discover(none); !found.ok()) return found;
  m.ForgetOtherIssuer();
  return m.RunGrant(m.ChooseScope(none));
}

Status OAuthClient::Logout() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->access_token.clear();
  impl_->refresh_token.clear();
  if (impl_->s.cache_path.empty()) return Status::Ok();
  return StoreTokens(impl_->s.cache_path, impl_->Key(), std::nullopt);
}

std::vector<std::string> OAuthClient::flows() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->flows;
}

ServerAuth OAuthClient::Record() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return ServerAuth{.grant = impl_->token_grant,
                    .client_identity = impl_->client_identity,
                    .client_auth = impl_->auth_method,
                    .flows = impl_->flows};
}

std::string OAuthClient::cache_key() const { return impl_->Key(); }

}  // namespace ab::auth
