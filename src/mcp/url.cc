#include "mcp/url.h"

#include <cctype>

#include "base/strings.h"

namespace ab::mcp {

std::string Url::Origin() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return scheme + "://" + h + ":" + std::to_string(port);
}

Result<Url> ParseUrl(const std::string& text) {
  Url url;
  std::string lower = ToLower(text);
  size_t rest = 0;
  if (StartsWith(lower, "http://")) {
    url.scheme = "http";
    url.port = 80;
    rest = 7;
  } else if (StartsWith(lower, "https://")) {
    url.scheme = "https";
    url.port = 443;
    rest = 8;
  } else {
    return Error(ErrorCode::kInvalidArgument, "not an http(s) URL: '" + text + "'");
  }
  size_t path_start = text.find_first_of("/?#", rest);
  std::string authority = text.substr(rest, path_start == std::string::npos ? std::string::npos : path_start - rest);
  if (size_t at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
  std::string port_text;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string::npos) return Error(ErrorCode::kInvalidArgument, "bad IPv6 host in '" + text + "'");
    url.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') port_text = authority.substr(close + 2);
  } else if (size_t colon = authority.find(':'); colon != std::string::npos) {
    url.host = authority.substr(0, colon);
    port_text = authority.substr(colon + 1);
  } else {
    url.host = authority;
  }
  if (url.host.empty()) return Error(ErrorCode::kInvalidArgument, "no host in URL '" + text + "'");
  if (!port_text.empty()) {
    int port = 0;
    for (char c : port_text) {
      if (!std::isdigit(static_cast<unsigned char>(c)) || port > 65535) {
        return Error(ErrorCode::kInvalidArgument, "bad port in URL '" + text + "'");
      }
      port = port * 10 + (c - '0');
    }
    if (port <= 0 || port > 65535) return Error(ErrorCode::kInvalidArgument, "bad port in URL '" + text + "'");
    url.port = port;
  }
  url.target = path_start == std::string::npos ? "/" : text.substr(path_start);
  if (size_t hash = url.target.find('#'); hash != std::string::npos) url.target.resize(hash);
  if (url.target.empty() || url.target.front() != '/') url.target = "/" + url.target;
  return url;
}

Result<Url> ResolveUrl(const Url& base, const std::string& reference) {
  std::string lower = ToLower(reference);
  if (StartsWith(lower, "http://") || StartsWith(lower, "https://")) return ParseUrl(reference);
  Url url = base;
  if (StartsWith(reference, "//")) return ParseUrl(base.scheme + ":" + reference);
  if (StartsWith(reference, "/")) {
    url.target = reference;
    return url;
  }
  // Relative path: replace the last segment of the base path (query dropped).
  std::string path = base.target.substr(0, base.target.find('?'));
  path = path.substr(0, path.rfind('/') + 1);
  url.target = path + reference;
  return url;
}

}  // namespace ab::mcp
