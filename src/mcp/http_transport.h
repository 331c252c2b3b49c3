// HTTP transports: Streamable HTTP (2025-03-26+: one endpoint, a POST per message, JSON or SSE replies,
// Mcp-Session-Id, resumable streams) and the legacy HTTP+SSE transport (2024-11-05: GET an SSE stream, POST to
// the endpoint it announces, answers arrive on the stream).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/duration.h"
#include "mcp/authorizer.h"
#include "mcp/sse_parser.h"
#include "mcp/transport.h"

namespace ab::mcp {

struct HttpOptions {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  ///< sent on every request (e.g. Authorization)
  bool insecure = false;                                     ///< skip TLS certificate verification
  Millis connect_timeout{10000};
  bool open_get_stream = true;  ///< Streamable HTTP: listen for server-initiated messages after init
  Millis default_retry{1000};   ///< reconnect delay when the server sent no `retry:`
  /// One message from the server: a JSON reply body, or one event of an event stream (server `limits:`).
  size_t max_message_bytes = size_t{64} << 20;
  /// Connection attempts per request while no response byte has arrived (net::ClientOptions::max_attempts).
  int max_attempts = 3;
  /// OAuth (auth: oauth:): the Authorization header of every request, and a retry after a 401 or a 403
  /// challenge. Null: only |headers|.
  std::shared_ptr<Authorizer> authorizer;
};

/// The event-stream caps for |options|: an event holds at most one message, and a line at most that too.
SseLimits SseLimitsFor(const HttpOptions& options);

/// Streamable HTTP. Requests are POSTed on worker threads so several calls can be in flight; a 404 (or the
/// official server's 400 "No valid session ID") re-initializes the session once and retries the request.
std::unique_ptr<Transport> MakeStreamableHttpTransport(HttpOptions options);
/// Legacy HTTP+SSE. Start() blocks until the `endpoint` event arrived (bounded by connect_timeout).
std::unique_ptr<Transport> MakeSseTransport(HttpOptions options);

}  // namespace ab::mcp
