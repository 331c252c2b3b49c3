// One streaming HTTP/1.1 request over cpp-httplib that another thread can abort: the body is handed over in
// pieces as it arrives (de-chunked), which SSE needs. Both HTTP transports use it; each request gets its own
// connection, so concurrent requests never share a socket. Thread-safe: Stop() may be called from any thread.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "base/duration.h"
#include "base/result.h"
#include "mcp/url.h"

namespace httplib {
class Client;
}

namespace ab::mcp {

struct HttpCall {
  std::string method = "GET";
  Url url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  ///< sent when non-empty (or for POST)
  bool insecure = false;  ///< skip TLS certificate verification
  Millis connect_timeout{10000};
  Millis read_timeout{24LL * 3600 * 1000};  ///< idle limit between bytes; streams are stopped explicitly instead
};

struct HttpHead {
  int status = 0;
  std::map<std::string, std::string> headers;  ///< names lower-cased
  std::string Header(const std::string& lower_name) const;
};

class HttpStream {
 public:
  HttpStream() = default;
  HttpStream(const HttpStream&) = delete;
  HttpStream& operator=(const HttpStream&) = delete;
  ~HttpStream();

  /// Performs |call|. |on_head| sees the status line and headers; |on_body| each body piece. Either may return
  /// false to stop reading. Returns the head; kNetwork when the connection failed, kCancelled after Stop().
  [[nodiscard]] Result<HttpHead> Run(const HttpCall& call, const std::function<bool(const HttpHead&)>& on_head,
                                     const std::function<bool(std::string_view)>& on_body);
  /// Aborts a running (or the next) Run(); blocks until it returned, at most ~2 s.
  void Stop();

 private:
  std::mutex mu_;
  httplib::Client* client_ = nullptr;  // the running request's client, borrowed while Run() is inside send()
  std::atomic<bool> stopped_{false};
  std::atomic<bool> running_{false};
};

/// An Error for an unexpected HTTP |status| (401/403 kAuth, 5xx kServer, else kHttp) quoting the start of |body|.
Error HttpStatusError(const std::string& what, int status, const std::string& body);

/// Convenience for short requests: the whole body collected (bounded by |max_body| bytes).
struct HttpReply {
  HttpHead head;
  std::string body;
};
[[nodiscard]] Result<HttpReply> HttpFetch(const HttpCall& call, size_t max_body = size_t{64} << 20);

}  // namespace ab::mcp
