#include "mcp/jsonrpc.h"

#include <chrono>
#include <utility>
#include <vector>

#include "base/deadline.h"
#include "base/json_dump.h"
#include "base/log.h"
#include "base/redact.h"

namespace ab::mcp {

// One outstanding request. The waiter in Call() and the reader thread that delivers the answer both touch it, and
// either may finish first (a timeout races a late answer), so it is shared between them; the map entry is what
// decides who "owns" the outcome: whoever erases it from pending_ under mu_ is the only one allowed to fill it.
struct RpcPeer::Pending {
  bool done = false;
  std::optional<Json> response;  // the whole response object (result or error)
  std::optional<Error> failure;  // transport-level failure (closed, HTTP error)
  std::condition_variable cv;
  AnswerHandler on_answer;  // Open() requests: nobody waits on |cv|, the answer goes here
};

RpcPeer::RpcPeer(Transport& transport) : transport_(transport) {}

RpcPeer::~RpcPeer() {
  StopServerRequests();
  FailAll(Error(ErrorCode::kUnavailable, "connection closed"));
}

void RpcPeer::StopServerRequests() {
  std::thread worker;
  {
    std::lock_guard<std::mutex> lock(work_mu_);
    work_stopped_ = true;
    work_.clear();
    worker = std::move(worker_);
  }
  work_cv_.notify_all();
  if (!worker.joinable()) return;
  // Called from inside a request handler (the handler closed the client): the loop ends by itself after it.
  if (worker.get_id() == std::this_thread::get_id()) {
    worker.detach();
  } else {
    worker.join();
  }
}

void RpcPeer::WorkerLoop() {
  std::unique_lock<std::mutex> lock(work_mu_);
  for (;;) {
    work_cv_.wait(lock, [&] { return work_stopped_ || !work_.empty(); });
    if (work_stopped_) return;
    Json message = std::move(work_.front());
    work_.pop_front();
    lock.unlock();
    AnswerServerRequest(message);
    lock.lock();
  }
}

Status RpcPeer::Start() {
  TransportHandlers handlers;
  handlers.on_message = [this](Json message) { HandleMessage(std::move(message)); };
  handlers.on_closed = [this](const Error& reason) { HandleClosed(reason); };
  handlers.on_request_failed = [this](const Json& id, const Error& reason) { FailOne(id, reason); };
  return transport_.Start(std::move(handlers));
}

void RpcPeer::HandleClosed(const Error& reason) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_.load()) return;
    close_reason_ = reason;
    closed_.store(true);
  }
  FailAll(reason);
}

Error RpcPeer::close_reason() const {
  std::lock_guard<std::mutex> lock(mu_);
  return close_reason_;
}

Result<Json> RpcPeer::Call(const std::string& method, Json params, Millis timeout, const std::atomic<bool>* cancel,
                           bool cancellable) {
  auto response = CallForResponse(method, std::move(params), timeout, cancel, cancellable);
  if (!response) return response.error();
  if (response->contains("error")) return ErrorFromResponse(*response);
  if (auto it = response->find("result"); it != response->end()) return *it;
  return Error(ErrorCode::kProtocol, method + ": response has neither result nor error");
}

Error RpcPeer::ErrorFromResponse(const Json& response) {
  const Json err = response.is_object() ? response.value("error", Json()) : Json();
  std::string text = "JSON-RPC error";
  if (err.is_object()) {
    // Server-written fields of any type: Json::value() would throw on a string code or a numeric message.
    auto code = err.find("code");
    auto message = err.find("message");
    text = "code " + (code != err.end() && code->is_number() ? code->dump() : std::string("?")) + ": " +
           (message != err.end() && message->is_string() ? message->get<std::string>() : std::string());
    if (err.contains("data") && !err["data"].is_null()) text += " (data: " + DumpJson(err["data"]) + ")";
  }
  return Error(ErrorCode::kRpcError, Redact(text));
}

