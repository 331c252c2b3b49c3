// The one HTTP/1.1 client of agent-bench (LLM providers, MCP servers, OTLP export), over cpp-httplib, with the
// limits a hostile peer needs:
//  - a total deadline per request (connect, send and the whole body), enforced by a watchdog thread that closes
//    the socket, so a body trickling one byte a second cannot outlive it; and a cancel flag, checked the same way;
//  - caps on the response body, head and chunk framing (net/limits.h); passing one stops reading at once;
//  - a connection policy: a request that failed before any response byte arrived (refused, reset, a keep-alive
//    connection the server had just closed) is sent again, a bounded number of times with jittered backoff;
//  - errors that read as sentences: "POST http://127.0.0.1:4000/v1/messages: the connection was closed before any
//    response arrived (after 3 attempts, 1.2 s)". A URL in a message never shows its query string, and every
//    message goes through Redact().
// Whole-body requests (Fetch) reuse keep-alive connections per origin; streaming requests (Stream, for
// server-sent events) get a connection of their own. Thread-safe: one Client serves any number of threads, and
// owns one watchdog thread, started by the first request.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "net/limits.h"
#include "net/url.h"

namespace ab::net {

using Millis = std::chrono::milliseconds;
using Headers = std::vector<std::pair<std::string, std::string>>;

/// The first header named |name| in |headers| (case-insensitive), or "" when absent.
std::string FindHeader(const Headers& headers, std::string_view name);

struct Request {
  std::string method = "GET";
  Url url;
  Headers headers;
  std::string body;
  /// The whole request, all connection attempts included: connect, send, and the complete response body (Fetch)
  /// or the stream's end (Stream). Zero means none: a stream that is stopped through |cancel| instead.
  Millis deadline{120'000};
  /// Longest wait for a connection to open (within the deadline).
  Millis connect_timeout{30'000};
  /// When set and it turns true, the request is abandoned within ~20 ms and fails with kCancelled.
  const std::atomic<bool>* cancel = nullptr;
  Limits limits;
};

/// The status line and headers of a response.
struct Head {
  int status = 0;
  Headers headers;
  std::string Header(std::string_view name) const { return FindHeader(headers, name); }
};

struct Response {
  int status = 0;
  Headers headers;
  std::string body;
  int attempts = 1;  ///< connection attempts it took (more than 1 when a connection failed before answering)
  std::string note;  ///< what the retries were for ("" when none), for a log or a transcript
  std::string Header(std::string_view name) const { return FindHeader(headers, name); }
};

struct ClientOptions {
  bool insecure = false;  ///< skip TLS certificate verification
  /// Attempts per request while no response byte has arrived (1 = never send a request twice). Retries are safe
  /// for the peer in all but one case: a server that read the whole request and then closed the connection
  /// without a word; the default accepts that (servers under load drop connections from a full accept queue,
  /// which is far more common), a client that must never repeat a request sets 1.
  int max_attempts = 3;
  /// A pooled connection idle longer than this is closed instead of reused. Servers close idle keep-alive
  /// connections (Node and cpp-httplib after 5 s); staying under the common timeouts avoids writing a request
  /// into a connection the server is closing.
  Millis max_idle{4'000};
  size_t max_idle_per_origin = 64;  ///< idle connections kept per origin; more are closed
  /// Ends the error for an untrusted TLS certificate: how the user accepts one, in the words of their config.
  std::string trust_hint = "a server you trust with a self-signed certificate, set insecure: true on it";
};

/// What the keep-alive pool did, for tests and benchmarks.
struct PoolStats {
  int64_t connections_opened = 0;  ///< connections opened by whole-body requests
  int64_t reused = 0;              ///< whole-body requests sent on a pooled keep-alive connection
  int64_t dead_discarded = 0;      ///< pooled connections found closed (or expired) before a request was sent
  int64_t retries = 0;             ///< requests sent again after a connection failed before any response byte
};

class Client {
 public:
  explicit Client(ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// Sends |request| and reads the whole response. An HTTP error status is a response, not an error. Errors:
  /// kNetwork (connection failures, malformed responses), kTimeout (the deadline passed), kCancelled, kProtocol (a
  /// limit was passed), kUnavailable (TLS trust).
  [[nodiscard]] Result<Response> Fetch(const Request& request);

  /// Sends |request| and hands the response over as it arrives: |on_head| sees the head, |on_body| each
  /// (de-chunked, decoded) body piece. Either may return false to stop reading: that is not an error, the head is
  /// returned. Errors as for Fetch. |on_head| runs at most once per call (retries happen only before it).
  [[nodiscard]] Result<Head> Stream(const Request& request, const std::function<bool(const Head&)>& on_head,
                                    const std::function<bool(std::string_view)>& on_body);

  PoolStats stats() const;
  /// Idle connections currently pooled (all origins).
  size_t idle_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ab::net
