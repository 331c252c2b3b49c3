#include "serve/access.h"

#include <httplib.h>
#include <openssl/rand.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "base/strings.h"
#include "serve/http_util.h"

namespace ab::serve {
namespace {

constexpr size_t kMinTokenSize = 16;
constexpr size_t kMaxTokenSize = 1024;
constexpr size_t kMaxTokenFileSize = 4096;

bool IsWrite(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

bool IsApiPath(const std::string& path) { return path == "/api" || StartsWith(path, "/api/"); }

/// A header value as shown in a message: bounded, so a huge header does not make a huge reply.
std::string Shown(std::string_view value) { return Truncate(value, 200); }

Status CheckTokenText(const std::string& token, const std::string& source) {
  if (token.size() < kMinTokenSize)
    return Error(ErrorCode::kInvalidArgument,
                 "the token from " + source + " has " + std::to_string(token.size()) + " characters: at least " +
                     std::to_string(kMinTokenSize) +
                     " are needed so it cannot be guessed (or give none: serve makes one)");
  if (token.size() > kMaxTokenSize)
    return Error(ErrorCode::kInvalidArgument,
                 "the token from " + source + " is longer than " + std::to_string(kMaxTokenSize) + " characters");
  for (char c : token) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::strchr("._~+/=-", c) != nullptr;
    if (!ok || c == '\0')
      return Error(ErrorCode::kInvalidArgument, "the token from " + source +
                                                    " may use only letters, digits and . _ ~ + / = - (it goes in a URL "
                                                    "and a cookie)");
  }
  return Status::Ok();
}

Result<std::string> ReadTokenFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Error(ErrorCode::kInvalidArgument, "cannot read the token file " + path + ": " + std::strerror(errno));
  std::string text(kMaxTokenFileSize + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxTokenFileSize)
    return Error(ErrorCode::kInvalidArgument, "the token file " + path + " is larger than " +
                                                  std::to_string(kMaxTokenFileSize) +
                                                  " bytes: it should hold one token");
  return std::string(Trim(text.substr(0, text.find('\n'))));
}

/// The cookie named |name| in the Cookie headers of |req| ("a=1; b=2"), or "".
std::string CookieValue(const httplib::Request& req, const std::string& name) {
  auto [from, to] = req.headers.equal_range("Cookie");
  for (auto it = from; it != to; ++it) {
    for (const std::string& part : Split(it->second, ';')) {
      std::string_view pair = Trim(part);
      size_t eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    }
  }
  return "";
}

/// |target| ("/path?a=1&token=T&b=2") without its token parameter: where the sign-in redirects to. Always a path on
/// this server ("//host" would send the browser elsewhere).
std::string WithoutToken(const std::string& target) {
  size_t q = target.find('?');
  std::string path = target.substr(0, q);
  if (path.empty() || path[0] != '/' || StartsWith(path, "//") || path.find('\\') != std::string::npos) path = "/";
  if (q == std::string::npos) return path;
  std::vector<std::string> kept;
  for (const std::string& part : Split(target.substr(q + 1), '&'))
    if (!part.empty() && part.substr(0, part.find('=')) != "token") kept.push_back(part);
  return kept.empty() ? path : path + "?" + Join(kept, "&");
}

}  // namespace

Result<std::string> GenerateToken() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    return Error(ErrorCode::kInternal, "cannot make a token: the system's random source (OpenSSL RAND_bytes) failed");
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

bool SameSecret(std::string_view given, std::string_view expected) {
  if (expected.empty()) return false;
  unsigned diff = given.size() == expected.size() ? 0 : 1;
  for (size_t i = 0; i < expected.size(); ++i) {
    unsigned char g = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
    diff |= g ^ static_cast<unsigned char>(expected[i]);
  }
  return diff == 0;
}

Result<TokenChoice> ChooseToken(const std::string& flag, const std::string& file, const char* env) {
  if (!flag.empty() && !file.empty())
    return Error(ErrorCode::kInvalidArgument, "give either --token or --token-file, not both");
  TokenChoice choice;
  if (!file.empty()) {
    Result<std::string> token = ReadTokenFile(file);
    if (!token) return token.error();
    choice.token = *token;
    choice.source = "--token-file " + file;
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0 && (st.st_mode & (S_IRGRP | S_IROTH)) != 0)
      choice.warning = "the token file " + file + " can be read by other users: chmod 600 it";
  } else if (!flag.empty()) {
    choice.token = flag;
    choice.source = "--token";
    choice.warning =
        "--token is visible to every local user (ps, /proc/PID/cmdline): prefer --token-file PATH or "
        "the AB_SERVE_TOKEN environment variable";
  } else if (env != nullptr && *env != '\0') {
    choice.token = env;
    choice.source = "AB_SERVE_TOKEN";
  } else {
    return choice;
  }
  if (Status s = CheckTokenText(choice.token, choice.source); !s) return s.error();
  return choice;
}

