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
#include "net/client.h"

namespace ab::mcp {
namespace {

class SseTransport : public Transport {
 public:
  explicit SseTransport(HttpOptions options) : options_(std::move(options)), http_(NetOptions(options_)) {}
  ~SseTransport() override { Close(); }

  Status Start(TransportHandlers handlers) override {
    auto url = net::ParseUrl(options_.url);
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
    net::Url endpoint;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (closing_.load() || stream_ended_) return Error(ErrorCode::kUnavailable, "SSE stream is closed");
      endpoint = endpoint_;
    }
    // The answer comes on the stream; the POST itself is only acknowledged (202), so it gets a deadline and a
    // small body cap.
    net::Request call;
    call.method = "POST";
    call.url = endpoint;
    call.connect_timeout = options_.connect_timeout;
    call.deadline = Millis(30000);
    call.cancel = &closing_;
    call.limits.max_response_bytes = 1 << 20;
    call.headers = options_.headers;
    call.headers.emplace_back("Content-Type", "application/json");
    call.body = message.dump(-1, ' ', false, Json::error_handler_t::replace);
    auto reply = FetchAuthorized(call);
    if (!reply)
      return reply.error().code == ErrorCode::kAuth ? reply.error()
                                                    : Error(ErrorCode::kUnavailable, reply.error().message);
    if (reply->status < 200 || reply->status >= 300) {
      return HttpStatusError("POST " + endpoint.target, reply->status, reply->body);
    }
    return Status::Ok();
  }

  void Close() override {
    // The stream and any POST carry closing_ as their cancel flag: the client's watchdog stops them.
    if (closing_.exchange(true)) return;
    if (reader_.joinable()) reader_.join();
  }

 private:
  void ReadStream() {
    net::Request call;
    call.url = sse_url_;
    call.connect_timeout = options_.connect_timeout;
    call.deadline = Millis(0);  // the stream lasts the whole session; Close() stops it through closing_
    call.cancel = &closing_;
    call.limits.max_response_bytes = 0;  // capped per line and per event by the parser
    call.headers = options_.headers;
    call.headers.emplace_back("Accept", "text/event-stream");
    SseParser parser([this](const SseEvent& event) { OnEvent(event); }, SseLimitsFor(options_));
    int status = 0;
    std::string body;
    Result<net::Head> head = Error(ErrorCode::kInternal, "not started");
    // OAuth: a 401 (or a 403 challenge) on the stream goes to the authorizer, then the GET is sent again.
    for (int round = 0;; ++round) {
      net::Request authorized = call;
      const std::string header = options_.authorizer ? options_.authorizer->Header() : "";
      if (!header.empty()) authorized.headers.emplace_back("Authorization", header);
      body.clear();
      head = http_.Stream(
          authorized,
          [&](const net::Head& h) {
            status = h.status;
            return true;
          },
          [&](std::string_view piece) {
            if (status == 200) parser.Feed(piece);
            else if (body.size() < 4096) body.append(piece);
            if (!parser.error().empty()) return false;
            return !closing_.load();
          });
      if (!head || !options_.authorizer || round >= kMaxAuthRounds || closing_.load()) break;
      const std::string challenge = head->Header("www-authenticate");
      if (head->status != 401 && !(head->status == 403 && !challenge.empty())) break;
      if (Status retry = options_.authorizer->OnChallenge(head->status, challenge, header); !retry.ok()) {
        head = retry.error();
        break;
      }
    }
    Error reason(ErrorCode::kUnavailable, "the SSE stream from " + Redact(sse_url_.Display()) + " ended");
    if (!head)
      reason =
          head.error().code == ErrorCode::kAuth ? head.error() : Error(ErrorCode::kUnavailable, head.error().message);
    else if (!parser.error().empty())
      reason = Error(ErrorCode::kProtocol,
                     Redact("GET " + sse_url_.Display()) + ": " + parser.error() + "; the stream was closed");
    else if (status != 200) reason = HttpStatusError("GET " + sse_url_.target, status, body);
    {
      std::lock_guard<std::mutex> lock(mu_);
      stream_ended_ = true;
      stream_error_ = reason;
    }
    cv_.notify_all();
    if (!closing_.load() && handlers_.on_closed) handlers_.on_closed(reason);
  }

  // Fetch with the authorizer's header, answering a 401 (or a 403 challenge) at most kMaxAuthRounds times.
  Result<net::Response> FetchAuthorized(const net::Request& call) {
    for (int round = 0;; ++round) {
      net::Request authorized = call;
      const std::string header = options_.authorizer ? options_.authorizer->Header() : "";
      if (!header.empty()) authorized.headers.emplace_back("Authorization", header);
      auto reply = http_.Fetch(authorized);
      if (!reply || !options_.authorizer || round >= kMaxAuthRounds) return reply;
      const std::string challenge = reply->Header("www-authenticate");
      if (reply->status != 401 && !(reply->status == 403 && !challenge.empty())) return reply;
      if (Status retry = options_.authorizer->OnChallenge(reply->status, challenge, header); !retry.ok()) {
        return retry.error();
      }
    }
  }

  void OnEvent(const SseEvent& event) {
    if (event.event == "endpoint") {
      auto resolved = net::ResolveUrl(sse_url_, std::string(Trim(event.data)));
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

  static net::ClientOptions NetOptions(const HttpOptions& options) {
    net::ClientOptions n;
    n.insecure = options.insecure;
    n.max_attempts = options.max_attempts;
    return n;
  }

  HttpOptions options_;
  net::Client http_;
  net::Url sse_url_;
  TransportHandlers handlers_;
  std::thread reader_;
  std::mutex mu_;
  std::condition_variable cv_;
  net::Url endpoint_;
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
