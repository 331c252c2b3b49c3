// The OAuth 2.1 client of one MCP server (MCP authorization, 2025-11-25 with the 2025-03-26 fallbacks):
// on a 401 it discovers the protected resource and authorization server metadata (discovery.h), picks the client
// identity (a configured client_id, a Client ID Metadata Document URL when the server supports them, else dynamic
// registration, RFC 7591), runs the configured grant (authorization code with PKCE S256, client credentials, or a
// refresh token from the environment) with the `resource` parameter (RFC 8707), validates `iss` (RFC 9207), and
// keeps the tokens (refreshing them when they expire). On a 403 `insufficient_scope` it asks again for the
// challenged scopes (step-up). Every response of these servers is bounded (size, depth, deadline) and a failure
// is an error sentence naming the server, the endpoint and what went wrong. Thread-safe: concurrent requests that
// hit the same 401 share one authorization.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "auth/discovery.h"
#include "auth/token_cache.h"
#include "base/result.h"
#include "base/transcript.h"
#include "net/client.h"

namespace ab::auth {

/// `auth: {oauth: ...}` of a server, with templates and ${ENV} already expanded.
struct OAuthSettings {
  std::string server_name;  ///< for messages
  std::string server_url;
  std::string client_id;  ///< pre-registered client; empty: CIMD or dynamic registration
  std::string client_secret;
  std::vector<std::string> scopes;           ///< configured scopes; empty: from the challenge, then scopes_supported
  std::string grant = "authorization_code";  ///< authorization_code | client_credentials | refresh_token
  std::string client_metadata_url;           ///< Client ID Metadata Document URL (used when the server supports it)
  std::string private_key;                   ///< PEM, for private_key_jwt
  std::string private_key_id;                ///< `kid` of the client assertion
  std::string token_endpoint_auth_method;    ///< forced method; empty: chosen from the server's list
  std::string refresh_token;                 ///< e.g. ${MCP_REFRESH_TOKEN}: a CI run refreshes with it
  std::string client_name = "agent-bench";
  int redirect_port = 0;                              ///< loopback redirect port; 0 = ephemeral
  bool insecure = false;                              ///< skip TLS verification (the server's `insecure: true`)
  std::string cache_path;                             ///< token cache file; empty = no cache
  std::chrono::milliseconds request_deadline{15000};  ///< each request to a metadata, registration or token endpoint
  size_t max_response_bytes = 1 << 20;                ///< each such response
  int max_step_ups = 2;                               ///< insufficient_scope re-authorizations per connection
};

/// The user-agent step of the authorization code grant: shows |authorization_url| to the resource owner and
/// returns the URL the authorization server redirected to (|redirect_uri| with `code` and `state`).
class AuthorizationAgent {
 public:
  virtual ~AuthorizationAgent() = default;
  /// The redirect URI to register and send (a loopback listener is already bound when it returns).
  virtual Result<std::string> RedirectUri() = 0;
  virtual Result<std::string> Authorize(const std::string& authorization_url) = 0;
};

/// For tests and the conformance client: GETs the authorization URL and takes the code from the redirect the
/// server answers with (an authorization server that approves at once), without a browser.
std::unique_ptr<AuthorizationAgent> MakeFollowRedirectAgent(bool insecure = false);

/// The interactive agent: a loopback listener (127.0.0.1, |port| or ephemeral), the URL printed to stderr, a
/// browser opened ($BROWSER, else xdg-open) when |open_browser|, one callback awaited for |timeout|.
std::unique_ptr<AuthorizationAgent> MakeLoopbackAgent(int port, bool open_browser, std::chrono::milliseconds timeout);

/// True when no human can answer: CI is set, or stdin or stderr is not a terminal.
bool IsNonInteractive();

class OAuthClient {
 public:
  /// |agent| null: the authorization code grant cannot run (CI), and asking for it is an error that says what to
  /// provide instead.
  OAuthClient(OAuthSettings settings, std::unique_ptr<AuthorizationAgent> agent);
  ~OAuthClient();

  /// "Bearer <token>" for the next request, refreshing an expired token first when a refresh token is held; ""
  /// when there is none yet (the server's 401 starts the flow).
  std::string AuthorizationHeader();
  /// The server answered |status| (401 or 403) with |www_authenticate| to a request sent with |sent_header|.
  /// Ok: a new header is ready, send the request again. An error: give up (kAuth, a sentence).
  Status OnChallenge(int status, const std::string& www_authenticate, const std::string& sent_header);
  /// Runs the configured grant now (auth login), whatever tokens are held.
  Status Login();
  /// Forgets the tokens of this server and client identity (memory and cache).
  Status Logout();
  /// Which flows ran, in order ("authorization_code+PKCE (dynamic registration, client_secret_basic)",
  /// "refresh_token", "step-up to scope ..."): no secret values.
  std::vector<std::string> flows() const;
  /// The grant, client identity kind and client authentication in use, with flows(): for the transcript.
  ServerAuth Record() const;
  /// The cache key of this server and client identity.
  std::string cache_key() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ab::auth
