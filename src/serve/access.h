// Who may talk to `agent-bench serve`. The server launches benches, and a bench starts the programs its YAML
// names, so every request is checked before any route sees it (a pre-routing handler):
//   1. Host must be one of this server's own names with its port (localhost, 127.0.0.1, [::1], the --host
//      name): a web page that reaches the port through another name (DNS rebinding) is refused.
//   2. A write (POST, PUT, PATCH, DELETE) and any /api/ request must not come from another site: Origin, when
//      present, must be this server's own, and Sec-Fetch-Site must not be cross-site or same-site (CSRF; a page
//      on another port of 127.0.0.1 is "same-site", and SameSite cookies do not tell ports apart).
//   3. Every /api/ request needs the token: Authorization: Bearer T, or the HttpOnly SameSite=Strict cookie that a
//      page visit with ?token=T sets (then redirected to the same address without the token).
//   4. A write must say Content-Type: application/json, body or not: a cross-site form or a "simple" fetch
//      cannot, and a JSON one needs a CORS preflight that this server never grants.
// Static UI files carry no data and are served without the token. Refusals close the connection, so a page
// that floods the port with refused requests holds no worker thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace ab::serve {

/// 32 random bytes (OpenSSL RAND_bytes) as 64 lowercase hex digits. kInternal when no randomness is available.
Result<std::string> GenerateToken();

/// Compares in constant time (for a given |expected| length), so the time a wrong token takes says nothing about
/// the right one. False when |expected| is empty.
bool SameSecret(std::string_view given, std::string_view expected);

/// The token a user chose, and where it came from.
struct TokenChoice {
  std::string token;    ///< empty = none given: the server generates one
  std::string source;   ///< "--token-file PATH", "AB_SERVE_TOKEN", "--token", or "" (generated)
  std::string warning;  ///< a sentence to print on stderr ("--token is visible in ps ..."), or ""
};

/// Picks the token from --token-file |file| (first line, at most 4 KiB), the AB_SERVE_TOKEN value |env| (null =
/// unset) or --token |flag|. Giving both --token and --token-file is an error. kInvalidArgument for a file that
/// cannot be read and for a token shorter than 16 characters, longer than 1024, or with characters outside
/// [A-Za-z0-9._~+/=-] (so it fits a URL and a cookie unchanged).
Result<TokenChoice> ChooseToken(const std::string& flag, const std::string& file, const char* env);

/// The rules above for one server. Thread-safe (read-only after construction).
class AccessPolicy {
 public:
  /// |token| must not be empty; |bind_host| is the --host value; |port| the bound port.
  AccessPolicy(std::string token, const std::string& bind_host, int port);

  /// True when a Host header value names this server ("127.0.0.1:8080"; names compared case-insensitively;
  /// without ":PORT" only when the port is 80).
  bool HostAllowed(std::string_view host) const;
  /// True when an Origin header value is this server's own ("http://127.0.0.1:8080").
  bool OriginAllowed(std::string_view origin) const;
  /// The cookie that holds the token: one name per port, as cookies do not tell ports apart.
  const std::string& cookie_name() const { return cookie_name_; }
  /// True when |req| carries the token (bearer header or cookie).
  bool HasToken(const httplib::Request& req) const;

  /// Applies rules 1-4 (and the ?token= sign-in) to |req|. True when |res| holds the answer (a refusal or the
  /// sign-in redirect) and no route must run.
  bool Screen(const httplib::Request& req, httplib::Response& res) const;

 private:
  std::string token_;
  std::string cookie_name_;
  std::vector<std::string> hosts_;    ///< lowercase "name:port" (and "name" for port 80)
  std::vector<std::string> origins_;  ///< "http://name:port"
};

/// Replies |status| with the API's error shape and closes the connection afterwards.
void Refuse(httplib::Response& res, int status, const std::string& message, const std::string& field = "");

}  // namespace ab::serve
