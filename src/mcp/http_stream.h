// What the MCP HTTP transports share on top of net::Client: the error for an unexpected HTTP status, and the cap
// on a JSON reply body.
#pragma once

#include <string>

#include "base/result.h"
#include "net/limits.h"

namespace ab::mcp {

/// Cap on a (non-streamed) JSON reply of an MCP server; the event streams are capped per line and per event.
inline constexpr size_t kMaxJsonReplyBytes = 64 * net::kMiB;

/// An Error for an unexpected HTTP |status| (401/403 kAuth, 5xx kServer, else kHttp) quoting the start of |body|.
Error HttpStatusError(const std::string& what, int status, const std::string& body);

}  // namespace ab::mcp