AccessPolicy::AccessPolicy(std::string token, const std::string& bind_host, int port)
    : token_(std::move(token)), cookie_name_("ab_serve_token_" + std::to_string(port)) {
  std::vector<std::string> names = {"127.0.0.1", "localhost", "[::1]"};
  std::string bound = ToLower(bind_host);
  if (bound.find(':') != std::string::npos && !StartsWith(bound, "[")) bound = "[" + bound + "]";
  bool listed = false;
  for (const auto& n : names) listed = listed || n == bound;
  if (!listed && !bound.empty()) names.push_back(bound);
  for (const auto& n : names) {
    hosts_.push_back(n + ":" + std::to_string(port));
    if (port == 80) hosts_.push_back(n);
  }
  for (const auto& h : hosts_) origins_.push_back("http://" + h);
}

bool AccessPolicy::HostAllowed(std::string_view host) const {
  std::string lower = ToLower(host);
  for (const auto& h : hosts_)
    if (h == lower) return true;
  return false;
}

bool AccessPolicy::OriginAllowed(std::string_view origin) const {
  std::string lower = ToLower(origin);
  for (const auto& o : origins_)
    if (o == lower) return true;
  return false;
}

bool AccessPolicy::HasToken(const httplib::Request& req) const {
  std::string auth = req.get_header_value("Authorization");
  if (auth.size() > 7 && ToLower(auth.substr(0, 7)) == "bearer " && SameSecret(Trim(auth.substr(7)), token_))
    return true;
  std::string cookie = CookieValue(req, cookie_name_);
  return !cookie.empty() && SameSecret(cookie, token_);
}

bool AccessPolicy::Screen(const httplib::Request& req, httplib::Response& res) const {
  std::string host = req.get_header_value("Host");
  if (!HostAllowed(host)) {
    Refuse(res, 403,
           "this server answers only requests addressed to " + Join(hosts_, ", ") + "; this one was addressed to '" +
               Shown(host) + "' (a web page reaching this port under another name, as DNS rebinding does, is refused)",
           "Host");
    return true;
  }
  const bool write = IsWrite(req.method);
  const bool api = IsApiPath(req.path);
  if (write || api) {
    if (req.has_header("Origin") && !OriginAllowed(req.get_header_value("Origin"))) {
      Refuse(res, 403,
             "a request from another web site is refused: Origin '" + Shown(req.get_header_value("Origin")) +
                 "' is not this server's (" + origins_.front() + ")",
             "Origin");
      return true;
    }
    // Another port of 127.0.0.1 is the same site for cookies: its pages must not use the cookie either.
    std::string site = ToLower(req.get_header_value("Sec-Fetch-Site"));
    if (site == "cross-site" || site == "same-site") {
      Refuse(res, 403, "a request from another web site is refused (Sec-Fetch-Site: " + site + ")", "Sec-Fetch-Site");
      return true;
    }
  }
  if (!api) {
    if (req.method == "GET" && req.has_param("token")) {
      res.set_header("Cache-Control", "no-store");
      res.set_header("Referrer-Policy", "no-referrer");
      if (!SameSecret(req.get_param_value("token"), token_)) {
        Refuse(res, 401,
               "the token in this address is not this server's: open the address agent-bench serve printed when it "
               "started",
               "token");
        return true;
      }
      // The token moves from the address (history, screen) to a cookie scripts cannot read and other sites
      // cannot make the browser send.
      res.set_header("Set-Cookie", cookie_name_ + "=" + token_ + "; Path=/; HttpOnly; SameSite=Strict");
      res.set_redirect(WithoutToken(req.target), 303);
      return true;
    }
    if (!write) return false;  // the UI's files: no data, no token
  } else if (!HasToken(req)) {
    res.set_header("WWW-Authenticate", "Bearer");
    Refuse(res, 401,
           "this API needs the token agent-bench serve printed when it started: open the printed address once "
           "(it sets a cookie) or send Authorization: Bearer <token>");
    return true;
  }
  if (write && !StartsWith(ToLower(req.get_header_value("Content-Type")), "application/json")) {
    Refuse(res, 415, "send JSON with Content-Type: application/json (every write needs it, with a body or not)",
           "Content-Type");
    return true;
  }
  return false;
}

void Refuse(httplib::Response& res, int status, const std::string& message, const std::string& field) {
  ReplyError(res, status, message, field);
  // Clients and browsers close the connection, so a refused request does not keep a worker thread waiting.
  res.set_header("Connection", "close");
}

}  // namespace ab::serve
