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
#include "net/client.h"

namespace ab::llm {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "POST";
  std::string url;  ///< absolute: scheme://host[:port]/path[?query]
  HttpHeaders headers;
  std::string body;
  /// The whole request: connect, send and the complete body, every connection attempt included (a total
  /// deadline, not an idle timeout: a body trickling one byte a second is cut here).
  std::chrono::milliseconds timeout{120'000};
  /// Cap on the response body; 0 = net's default (64 MiB). Passing it fails the request (kProtocol).
  size_t max_response_bytes = 0;
  /// When set and it becomes true, the request is abandoned within ~50 ms (its connection closed) and Send
  /// returns kCancelled: Ctrl-C must not wait for a model that takes minutes to answer.
  const std::atomic<bool>* cancel = nullptr;
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
  int attempts = 1;  ///< connections it took: more than 1 when one failed before any response byte arrived
  std::string note;  ///< why those retries happened ("" when none)
  /// The first header named |name| (case-insensitive), or "" when absent.
  std::string Header(std::string_view name) const;
};

/// Sends one request. An HTTP error status is a response, not an error: errors are transport failures only
/// (kNetwork for connection problems, kTimeout when |timeout| passed, kInvalidArgument for a bad URL, kCancelled
/// when |cancel| became true, kProtocol when the response passed a size limit).
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  [[nodiscard]] virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

struct HttpClientOptions {
  bool insecure = false;  ///< skip TLS certificate verification
  /// A pooled connection idle longer than this is closed instead of reused (see net::ClientOptions::max_idle).
  std::chrono::milliseconds max_idle{4'000};
  size_t max_idle_per_origin = 64;  ///< idle connections kept per scheme://host:port; more are closed
  /// Attempts per request while no response byte has arrived (see net::ClientOptions::max_attempts); 1 = a
  /// request is never written twice.
  int max_attempts = 3;
};

/// What a PooledHttpClient did, for tests and benchmarks.
using HttpPoolStats = net::PoolStats;

/// The real client: net::Client (keep-alive pool per origin, a total deadline per request, capped bodies,
/// retries of connections that failed before any response byte, errors as sentences) behind the llm seam.
/// Before a pooled connection is used it is checked: one the server closed (or that sat idle past |max_idle|) is
/// dropped and the request goes on a fresh connection, so a dead connection costs nothing.
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
  std::unique_ptr<net::Client> client_;
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
/// Splits |url| (net::ParseUrl); kInvalidArgument when it is not an absolute http(s) URL.
Result<UrlParts> SplitUrl(std::string_view url);

/// |text| percent-encoded for a query string or a form body (net::PercentEncode).
inline std::string UrlEncode(std::string_view text) { return net::PercentEncode(text); }

}  // namespace ab::llm
