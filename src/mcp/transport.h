// The seam between the MCP protocol and the wire: a Transport moves whole JSON-RPC messages to and from one MCP
// server and knows nothing about MCP methods (see jsonrpc.h and client.h for that). Implementations: stdio
// (stdio_transport.h), Streamable HTTP (http_transport.h), legacy HTTP+SSE (sse_transport.h), and scripted fakes in
// tests/mcp. Transports deliver incoming messages from their own reader threads, so calls can run concurrently.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "base/json.h"
#include "base/result.h"

namespace ab::mcp {

/// Callbacks a transport invokes from its reader threads. They must not block for long.
struct TransportHandlers {
  /// One incoming JSON-RPC message (an object; batches are split by the caller of this hook).
  std::function<void(Json message)> on_message;
  /// The connection is gone for good (process exited, stream dropped). Called at most once.
  std::function<void(const Error& reason)> on_closed;
  /// The request with |id| could not be delivered or its answer cannot arrive (HTTP error on its POST).
  std::function<void(const Json& id, const Error& reason)> on_request_failed;
};

/// Moves JSON-RPC messages to and from one MCP server; replaced by a fake in tests.
class Transport {
 public:
  virtual ~Transport() = default;
  /// Connects (spawns, opens streams) and starts delivering to |handlers|. Called once, before Send.
  [[nodiscard]] virtual Status Start(TransportHandlers handlers) = 0;
  /// Sends one message. Thread-safe. For HTTP the answer to a request arrives later through on_message.
  [[nodiscard]] virtual Status Send(const Json& message) = 0;
  /// Send() that gives up at |deadline| or once |*cancel| is true (stdio: a server that stops reading its input).
  /// The default ignores both, for transports whose sends cannot block (HTTP bounds its own requests).
  [[nodiscard]] virtual Status SendBefore(const Json& message, std::chrono::steady_clock::time_point /*deadline*/,
                                          const std::atomic<bool>* /*cancel*/) {
    return Send(message);
  }
  /// Stops the reader threads and releases the connection or process. Idempotent; no callbacks after it returns.
  virtual void Close() = 0;
  /// Last lines the server wrote to stderr (stdio only), for error messages.
  virtual std::string StderrTail() const { return ""; }
  /// The protocol version negotiated by initialize, for transports that must echo it (HTTP header).
  virtual void SetProtocolVersion(const std::string& /*version*/) {}
  /// Extra headers for one outgoing message (Streamable HTTP: the Mcp-Param-* headers of a tools/call, which need
  /// the tool's schema the client holds). Set before Start(); other transports ignore it.
  using HeaderHook = std::function<std::vector<std::pair<std::string, std::string>>(const Json& message)>;
  virtual void SetHeaderHook(HeaderHook /*hook*/) {}
  /// The client stopped waiting for the answer to request |id| (timeout, interrupt). Streamable HTTP closes that
  /// 2026-07-28 request's stream, which is how the stateless revision cancels; others do nothing.
  virtual void CancelRequest(const Json& /*id*/) {}
  /// True for Streamable HTTP, whose 2026-07-28 rules (header annotations) apply only to it.
  virtual bool is_streamable_http() const { return false; }
};

}  // namespace ab::mcp
