// The HTTP seam of the LLM layer: providers build HttpRequests and read HttpResponses, never touching a socket, so
// every dialect can be tested against recorded bodies and the whole layer can be recorded and replayed.
// Implementations are thread-safe: one client is shared by every concurrent call of a provider.
#pragma once

#include <chrono>
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
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
  /// The first header named |name| (case-insensitive), or "" when absent.
  std::string Header(std::string_view name) const;
};

/// Sends one request. An HTTP error status is a response, not an error: errors are transport failures only
/// (kNetwork for connection problems, kTimeout when |timeout| passed, kInvalidArgument for a bad URL).
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  [[nodiscard]] virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

/// The real client over cpp-httplib. TLS certificates are verified unless |insecure|.
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
