// The 2026-07-28 `subscriptions/listen` subscription: how a stateless server tells the client its tool list changed
// (it replaces the 2025-11-25 GET stream and the notifications stdio servers send unasked). One long-lived request
// whose JSON-RPC id names the subscription: the server acknowledges it first
// (notifications/subscriptions/acknowledged), then sends only the notification types asked for, each carrying
// _meta["io.modelcontextprotocol/subscriptionId"] = that id. Over Streamable HTTP it is a POST whose event stream
// stays open (its own connection); over stdio its notifications are interleaved with every other message.
//
// Every way a server can misbehave is bounded and recorded, never a crash or a hang: no acknowledgement within
// ack_timeout, notifications for another subscription, notification types not asked for, a flood, a subscription
// dropped again and again (reopened with backoff, max_reopens times), a refusal (-32601 or any error answer).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "base/duration.h"
#include "base/json.h"
#include "base/result.h"
#include "mcp/jsonrpc.h"
#include "mcp/transport.h"

namespace ab::mcp {

/// The _meta key that names the subscription a notification belongs to (the listen request's JSON-RPC id).
inline constexpr const char* kMetaSubscriptionId = "io.modelcontextprotocol/subscriptionId";

struct ListenOptions {
  bool enabled = true;        ///< open subscriptions/listen when a 2026-07-28 server offers tools.listChanged
  Millis ack_timeout{10000};  ///< the acknowledgement must arrive within this, or the subscription is given up
  int max_reopens = 5;        ///< reopen attempts per connection after the server ended or dropped it
  Millis first_backoff{500};  ///< wait before the first reopen, doubled each time up to max_backoff
  Millis max_backoff{8000};
  int flood_limit = 100;  ///< more notifications than this within flood_window closes the subscription
  Millis flood_window{1000};
  Millis send_timeout{2000};  ///< bounds sending the listen request and the closing notifications/cancelled
  /// Connect waits this long for the first acknowledgement, so a change the first tool call makes is not missed
  /// because the subscription was not open yet; a server that never acknowledges costs this once.
  Millis connect_wait{2000};
};

/// One client's listen subscription. Thread-safe; Close() before the RpcPeer goes away.
class ListenSubscription {
 public:
  /// What the client does with an incoming notification.
  enum class Route {
    kNotMine,  ///< not about a subscription: handle it as before
    kAccept,   ///< a notification of ours that was asked for: handle it
    kDrop,     ///< consumed here (the acknowledgement, the server ending it) or refused (foreign id, not asked for)
    kResync,   ///< a reopened subscription was acknowledged: a change may have been missed meanwhile, list again
  };

  ListenSubscription(RpcPeer& peer, Transport& transport, std::string server_name, ListenOptions options);
  ~ListenSubscription();
  ListenSubscription(const ListenSubscription&) = delete;
  ListenSubscription& operator=(const ListenSubscription&) = delete;

  /// Opens the subscription (toolsListChanged) on a thread of its own, which reopens it when dropped. |meta| gives
  /// each listen request's _meta (protocol version, client capabilities and info). Called at most once.
  void Start(std::function<Json()> meta);
  /// Waits up to |timeout| for the first answer to Start(): acknowledged, refused or given up.
  void WaitSettled(Millis timeout);
  /// Records that the server offers no tools.listChanged, so no subscription is opened.
  void MarkNotOffered();
  /// Classifies one notification (called on the transport's reader thread; never blocks for long).
  Route Classify(const std::string& method, const Json& params);
  /// What became of the subscription, for the transcript: "acknowledged {toolsListChanged}", "refused: <reason>",
  /// "not offered", "given up: ..."; notes on ignored notifications follow after "; ". Empty: never applicable.
  std::string Record() const;
  /// Ends the subscription (stdio: notifications/cancelled; HTTP: closes its stream) without waiting for the
  /// server. Idempotent.
  void Close();

 private:
  enum class State { kIdle, kNotOffered, kOpening, kOpen, kBackoff, kRefused, kGivenUp, kClosed };
  void Run();
  /// Sends one listen request; false when it could not be sent (recorded).
  bool OpenOnce();
  void OnAnswer(int64_t id, Result<Json> response);
  /// Forgets the current request and tells the server (stdio: notifications/cancelled, HTTP: stream closed).
  void EndCurrent(const std::string& reason);
  bool SleepUnlessClosing(Millis delay);

  RpcPeer& peer_;
  Transport& transport_;
  const std::string server_name_;
  const ListenOptions options_;
  std::function<Json()> meta_;
  std::thread thread_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  State state_ = State::kIdle;
  bool closing_ = false;
  int64_t current_id_ = 0;  // the open listen request (0: none)
  int64_t retired_id_ = 0;  // the one before, whose late notifications are dropped quietly
  bool ever_acknowledged_ = false;
  std::chrono::steady_clock::time_point ack_deadline_;
  std::optional<std::string> ended_;  // why the current request ended (answer, failure, server cancel, flood)
  bool refused_ = false;              // |ended_| is an error answer (not a transport failure)
  bool flooded_ = false;
  std::string agreed_;  // "{toolsListChanged}" as the server acknowledged it
  std::string status_;  // the record's first part
  int reopens_ = 0;
  long long foreign_ = 0;                                     // notifications naming another subscription id
  long long unrequested_ = 0;                                 // notification types we did not ask for
  std::deque<std::chrono::steady_clock::time_point> recent_;  // arrival times within flood_window
};

}  // namespace ab::mcp
