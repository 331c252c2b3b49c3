// The legacy HTTP+SSE transport (protocol 2024-11-05), kept for servers that never moved to Streamable HTTP.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "base/log.h"
#include "base/redact.h"
#include "base/strings.h"
#include "mcp/http_stream.h"
#include "mcp/http_transport.h"
#include "mcp/incoming.h"
#include "mcp/sse_parser.h"

namespace ab::mcp {
namespace {

class SseTransport : public Transport {
 public:
  explicit SseTransport(HttpOptions options) : options_(std::move(options)) {}
  ~SseTransport() override { Close(); }

  Status Start(TransportHandlers handlers) override {
    auto url = ParseUrl(options_.url);
    if (!url) return url.error();
    sse_url_ = *url;
    handlers_ = std::move(handlers);
    reader_ = std::thread([this] { ReadStream(); });
    // The endpoint to POST to is only known once the server announced it on the stream.
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, options_.connect_timeout, [this] { return has_endpoint_ || stream_ended_; })) {
      return Error(ErrorCode::kTimeout, "no `endpoint` event from " + Redact(options_.url) + " within " +
                                            FormatDuration(options_.connect_timeout));
    }
    if (!has_endpoint_) return stream_error_;
    return Status::Ok();
  }

  Status Send(const Json& message) override {
    Url endpoint;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (closing_.load() || stream_ended_) return Error(ErrorCode::kUnavailable, "SSE stream is closed");
      endpoint = endpoint_;
    }
    HttpCall call;
    call.method = "POST";
    call.url = endpoint;
    call.insecure = options_.insecure;
    call.connect_timeout = options_.connect_timeout;
    call.read_timeout = Millis(30000);
    call.headers = options_.headers;
    call.body = message.dump(-1, ' ', false, Json::error_handler_t::replace);
    auto reply = HttpFetch(call, 1 << 20);
    if (!reply) return Error(ErrorCode::kUnavailable, reply.error().message);
    if (reply->head.status < 200 || reply->head.status >= 300) {
      return HttpStatusError("POST " + endpoint.target, reply->head.status, reply->body);
    }
    return Status::Ok();
  }

  void Close() override {
    if (closing_.exchange(true)) return;
    stream_.Stop();
    if (reader_.joinable()) reader_.join();
  }

 private:
  void ReadStream() {
    HttpCall call;
    call.url = sse_url_;
    call.insecure = options_.insecure;
    call.connect_timeout = options_.connect_timeout;
    call.headers = options_.headers;
    call.headers.emplace_back("Accept", "text/event-stream");
    SseParser parser([this](const SseEvent& event) { OnEvent(event); });
    int status = 0;
    std::string body;
    auto head = stream_.Run(
        call, [&](const HttpHead& h) { status = h.status; return true; },
        [&](std::string_view piece) {
          if (status == 200) parser.Feed(piece); else if (body.size() < 4096) body.append(piece);
          return !closing_.load();
        });
    Error reason(ErrorCode::kUnavailable, "the SSE stream from " + Redact(options_.url) + " ended");
    if (!head) reason = Error(ErrorCode::kUnavailable, head.error().message);
    else if (status != 200) reason = HttpStatusError("GET " + sse_url_.target, status, body);
    {
      std::lock_guard<std::mutex> lock(mu_);
      stream_ended_ = true;
      stream_error_ = reason;
    }
    cv_.notify_all();
    if (!closing_.load() && handlers_.on_closed) handlers_.on_closed(reason);
  }

  void OnEvent(const SseEvent& event) {
    if (event.event == "endpoint") {
      auto resolved = ResolveUrl(sse_url_, std::string(Trim(event.data)));
      if (!resolved) {
        LogWarn("mcp: bad endpoint event: " + resolved.error().message);
        return;
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        endpoint_ = *resolved;
        has_endpoint_ = true;
      }
      cv_.notify_all();
      return;
    }
    if (Trim(event.data).empty()) return;
    Json message = ParseIncoming(event.data, handlers_);
    if (message.is_discarded()) {
      LogWarn("mcp: skipping a non-JSON SSE event: " + Redact(Truncate(event.data, 200)));
      return;
    }
    if (handlers_.on_message && !closing_.load()) handlers_.on_message(std::move(message));
  }

  HttpOptions options_;
  Url sse_url_;
  TransportHandlers handlers_;
  HttpStream stream_;
  std::thread reader_;
  std::mutex mu_;
  std::condition_variable cv_;
  Url endpoint_;
  bool has_endpoint_ = false;
  bool stream_ended_ = false;
  Error stream_error_;
  std::atomic<bool> closing_{false};
};

}  // namespace

std::unique_ptr<Transport> MakeSseTransport(HttpOptions options) {
  return std::make_unique<SseTransport>(std::move(options));
}

}  // namespace ab::mcp
