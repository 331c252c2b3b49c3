// The HTTP seam of the LLM layer: providers build HttpRequests and read HttpResponses, never touching a socket, so
// every dialect can be tested against recorded bodies and the whole layer can be recorded and replayed.
// Implementations are thread-safe: one client is shared by every concurrent call of a provider.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace ab::llm {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "POST";
  std::string url;  ///< absolute: scheme://host[:port]/path[?query]
  HttpHeaders headers;
  std::string body;
  std::chrono::milliseconds timeout{120'000};  ///< whole request (connect, send, read)
  /// When set and it becomes true, the request is abandoned within ~50 ms (its connection closed) and Send
  /// returns kCancelled: Ctrl-C must not wait for a model that takes minutes to answer.
  const std::atomic<bool>* cancel = nullptr;
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
  /// The first header named |name| (case-insensitive), or "" when absent.
  std::string Header(std::string_view name) const;
};

/// Sends one request. An HTTP error status is a response, not an error: errors are transport failures only
/// (kNetwork for connection problems, kTimeout when |timeout| passed, kInvalidArgument for a bad URL, kCancelled
/// when |cancel| became true).
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  [[nodiscard]] virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

struct HttpClientOptions {
  bool insecure = false;  ///< skip TLS certificate verification
  /// A pooled connection idle longer than this is closed instead of reused. Servers close idle keep-alive
  /// connections (Node and cpp-httplib after 5 s), and a request written into a connection that the server is
  /// closing at that moment is lost without a way to know whether it was received; staying under the common
  /// timeouts keeps that race away.
  std::chrono::milliseconds max_idle{4'000};
  size_t max_idle_per_origin = 64;  ///< idle connections kept per scheme://host:port; more are closed
};

/// What a PooledHttpClient did, for tests and benchmarks.
struct HttpPoolStats {
  int64_t connections_opened = 0;  ///< requests that needed a new connection
  int64_t reused = 0;              ///< requests sent on a pooled keep-alive connection
  int64_t dead_discarded = 0;      ///< pooled connections found closed (or expired) before a request was sent
};

/// The real client over cpp-httplib, with a pool of keep-alive connections per origin (scheme://host:port): a
/// request takes an idle connection (or opens one), and gives it back when the response came and the server
/// kept it open. Before a pooled connection is used it is checked: one the server closed (or that sat idle past
/// |max_idle|) is dropped and the request goes on a fresh connection, so a dead connection costs nothing and is
/// never seen by the caller. A failure after the request was written is returned as is, never retried here: the
/// server may have received the POST, and sending it again could run (and bill) a completion twice.
class PooledHttpClient final : public HttpClient {
 public:
  explicit PooledHttpClient(HttpClientOptions options = {});
  ~PooledHttpClient() override;
  PooledHttpClient(const PooledHttpClient&) = delete;
  PooledHttpClient& operator=(const PooledHttpClient&) = delete;
  [[nodiscard]] Result<HttpResponse> Send(const HttpRequest& request) override;
  HttpPoolStats stats() const;
  /// Idle connections currently pooled (all origins).
  size_t idle_count() const;

 private:
  struct Pool;
  std::unique_ptr<Pool> pool_;
};

/// The real client (a PooledHttpClient). TLS certificates are verified unless |insecure|.
std::unique_ptr<HttpClient> MakeHttpClient(bool insecure = false);

/// The parts of an absolute URL. |path| keeps the query string.
struct UrlParts {
  std::string scheme;  ///< http or https
  std::string host;
  int port = 0;
  std::string path;  ///< starts with '/'
};
/// Splits |url|; kInvalidArgument when it is not an absolute http(s) URL.
Result<UrlParts> SplitUrl(std::string_view url);

/// |text| percent-encoded for a query string or a form body (RFC 3986 unreserved characters kept).
std::string UrlEncode(std::string_view text);

}  // namespace ab::llm
