// Just enough URL handling for MCP HTTP transports: split an absolute http(s) URL, and resolve the (usually
// relative) endpoint URI that a legacy SSE server announces against the SSE URL.
#pragma once

#include <string>

#include "base/result.h"

namespace ab::mcp {

struct Url {
  std::string scheme;  ///< "http" or "https"
  std::string host;    ///< without brackets for IPv6
  int port = 0;        ///< explicit or the scheme's default
  std::string target;  ///< path + query, at least "/"
  /// "scheme://host:port", what cpp-httplib's Client takes.
  std::string Origin() const;
};

/// Parses an absolute http:// or https:// URL. kInvalidArgument otherwise.
[[nodiscard]] Result<Url> ParseUrl(const std::string& text);
/// Resolves |reference| (absolute URL, absolute path, or relative path) against |base|.
[[nodiscard]] Result<Url> ResolveUrl(const Url& base, const std::string& reference);

}  // namespace ab::mcp