Result<Json> RpcPeer::CallForResponse(const std::string& method, Json params, Millis timeout,
                                      const std::atomic<bool>* cancel, bool cancellable) {
  auto pending = std::make_shared<Pending>();
  int64_t id = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_.load()) return close_reason_;
    // Ids are integers from 1, unique for the life of the session. The server must echo them exactly; we never
    // reuse one, so a late answer to a timed-out request can never be mistaken for a newer request's answer.
    id = next_id_++;
    pending_[id] = pending;
  }
  Json request = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null()) request["params"] = std::move(params);
  // The deadline covers the send too: a stdio server that stops reading cannot hold the caller past it.
  const auto deadline = DeadlineAfter(timeout);
  if (Status sent = transport_.SendBefore(request, deadline, cancel); !sent.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    pending_.erase(id);
    return sent.error();
  }

  std::unique_lock<std::mutex> lock(mu_);
  while (!pending->done) {
    // Wake up at least every 50 ms to look at |cancel|, which another thread flips without notifying us.
    auto wake = std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(50));
    pending->cv.wait_until(lock, wake);
    if (pending->done) break;
    const bool timed_out = std::chrono::steady_clock::now() >= deadline;
    const bool cancelled = cancel != nullptr && cancel->load();
    if (!timed_out && !cancelled) continue;
    // Give up: erasing the entry under mu_ means a response arriving from now on finds no waiter and is dropped
    // as "late" (the spec says the sender SHOULD ignore it). The server is told with notifications/cancelled so it
    // can stop working; initialize must never be cancelled (spec), hence |cancellable|.
    pending_.erase(id);
    lock.unlock();
    if (cancellable) {
      transport_.CancelRequest(id);
      Json why = timed_out ? Json("timeout after " + FormatDuration(timeout)) : Json("cancelled by the client");
      (void)Notify("notifications/cancelled", Json{{"requestId", id}, {"reason", why}});
    }
    if (timed_out) {
      return Error(ErrorCode::kTimeout, method + ": no answer within " + FormatDuration(timeout));
    }
    return Error(ErrorCode::kCancelled, method + ": cancelled");
  }
  if (pending->failure) return *pending->failure;
  return *pending->response;
}

Result<int64_t> RpcPeer::Open(const std::string& method, Json params, const std::function<void(int64_t)>& on_id,
                              AnswerHandler on_answer, std::chrono::steady_clock::time_point deadline) {
  auto pending = std::make_shared<Pending>();
  pending->on_answer = std::move(on_answer);
  int64_t id = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_.load()) return close_reason_;
    id = next_id_++;
    pending_[id] = pending;
  }
  if (on_id) on_id(id);
  Json request = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null()) request["params"] = std::move(params);
  if (Status sent = transport_.SendBefore(request, deadline, nullptr); !sent.ok()) {
    Abandon(id);
    return sent.error();
  }
  return id;
}

void RpcPeer::Abandon(int64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  pending_.erase(id);
}

Status RpcPeer::Notify(const std::string& method, Json params) {
  Json message = {{"jsonrpc", "2.0"}, {"method", method}};
  if (!params.is_null()) message["params"] = std::move(params);
  return transport_.Send(message);
}

void RpcPeer::HandleMessage(Json message) {
  // Batches (2025-03-26) are just several messages; handle each on its own.
  if (message.is_array()) {
    for (auto& item : message) HandleMessage(std::move(item));
    return;
  }
  if (!message.is_object()) {
    LogWarn("mcp: ignoring a JSON-RPC message that is not an object");
    return;
  }
  // Classify by shape, never by key order (servers send "result" before "jsonrpc" and "id"):
  //   method + id      -> a request from the server, which we must answer or the server hangs;
  //   method, no id    -> a notification;
  //   result/error     -> a response to one of our requests.
  // An id of 0 is a valid id (server-everything uses it), so presence is tested, not truthiness.
  const bool has_method = message.contains("method") && message["method"].is_string();
  const bool has_id = message.contains("id") && !message["id"].is_null();
  if (has_method && has_id) {
    HandleServerRequest(message);
  } else if (has_method) {
    if (notification_handler_) {
      notification_handler_(message["method"].get<std::string>(), message.value("params", Json::object()));
    }
  } else if (message.contains("result") || message.contains("error")) {
    HandleResponse(message);
  } else {
    LogDebug("mcp: ignoring an unrecognised JSON-RPC message");
  }
}

