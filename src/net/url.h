// One URL type for every HTTP peer (LLM providers, MCP servers, OTLP collectors): parse an absolute http(s) URL,
// resolve a relative reference against it, name its origin, percent-encode a component. Plain values, no I/O.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace ab::net {

struct Url {
  std::string scheme;  ///< "http" or "https" (lower case)
  std::string host;    ///< without brackets for IPv6
  int port = 0;        ///< explicit or the scheme's default
  std::string target;  ///< path + query, at least "/"; the fragment and any user:password@ are dropped
  /// "scheme://host:port", the endpoint a connection goes to (what cpp-httplib's Client takes).
  std::string Origin() const;
  /// The path without its query string (a query may hold a key).
  std::string Path() const;
  /// Origin() + Path(): how messages name the URL, never showing a query string.
  std::string Display() const;
};

/// Parses an absolute http:// or https:// URL; kInvalidArgument (a sentence quoting |text|) otherwise.
[[nodiscard]] Result<Url> ParseUrl(std::string_view text);
/// Resolves |reference| (absolute URL, network-path "//host/x", absolute path, or relative path) against |base|.
[[nodiscard]] Result<Url> ResolveUrl(const Url& base, std::string_view reference);
/// |text| percent-encoded for a path segment, a query string or a form body (RFC 3986 unreserved kept).
std::string PercentEncode(std::string_view text);

}  // namespace ab::net
