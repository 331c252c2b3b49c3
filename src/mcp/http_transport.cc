#include "mcp/http_transport.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "base/json_parse.h"
#include "base/log.h"
#include "base/redact.h"
#include "base/strings.h"
#include "mcp/header_params.h"
#include "mcp/http_stream.h"
#include "mcp/incoming.h"
#include "mcp/sse_parser.h"
#include "net/client.h"

namespace ab::mcp {
namespace {

constexpr int kMaxResumes = 5;       // GET + Last-Event-ID attempts for one dropped POST stream
constexpr int kMaxReinitialize = 3;  // session re-creations per connection (guards against a 404 loop)
// A POST that carries no request (a notification, or our answer to a server's request) is acknowledged at once
// (202). Send() waits for that on the caller's thread, so a server that never acknowledges must not hold it: a
// timed-out tool call sends notifications/cancelled this way.
constexpr Millis kAckDeadline{10000};

bool IsRequest(const Json& m) {
  return m.is_object() && m.contains("method") && m.contains("id") && !m["id"].is_null();
}

// A 2026-07-28 request: it names its protocol version in params._meta.
bool IsModernRequest(const Json& m) {
  if (!m.is_object() || !m.contains("params") || !m["params"].is_object()) return false;
  const Json& params = m["params"];
  return params.contains("_meta") && params["_meta"].is_object() &&
         params["_meta"].contains("io.modelcontextprotocol/protocolVersion");
}

// What one HTTP exchange carrying (or resuming) a request produced.
struct StreamState {
  Json want_id;  // the request whose answer we wait for (null: none)
  bool got_response = false;
  bool sse = false;  // the reply was an event stream (resumable)
  int events = 0;
  std::string last_event_id;
  long retry_ms = -1;
  std::string body;                           // non-SSE body (JSON reply or error text)
  std::optional<Error> failed;                // a limit passed: the exchange was stopped and this is why
  const std::atomic<bool>* cancel = nullptr;  // stops this request's exchanges (else the connection's closing_)
};

}  // namespace

SseLimits SseLimitsFor(const HttpOptions& options) {
  SseLimits limits;
  limits.max_event_bytes = options.max_message_bytes;
  limits.max_line_bytes = std::min(limits.max_line_bytes, options.max_message_bytes);
  return limits;
}

namespace {

net::ClientOptions NetOptions(const HttpOptions& options) {
  net::ClientOptions n;
  n.insecure = options.insecure;
  n.max_attempts = options.max_attempts;
  return n;
}

class StreamableHttpTransport : public Transport {
 public:
  explicit StreamableHttpTransport(HttpOptions options) : options_(std::move(options)), http_(NetOptions(options_)) {}
  ~StreamableHttpTransport() override { Close(); }

  Status Start(TransportHandlers handlers) override {
    auto url = net::ParseUrl(options_.url);
    if (!url) return url.error();
    url_ = *url;
    handlers_ = std::move(handlers);
    return Status::Ok();
  }

  Status Send(const Json& message) override {
    if (closing_.load()) return Error(ErrorCode::kUnavailable, "connection closed");
    if (IsRequest(message)) {
      if (message["method"] == "initialize") {
        std::lock_guard<std::mutex> lock(mu_);
        init_message_ = message;
      }
      // Each request gets its own POST on its own thread: the reply may be a long SSE stream, and the caller's
      // timeout is enforced by the JSON-RPC layer, not by blocking here.
      SpawnWorker([this, message] { RunRequest(message); });
      return Status::Ok();
    }
    StreamState state;
    auto head = Post(message, state, kAckDeadline);
    if (!head) return head.error();
    if (state.failed) return *state.failed;
    if (head->status >= 300) return HttpStatusError("POST " + url_.target, head->status, state.body);
    if (message.value("method", "") == "notifications/initialized" && options_.open_get_stream) {
      bool expected = false;
      if (get_stream_started_.compare_exchange_strong(expected, true)) SpawnWorker([this] { RunGetStream(); });
    }
    return Status::Ok();
  }

