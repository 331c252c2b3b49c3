#include "llm/http_client.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "base/redact.h"
#include "base/strings.h"

namespace ab::llm {
namespace {

class RealHttpClient final : public HttpClient {
 public:
  explicit RealHttpClient(bool insecure) : insecure_(insecure) {}

  Result<HttpResponse> Send(const HttpRequest& request) override {
    Result<UrlParts> url = SplitUrl(request.url);
    if (!url) return url.error();
    // A client per request: httplib::Client is not safe for concurrent use, and LLM calls are long enough that
    // connection reuse does not matter.
    httplib::Client client(url->scheme + "://" + url->host + ":" + std::to_string(url->port));
    client.enable_server_certificate_verification(!insecure_);
    const auto timeout = std::max(request.timeout, std::chrono::milliseconds(1));
    client.set_connection_timeout(std::min(timeout, std::chrono::milliseconds(30'000)));
    client.set_read_timeout(timeout);
    client.set_write_timeout(timeout);
    httplib::Request req;
    req.method = request.method;
    req.path = url->path;
    for (const auto& [name, value] : request.headers) req.headers.emplace(name, value);
    req.body = request.body;
    const auto started = std::chrono::steady_clock::now();
    httplib::Result res = client.send(req);
    if (!res) {
      const httplib::Error err = res.error();
      const std::string what = Redact(request.method + " " + url->scheme + "://" + url->host + url->path.substr(0, url->path.find('?')));
      if (err == httplib::Error::ConnectionTimeout ||
          (err == httplib::Error::Read && std::chrono::steady_clock::now() - started >= timeout)) {
        return Error(ErrorCode::kTimeout, what + ": no response within " + std::to_string(timeout.count()) + " ms");
      }
      return Error(ErrorCode::kNetwork, what + ": " + httplib::to_string(err));
    }
    HttpResponse out;
    out.status = res->status;
    for (const auto& [name, value] : res->headers) out.headers.emplace_back(name, value);
    out.body = std::move(res->body);
    return out;
  }

 private:
  bool insecure_;
};

}  // namespace

std::string HttpResponse::Header(std::string_view name) const {
  const std::string want = ToLower(name);
  for (const auto& [key, value] : headers) {
    if (ToLower(key) == want) return value;
  }
  return "";
}

std::unique_ptr<HttpClient> MakeHttpClient(bool insecure) { return std::make_unique<RealHttpClient>(insecure); }

Result<UrlParts> SplitUrl(std::string_view url) {
  UrlParts parts;
  const size_t sep = url.find("://");
  if (sep == std::string_view::npos) return Error(ErrorCode::kInvalidArgument, "not an absolute URL: " + std::string(url));
  parts.scheme = ToLower(url.substr(0, sep));
  if (parts.scheme != "http" && parts.scheme != "https") {
    return Error(ErrorCode::kInvalidArgument, "unsupported URL scheme '" + parts.scheme + "'");
  }
  std::string_view rest = url.substr(sep + 3);
  const size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  parts.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (!parts.path.empty() && parts.path[0] == '?') parts.path = "/" + parts.path;
  parts.port = parts.scheme == "https" ? 443 : 80;
  const size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    const std::string port(authority.substr(colon + 1));
    char* end = nullptr;
    const long value = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || value <= 0 || value > 65535) {
      return Error(ErrorCode::kInvalidArgument, "bad port in URL: " + std::string(url));
    }
    parts.port = static_cast<int>(value);
    authority = authority.substr(0, colon);
  }
  if (authority.empty()) return Error(ErrorCode::kInvalidArgument, "no host in URL: " + std::string(url));
  parts.host = std::string(authority);
  return parts;
}

std::string UrlEncode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

}  // namespace ab::llm
