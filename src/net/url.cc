#include "net/url.h"

#include <cctype>
#include <cstdio>

#include "base/strings.h"

namespace ab::net {

std::string Url::Origin() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return scheme + "://" + h + ":" + std::to_string(port);
}

std::string Url::Path() const { return target.substr(0, target.find('?')); }

std::string Url::Display() const { return Origin() + Path(); }

Result<Url> ParseUrl(std::string_view text) {
  const std::string quoted = "'" + std::string(text) + "'";
  Url url;
  const std::string lower = ToLower(text);
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
    return Error(ErrorCode::kInvalidArgument, quoted + " is not an absolute http:// or https:// URL");
  }
  const size_t path_start = text.find_first_of("/?#", rest);
  std::string_view authority =
      text.substr(rest, path_start == std::string_view::npos ? std::string_view::npos : path_start - rest);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos)
      return Error(ErrorCode::kInvalidArgument, "the IPv6 host of URL " + quoted + " has no closing ']'");
    url.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':')
        return Error(ErrorCode::kInvalidArgument, "URL " + quoted + " has text after its IPv6 host");
      port_text = authority.substr(close + 2);
      if (port_text.empty()) return Error(ErrorCode::kInvalidArgument, "URL " + quoted + " has an empty port");
    }
  } else if (size_t colon = authority.find(':'); colon != std::string_view::npos) {
    url.host = std::string(authority.substr(0, colon));
    port_text = authority.substr(colon + 1);
    if (port_text.empty()) return Error(ErrorCode::kInvalidArgument, "URL " + quoted + " has an empty port");
  } else {
    url.host = std::string(authority);
  }
  if (url.host.empty()) return Error(ErrorCode::kInvalidArgument, "URL " + quoted + " has no host");
  if (!port_text.empty()) {
    int port = 0;
    for (char c : port_text) {
      if (!std::isdigit(static_cast<unsigned char>(c)) || port > 65535) {
        return Error(ErrorCode::kInvalidArgument, "URL " + quoted + " has a bad port (1-65535)");
      }
      port = port * 10 + (c - '0');
    }
    if (port <= 0 || port > 65535)
      return Error(ErrorCode::kInvalidArgument, "URL " + quoted + " has a bad port (1-65535)");
    url.port = port;
  }
  url.target = path_start == std::string_view::npos ? "/" : std::string(text.substr(path_start));
  if (size_t hash = url.target.find('#'); hash != std::string::npos) url.target.resize(hash);
  if (url.target.empty() || url.target.front() != '/') url.target = "/" + url.target;
  return url;
}

Result<Url> ResolveUrl(const Url& base, std::string_view reference) {
  const std::string lower = ToLower(reference);
  if (StartsWith(lower, "http://") || StartsWith(lower, "https://")) return ParseUrl(reference);
  if (StartsWith(reference, "//")) return ParseUrl(base.scheme + ":" + std::string(reference));
  Url url = base;
  std::string ref(reference.substr(0, reference.find('#')));
  if (StartsWith(ref, "/")) {
    url.target = ref;
    return url;
  }
  if (StartsWith(ref, "?")) {
    url.target = base.Path() + ref;
    return url;
  }
  // Relative path: replace the last segment of the base path (its query dropped).
  std::string path = base.Path();
  path = path.substr(0, path.rfind('/') + 1);
  url.target = path + ref;
  return url;
}

std::string PercentEncode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
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

}  // namespace ab::net