  void Close() override {
    if (closing_.exchange(true)) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (auto& [id, flag] : request_cancels_) flag->store(true);
    }
    std::string session_id = session();
    // Every request in flight carries closing_ as its cancel flag: the client's watchdog stops them all now.
    if (!session_id.empty()) {
      // Tell the server the session is over (spec: SHOULD DELETE); 405 is fine, a dead server too.
      net::Request call = MakeCall("DELETE", false);
      call.cancel = nullptr;
      call.deadline = Millis(2000);
      call.connect_timeout = Millis(2000);
      call.limits.max_response_bytes = 4096;
      (void)http_.Fetch(call);
    }
    wake_.notify_all();
    std::list<Worker> workers;
    {
      std::lock_guard<std::mutex> lock(mu_);
      workers.swap(workers_);
    }
    for (auto& worker : workers) worker.thread.join();
  }

  void SetProtocolVersion(const std::string& version) override {
    std::lock_guard<std::mutex> lock(mu_);
    protocol_version_ = version;
  }

  void SetHeaderHook(HeaderHook hook) override { header_hook_ = std::move(hook); }
  bool is_streamable_http() const override { return true; }

  void CancelRequest(const Json& id) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = request_cancels_.find(id.dump());
    if (it != request_cancels_.end()) it->second->store(true);
  }

