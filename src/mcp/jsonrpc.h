// The JSON-RPC 2.0 core, written once for every transport: allocates request ids, matches answers to waiting
// callers, routes notifications, and answers requests the server sends to us. Thread-safe: Call() may run on many
// threads at once; incoming messages arrive on the transport's reader threads.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <variant>

#include "base/duration.h"
#include "base/json.h"
#include "base/result.h"
#include "mcp/transport.h"

namespace ab::mcp {

/// JSON-RPC error codes used on the wire.
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
/// 2026-07-28: the server does not speak the requested protocol version; data.supported lists the ones it does.
inline constexpr int kUnsupportedProtocolVersion = -32022;
/// 2026-07-28 (Streamable HTTP): the Mcp-* headers are missing or do not match the body.
inline constexpr int kHeaderMismatch = -32020;
/// 2026-07-28: the request needs a client capability that was not declared.
inline constexpr int kMissingRequiredClientCapability = -32021;

/// An error a request handler returns; becomes {"error":{code,message,data?}}.
struct RpcFailure {
  int code = kInternalError;
  std::string message;
  Json data;  ///< omitted when null
};

/// One JSON-RPC endpoint over a Transport. |transport| must outlive the peer.
class RpcPeer {
 public:
  /// Answers a request from the server: a result, or an RpcFailure.
  using RequestHandler = std::function<std::variant<Json, RpcFailure>(const std::string& method, const Json& params)>;
  using NotificationHandler = std::function<void(const std::string& method, const Json& params)>;

  explicit RpcPeer(Transport& transport);
  ~RpcPeer();
  RpcPeer(const RpcPeer&) = delete;
  RpcPeer& operator=(const RpcPeer&) = delete;

  /// Handlers must be set before Start(). Without a request handler, `ping` gets {} and everything else -32601.
  void set_request_handler(RequestHandler handler) { request_handler_ = std::move(handler); }
  void set_notification_handler(NotificationHandler handler) { notification_handler_ = std::move(handler); }
  /// Server requests with these methods are answered on one worker thread, in arrival order, instead of on the
  /// transport's reader: an answer that takes long (a model call for sampling/createMessage, an elicitation) must
  /// not hold up the answers and notifications that arrive behind it. At most kMaxQueuedServerRequests wait; one
  /// more is refused at once with an error naming the limit. Set before Start().
  void set_worker_methods(std::set<std::string> methods) { worker_methods_ = std::move(methods); }
  static constexpr size_t kMaxQueuedServerRequests = 32;
  /// Stops answering server requests on the worker: the queued ones are dropped unanswered (the connection is
  /// going away) and this returns once the one being answered is done. The owner calls it before the state its
  /// request handler uses is destroyed; the destructor calls it too. Idempotent.
  void StopServerRequests();

  /// Starts the transport with this peer's handlers.
  [[nodiscard]] Status Start();

  /// Sends a request and waits for its answer. Errors: kRpcError (error answer; message "code N: text"),
  /// kTimeout (nothing within |timeout|; notifications/cancelled was sent), kCancelled (|*cancel| became true;
  /// also sends notifications/cancelled), kUnavailable (connection closed before the answer).
  [[nodiscard]] Result<Json> Call(const std::string& method, Json params, Millis timeout,
                                  const std::atomic<bool>* cancel = nullptr, bool cancellable = true);
  /// Call() that hands back the whole answer object ({"result":..} or {"error":..}) instead of turning an error
  /// answer into kRpcError, for callers that act on an error's code and data (-32022 lists supported versions).
  /// The other errors are Call()'s.
  [[nodiscard]] Result<Json> CallForResponse(const std::string& method, Json params, Millis timeout,
                                             const std::atomic<bool>* cancel = nullptr, bool cancellable = true);
  /// The kRpcError Call() makes of an error answer: "code N: text (data: ..)", redacted.
  static Error ErrorFromResponse(const Json& response);
  /// Called once with the whole answer to an Open() request, or with the failure that ends it (closed connection,
  /// HTTP error on its stream).
  using AnswerHandler = std::function<void(int64_t id, Result<Json> response)>;
  /// Sends a request without waiting for its answer, for one that stays open for the whole session
  /// (subscriptions/listen). |on_id| gets the request's id before it is sent, so a notification naming that id is
  /// recognised even when it arrives before this returns. |on_answer| runs on a transport thread (or inside this
  /// call, for a transport that answers at once), unless Abandon(id) came first. The send gives up at |deadline|.
  /// Errors: the connection is closed, or the send failed (then |on_answer| is never called).
  [[nodiscard]] Result<int64_t> Open(const std::string& method, Json params, const std::function<void(int64_t)>& on_id,
                                     AnswerHandler on_answer, std::chrono::steady_clock::time_point deadline);
  /// Forgets the Open() request |id|: a late answer is dropped and |on_answer| is not called after this returns,
  /// except by a call already running on another thread.
  void Abandon(int64_t id);
  /// Sends a notification (no answer expected).
  [[nodiscard]] Status Notify(const std::string& method, Json params);

  /// False once the transport reported the connection closed.
  bool alive() const { return !closed_.load(); }
  /// Why the connection closed (empty message while alive).
  Error close_reason() const;
  /// Feeds one incoming message (object or batch array); the transport's on_message lands here.
  void HandleMessage(Json message);
  /// Marks the connection closed and fails every waiting Call() with |reason|; the transport's on_closed lands
  /// here. Only the first reason is kept.
  void HandleClosed(const Error& reason);

 private:
  struct Pending;
  void HandleResponse(const Json& message);
  void HandleServerRequest(const Json& message);
  void AnswerServerRequest(const Json& message);
  void SendReply(const Json& id, const std::string& method, const std::variant<Json, RpcFailure>& outcome);
  void WorkerLoop();
  void FailOne(const Json& id, const Error& reason);
  void FailAll(const Error& reason);

  Transport& transport_;
  RequestHandler request_handler_;
  NotificationHandler notification_handler_;
  mutable std::mutex mu_;
  int64_t next_id_ = 1;
  std::map<int64_t, std::shared_ptr<Pending>> pending_;
  std::atomic<bool> closed_{false};
  Error close_reason_;

  std::set<std::string> worker_methods_;
  std::mutex work_mu_;
  std::condition_variable work_cv_;
  std::deque<Json> work_;      // server requests waiting for the worker, under work_mu_
  bool work_stopped_ = false;  // under work_mu_
  std::thread worker_;         // started with the first deferred request
};

}  // namespace ab::mcp