void RpcPeer::HandleResponse(const Json& message) {
  // Only integer ids are ours. A string "5" is not the answer to request 5 (JSON-RPC matches ids exactly), and an
  // id-less response (some servers answer notifications with {"result":{}}) has no waiter: both are dropped.
  const Json& id = message.contains("id") ? message["id"] : Json();
  if (!id.is_number_integer()) {
    if (message.contains("error")) LogDebug("mcp: error response without a usable id: " + DumpJson(message));
    return;
  }
  std::shared_ptr<Pending> pending;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = pending_.find(id.get<int64_t>());
    // Not found: the caller already gave up (timeout/cancel) or the server invented the id. Either way nobody
    // waits for it; answering a timed-out call late would break the promise Call() made to its caller.
    if (it == pending_.end()) return;
    pending = it->second;
    pending_.erase(it);
    pending->response = message;
    pending->done = true;
  }
  if (pending->on_answer) {
    pending->on_answer(id.get<int64_t>(), message);
    return;
  }
  // Notify after filling under the lock: the waiter re-checks |done| under mu_, so no wake-up is lost.
  pending->cv.notify_all();
}

void RpcPeer::HandleServerRequest(const Json& message) {
  const std::string method = message["method"].get<std::string>();
  if (worker_methods_.count(method) == 0) {
    AnswerServerRequest(message);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(work_mu_);
    if (work_stopped_) return;  // closing: nobody is left to answer, and the connection is going away
    if (work_.size() < kMaxQueuedServerRequests) {
      work_.push_back(message);
      if (!worker_.joinable()) worker_ = std::thread([this] { WorkerLoop(); });
      work_cv_.notify_one();
      return;
    }
  }
  SendReply(message["id"], method,
            RpcFailure{kInternalError,
                       "agent-bench refused this request: " + std::to_string(kMaxQueuedServerRequests) +
                           " requests from this server are already waiting for an answer (a fixed limit)",
                       Json()});
}

void RpcPeer::AnswerServerRequest(const Json& message) {
  const std::string method = message["method"].get<std::string>();
  const Json params = message.value("params", Json::object());
  std::variant<Json, RpcFailure> outcome;
  if (request_handler_) {
    outcome = request_handler_(method, params);
  } else if (method == "ping") {
    outcome = Json::object();
  } else {
    outcome = RpcFailure{kMethodNotFound, "Method not found", Json()};
  }
  SendReply(message["id"], method, outcome);
}

void RpcPeer::SendReply(const Json& id, const std::string& method, const std::variant<Json, RpcFailure>& outcome) {
  Json reply = {{"jsonrpc", "2.0"}, {"id", id}};
  if (const auto* result = std::get_if<Json>(&outcome)) {
    reply["result"] = *result;
  } else {
    const RpcFailure& failure = std::get<RpcFailure>(outcome);
    reply["error"] = {{"code", failure.code}, {"message", failure.message}};
    if (!failure.data.is_null()) reply["error"]["data"] = failure.data;
  }
  if (Status sent = transport_.Send(reply); !sent.ok()) {
    LogDebug("mcp: could not answer the server's " + method + ": " + sent.ToString());
  }
}

void RpcPeer::FailOne(const Json& id, const Error& reason) {
  if (!id.is_number_integer()) return;
  std::shared_ptr<Pending> pending;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = pending_.find(id.get<int64_t>());
    if (it == pending_.end()) return;
    pending = it->second;
    pending_.erase(it);
    pending->failure = reason;
    pending->done = true;
  }
  if (pending->on_answer) {
    pending->on_answer(id.get<int64_t>(), reason);
    return;
  }
  pending->cv.notify_all();
}

void RpcPeer::FailAll(const Error& reason) {
  std::vector<std::pair<int64_t, std::shared_ptr<Pending>>> failed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [id, pending] : pending_) {
      pending->failure = reason;
      pending->done = true;
      failed.emplace_back(id, pending);
    }
    pending_.clear();
  }
  for (auto& [id, pending] : failed) {
    if (pending->on_answer) {
      pending->on_answer(id, reason);
    } else {
      pending->cv.notify_all();
    }
  }
}

}  // namespace ab::mcp