 private:
  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };

  std::string session() const {
    std::lock_guard<std::mutex> lock(mu_);
    return session_id_;
  }

  void SpawnWorker(std::function<void()> body) {
    std::lock_guard<std::mutex> lock(mu_);
    // Reap finished workers so a long session does not accumulate threads.
    for (auto it = workers_.begin(); it != workers_.end();) {
      if (it->done->load()) {
        it->thread.join();
        it = workers_.erase(it);
      } else {
        ++it;
      }
    }
    auto done = std::make_shared<std::atomic<bool>>(false);
    workers_.push_back(Worker{std::thread([body = std::move(body), done] {
                                body();
                                done->store(true);
                              }),
                              done});
  }

  // A request to the endpoint. Streams have no deadline (an answer may take as long as its tool) and no total
  // body cap (Exchange caps JSON bodies, the SSE parser lines and events); Close() stops them through closing_.
  net::Request MakeCall(const std::string& method, bool with_version) const {
    net::Request call;
    call.method = method;
    call.url = url_;
    call.connect_timeout = options_.connect_timeout;
    call.deadline = Millis(0);
    call.cancel = &closing_;
    call.limits.max_response_bytes = 0;
    call.headers = options_.headers;
    std::lock_guard<std::mutex> lock(mu_);
    if (!session_id_.empty()) call.headers.emplace_back("Mcp-Session-Id", session_id_);
    if (with_version && !protocol_version_.empty())
      call.headers.emplace_back("MCP-Protocol-Version", protocol_version_);
    return call;
  }

  // Hands one parsed message to the JSON-RPC layer, noting whether it is the answer we wait for.
  void Deliver(Json message, StreamState& state) {
    if (message.is_array()) {
      for (auto& item : message) Deliver(std::move(item), state);
      return;
    }
    if (!state.want_id.is_null() && message.is_object() && message.contains("id") && message["id"] == state.want_id &&
        (message.contains("result") || message.contains("error"))) {
      state.got_response = true;
    }
    if (handlers_.on_message && !closing_.load()) handlers_.on_message(std::move(message));
  }

  // Exchange with OAuth: the authorizer's header on |call|; a 401 (or a 403 with a challenge) goes to the
  // authorizer, and the request is sent again when it has a new token, at most kMaxAuthRounds times.
  Result<net::Head> Exchange(const net::Request& call, StreamState& state, bool capture_session) {
    if (!options_.authorizer) return ExchangeOnce(call, state, capture_session);
    for (int round = 0;; ++round) {
      net::Request authorized = call;
      const std::string header = options_.authorizer->Header();
      if (!header.empty()) authorized.headers.emplace_back("Authorization", header);
      auto head = ExchangeOnce(authorized, state, capture_session);
      if (!head || state.got_response || round >= kMaxAuthRounds) return head;
      const std::string challenge = head->Header("www-authenticate");
      if (head->status != 401 && !(head->status == 403 && !challenge.empty())) return head;
      if (Status retry = options_.authorizer->OnChallenge(head->status, challenge, header); !retry.ok()) {
        return retry.error();
      }
      StreamState fresh;
      fresh.want_id = state.want_id;
      state = std::move(fresh);
    }
  }

  // Runs |call|, feeding SSE events or collecting a JSON body. A body or event past its cap stops the exchange
  // and is recorded in state.failed; so does reading on after the awaited answer arrived.
  Result<net::Head> ExchangeOnce(const net::Request& call, StreamState& state, bool capture_session) {
    if (closing_.load()) return Error(ErrorCode::kCancelled, "connection closed");
    const std::string what = Redact(call.method + " " + call.url.Display());
    SseParser parser(
        [&](const SseEvent& event) {
          ++state.events;
          if (Trim(event.data).empty()) return;  // priming event: only an id (and maybe retry) to resume from
          Json message = ParseIncoming(event.data, handlers_);
          if (message.is_discarded()) {
            LogWarn("mcp: skipping a non-JSON SSE event: " + Redact(Truncate(event.data, 200)));
            return;
          }
          Deliver(std::move(message), state);
        },
        SseLimitsFor(options_));
    auto head = http_.Stream(
        call,
        [&](const net::Head& h) {
          state.sse = h.status == 200 && StartsWith(ToLower(h.Header("content-type")), "text/event-stream");
          std::string sid = h.Header("mcp-session-id");
          // The session id must be known before the initialize answer reaches the client, which immediately
          // sends notifications/initialized with it; the head is parsed before any body byte is delivered.
          if (capture_session && !sid.empty()) {
            std::lock_guard<std::mutex> lock(mu_);
            session_id_ = sid;
          }
          return true;
        },
        [&](std::string_view piece) {
          if (state.sse) {
            parser.Feed(piece);
            if (!parser.error().empty()) {
              state.failed = Error(ErrorCode::kProtocol, what + ": " + parser.error() + "; the stream was closed");
              return false;
            }
            if (!parser.last_event_id().empty()) state.last_event_id = parser.last_event_id();
            if (parser.retry_ms()) state.retry_ms = *parser.retry_ms();
          } else if (state.body.size() + piece.size() > options_.max_message_bytes) {
            state.failed = Error(ErrorCode::kProtocol, what + ": the reply body exceeded the " +
                                                           net::FormatBytes(options_.max_message_bytes) +
                                                           " limit (max_response_bytes)");
            return false;
          } else {
            state.body.append(piece);
          }
          // The server should close a request's stream after its answer; one that keeps it open is not waited on.
          if (state.got_response && !state.want_id.is_null()) return false;
          return !closing_.load();
        });
    if (head && !state.failed && !state.sse && head->status >= 200 && head->status < 300 && !Trim(state.body).empty() &&
        StartsWith(ToLower(head->Header("content-type")), "application/json")) {
      Json message = ParseIncoming(state.body, handlers_);
      if (message.is_discarded()) {
        LogWarn("mcp: the server's JSON reply does not parse: " + Redact(Truncate(state.body, 200)));
      } else {
        Deliver(std::move(message), state);
      }
    }
    return head;
  }

  // POSTs |message|; |deadline| bounds the whole exchange (zero: none, the answer may take as long as its tool).
  Result<net::Head> Post(const Json& message, StreamState& state, Millis deadline = Millis(0)) {
    const bool is_init = message.value("method", "") == "initialize";
    net::Request call = MakeCall("POST", !is_init);
    call.deadline = deadline;
    if (state.cancel != nullptr) call.cancel = state.cancel;
    if (is_init) {
      // A (re-)initialize starts a new session: never send the old id.
      call.headers.erase(std::remove_if(call.headers.begin(), call.headers.end(),
                                        [](const auto& h) { return h.first == "Mcp-Session-Id"; }),
                         call.headers.end());
    }
    call.headers.emplace_back("Accept", "application/json, text/event-stream");
    call.headers.emplace_back("Content-Type", "application/json");
    AddModernHeaders(message, call.headers);
    call.body = message.dump(-1, ' ', false, Json::error_handler_t::replace);
    return Exchange(call, state, is_init);
  }

  // 2026-07-28 requests (they carry the version in _meta): MCP-Protocol-Version must equal it, Mcp-Method and
  // Mcp-Name mirror the body, and the client's hook adds the tool's Mcp-Param-* headers. Every value that is not
  // plain visible ASCII goes out Base64-encoded, so no header can carry CR/LF from a tool name or argument.
  void AddModernHeaders(const Json& message, std::vector<std::pair<std::string, std::string>>& headers) const {
    if (!message.is_object() || !message.contains("method") || !message["method"].is_string()) return;
    const Json params = message.value("params", Json::object());
    const Json meta = params.is_object() ? params.value("_meta", Json::object()) : Json::object();
    auto version = meta.is_object() ? meta.find("io.modelcontextprotocol/protocolVersion") : meta.end();
    if (!meta.is_object() || version == meta.end() || !version->is_string()) return;
    headers.erase(std::remove_if(headers.begin(), headers.end(),
                                 [](const auto& h) { return ToLower(h.first) == "mcp-protocol-version"; }),
                  headers.end());
    headers.emplace_back("MCP-Protocol-Version", EncodeHeaderValue(version->get<std::string>()));
    const std::string method = message["method"].get<std::string>();
    headers.emplace_back("Mcp-Method", EncodeHeaderValue(method));
    const char* name_field = method == "resources/read"                            ? "uri"
                             : (method == "tools/call" || method == "prompts/get") ? "name"
                                                                                   : nullptr;
    if (name_field != nullptr && params.contains(name_field) && params[name_field].is_string()) {
      headers.emplace_back("Mcp-Name", EncodeHeaderValue(params[name_field].get<std::string>()));
    }
    if (header_hook_) {
      for (auto& [name, value] : header_hook_(message)) {
        if (IsHeaderToken(name)) headers.emplace_back(name, value);
      }
    }
  }

  // A 4xx whose body is a JSON-RPC error (2026-07-28 servers answer -32022, -32020, -32602 so) is the answer to
  // the request: deliver it as such, so the client can act on the code. An id-less error is the request's too.
  bool DeliverErrorBody(StreamState& state) {
    if (state.body.empty() || state.body.size() > options_.max_message_bytes) return false;
    auto parsed = ParseJson(state.body);
    if (!parsed || !parsed->is_object() || !parsed->contains("error") || !(*parsed)["error"].is_object()) return false;
    Json message = std::move(*parsed);
    if (!message.contains("id") || message["id"].is_null()) message["id"] = state.want_id;
    if (message["id"] != state.want_id) return false;
    Deliver(std::move(message), state);
    return state.got_response;
  }

  bool SessionLost(const net::Head& head, const StreamState& state) const {
    // Spec: 404 means the session is gone. The official TypeScript server answers 400 "No valid session ID"
    // instead, so that is treated the same.
    return head.status == 404 || (head.status == 400 && state.body.find("session") != std::string::npos);
  }

  // Re-creates the session after the server forgot it. Concurrent callers that saw the same dead session id
  // re-initialize only once; the later ones find a new id and just retry.
  bool Reinitialize(const std::string& dead_session) {
    std::lock_guard<std::mutex> reinit_lock(reinit_mu_);
    Json init;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (session_id_ != dead_session) return true;
      if (init_message_.is_null() || reinit_count_ >= kMaxReinitialize) return false;
      ++reinit_count_;
      session_id_.clear();
      init = init_message_;
    }
    LogInfo("mcp: session expired on " + Redact(options_.url) + ", re-initializing");
    StreamState state;  // want_id null: the answer reaches the JSON-RPC layer, which drops it (nobody waits)
    auto head = Post(init, state);
    if (!head || state.failed || head->status >= 300) return false;
    StreamState ignored;
    auto note = Post(Json{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}, ignored, kAckDeadline);
    return note && note->status < 300;
  }

  void RunRequest(const Json& message) {
    const Json id = message["id"];
    const bool is_init = message["method"] == "initialize";
    const bool modern = IsModernRequest(message);
    // 2026-07-28 cancels a request by closing its stream: CancelRequest (or Close) flips this request's flag.
    std::shared_ptr<std::atomic<bool>> cancel;
    if (modern) {
      cancel = std::make_shared<std::atomic<bool>>(closing_.load());
      std::lock_guard<std::mutex> lock(mu_);
      request_cancels_[id.dump()] = cancel;
    }
    struct Unregister {
      StreamableHttpTransport* self;
      std::string key;
      bool active;
      ~Unregister() {
        if (!active) return;
        std::lock_guard<std::mutex> lock(self->mu_);
        self->request_cancels_.erase(key);
      }
    } unregister{this, id.dump(), modern};
    for (int attempt = 0;; ++attempt) {
      StreamState state;
      state.want_id = id;
      state.cancel = cancel.get();
      const std::string used_session = session();
      auto head = Post(message, state);
      if (!head) {
        if (head.error().code == ErrorCode::kCancelled) return;
        Fail(id, head.error().code == ErrorCode::kAuth ? head.error()
                                                       : Error(ErrorCode::kUnavailable, head.error().message));
        return;
      }
      if (state.got_response) return;
      if (state.failed) {
        Fail(id, *state.failed);
        return;
      }
      if (!is_init && attempt == 0 && !used_session.empty() && SessionLost(*head, state)) {
        if (Reinitialize(used_session)) continue;
      }
      if (head->status < 200 || head->status >= 300) {
        if (modern && head->status >= 400 && head->status < 500 && DeliverErrorBody(state)) return;
        Fail(id, HttpStatusError("POST " + url_.target, head->status, state.body));
        return;
      }
      if (state.sse) {
        // A 2026-07-28 subscriptions/listen stream is never resumed (the revision has no Last-Event-ID): its
        // end reaches the subscription, which reopens it with backoff.
        if (message["method"] != "subscriptions/listen") Resume(state);
        if (state.got_response || closing_.load()) return;
        if (state.failed) {
          Fail(id, *state.failed);
          return;
        }
        Fail(id, Error(ErrorCode::kUnavailable, "the server's event stream ended without an answer"));
        return;
      }
      Fail(id, Error(ErrorCode::kProtocol,
                     "the server accepted the request (HTTP " + std::to_string(head->status) + ") but sent no answer"));
      return;
    }
  }

  // The POST stream closed before the answer (SEP-1699 polling): wait `retry` ms, as the spec requires, then GET
  // with Last-Event-ID; the server replays the rest of that stream. Repeat while streams keep ending early.
  void Resume(StreamState& state) {
    for (int attempt = 0; attempt < kMaxResumes && !state.got_response && !state.last_event_id.empty(); ++attempt) {
      Millis delay = state.retry_ms >= 0 ? Millis(state.retry_ms) : options_.default_retry;
      if (!SleepUnlessClosing(delay)) return;
      net::Request call = MakeCall("GET", true);
      if (state.cancel != nullptr) call.cancel = state.cancel;
      call.headers.emplace_back("Accept", "text/event-stream");
      call.headers.emplace_back("Last-Event-ID", state.last_event_id);
      state.sse = false;
      state.body.clear();
      auto head = Exchange(call, state, false);
      if (!head || state.failed || head->status != 200 || !state.sse) return;
    }
  }

  // The standalone GET stream carries server-initiated requests and notifications (e.g. elicitation without a
  // related request). 405/400/404 mean the server offers none; a dropped stream is reopened after `retry`.
  void RunGetStream() {
    std::string last_event_id;
    long retry_ms = -1;
    int failures = 0;
    while (!closing_.load() && failures < 3) {
      StreamState state;
      net::Request call = MakeCall("GET", true);
      call.headers.emplace_back("Accept", "text/event-stream");
      if (!last_event_id.empty()) call.headers.emplace_back("Last-Event-ID", last_event_id);
      auto head = Exchange(call, state, false);
      if (closing_.load()) return;
      if (state.failed) {
        // A hostile standalone stream is not reopened: the requests' own streams still work.
        LogWarn("mcp: " + state.failed->message);
        return;
      }
      if (head && (head->status != 200 || !state.sse)) return;
      failures = (head && state.events > 0) ? 0 : failures + 1;
      if (!state.last_event_id.empty()) last_event_id = state.last_event_id;
      if (state.retry_ms >= 0) retry_ms = state.retry_ms;
      if (!SleepUnlessClosing(retry_ms >= 0 ? Millis(retry_ms) : options_.default_retry)) return;
    }
  }

  bool SleepUnlessClosing(Millis delay) {
    std::unique_lock<std::mutex> lock(mu_);
    return !wake_.wait_for(lock, delay, [this] { return closing_.load(); });
  }

  void Fail(const Json& id, const Error& error) {
    if (closing_.load()) return;
    if (handlers_.on_request_failed) handlers_.on_request_failed(id, error);
  }

  HttpOptions options_;
  net::Client http_;
  net::Url url_;
  TransportHandlers handlers_;
  mutable std::mutex mu_;
  std::mutex reinit_mu_;
  std::condition_variable wake_;
  std::string session_id_;
  std::string protocol_version_;
  Json init_message_;
  int reinit_count_ = 0;
  std::list<Worker> workers_;
  std::atomic<bool> closing_{false};
  std::atomic<bool> get_stream_started_{false};
  std::map<std::string, std::shared_ptr<std::atomic<bool>>> request_cancels_;  // 2026-07-28 requests in flight
  HeaderHook header_hook_;
};

}  // namespace

std::unique_ptr<Transport> MakeStreamableHttpTransport(HttpOptions options) {
  return std::make_unique<StreamableHttpTransport>(std::move(options));
}

}  // namespace ab::mcp
