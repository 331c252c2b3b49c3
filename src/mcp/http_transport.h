// HTTP transports: Streamable HTTP (2025-03-26+: one endpoint, a POST per message, JSON or SSE replies,
// Mcp-Session-Id, resumable streams) and the legacy HTTP+SSE transport (2024-11-05: GET an SSE stream, POST to
// the endpoint it announces, answers arrive on the stream).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/duration.h"
#include "mcp/transport.h"

namespace ab::mcp {

struct HttpOptions {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  ///< sent on every request (e.g. Authorization)
  bool insecure = false;                 ///< skip TLS certificate verification
  Millis connect_timeout{10000};
  bool open_get_stream = true;           ///< Streamable HTTP: listen for server-initiated messages after init
  Millis default_retry{1000};            ///< reconnect delay when the server sent no `retry:`
};

/// Streamable HTTP. Requests are POSTed on worker threads so several calls can be in flight; a 404 (or the
/// official server's 400 "No valid session ID") re-initializes the session once and retries the request.
std::unique_ptr<Transport> MakeStreamableHttpTransport(HttpOptions options);
/// Legacy HTTP+SSE. Start() blocks until the `endpoint` event arrived (bounded by connect_timeout).
std::unique_ptr<Transport> MakeSseTransport(HttpOptions options);

}  // namespace ab::mcp
