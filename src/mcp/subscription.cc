#include "mcp/subscription.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "base/log.h"
#include "base/redact.h"
#include "base/strings.h"

namespace ab::mcp {
namespace {

constexpr const char* kListenMethod = "subscriptions/listen";
constexpr const char* kAcknowledged = "notifications/subscriptions/acknowledged";

// The subscription id a notification names in its _meta, or null.
const Json* SubscriptionIdOf(const Json& params) {
  if (!params.is_object()) return nullptr;
  auto meta = params.find("_meta");
  if (meta == params.end() || !meta->is_object()) return nullptr;
  auto id = meta->find(kMetaSubscriptionId);
  return id == meta->end() || id->is_null() ? nullptr : &*id;
}

// "{toolsListChanged}": the filter fields an acknowledgement agreed to, in the schema's order.
std::string AgreedSet(const Json& params) {
  std::vector<std::string> agreed;
  const Json* filter = nullptr;
  if (params.is_object()) {
    auto it = params.find("notifications");
    if (it != params.end() && it->is_object()) filter = &*it;
  }
  if (filter != nullptr) {
    for (const char* key : {"toolsListChanged", "promptsListChanged", "resourcesListChanged"}) {
      auto it = filter->find(key);
      if (it != filter->end() && it->is_boolean() && it->get<bool>()) agreed.emplace_back(key);
    }
    auto uris = filter->find("resourceSubscriptions");
    if (uris != filter->end() && uris->is_array() && !uris->empty()) agreed.emplace_back("resourceSubscriptions");
  }
  return "{" + Join(agreed, ", ") + "}";
}

bool IsUnrequestedType(const std::string& method) {
  return method == "notifications/prompts/list_changed" || method == "notifications/resources/list_changed" ||
         method == "notifications/resources/updated";
}

}  // namespace

ListenSubscription::ListenSubscription(RpcPeer& peer, Transport& transport, std::string server_name,
                                       ListenOptions options)
    : peer_(peer), transport_(transport), server_name_(std::move(server_name)), options_(options) {}

ListenSubscription::~ListenSubscription() { Close(); }

void ListenSubscription::Start(std::function<Json()> meta) {
  std::lock_guard<std::mutex> lock(mu_);
  if (closing_ || state_ != State::kIdle) return;
  meta_ = std::move(meta);
  state_ = State::kOpening;
  thread_ = std::thread([this] { Run(); });
}

void ListenSubscription::WaitSettled(Millis timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, timeout, [this] {
    return closing_ || ever_acknowledged_ || state_ == State::kRefused || state_ == State::kGivenUp;
  });
}

void ListenSubscription::MarkNotOffered() {
  std::lock_guard<std::mutex> lock(mu_);
  if (state_ != State::kIdle) return;
  state_ = State::kNotOffered;
  status_ = "not offered";
}

bool ListenSubscription::OpenOnce() {
  Json params = {{"_meta", meta_ ? meta_() : Json::object()}, {"notifications", {{"toolsListChanged", true}}}};
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closing_) return false;
    state_ = State::kOpening;
    ended_.reset();
    refused_ = false;
    flooded_ = false;
    recent_.clear();
    ack_deadline_ = std::chrono::steady_clock::now() + options_.send_timeout + options_.ack_timeout;
  }
  auto opened = peer_.Open(
      kListenMethod, std::move(params),
      [this](int64_t id) {
        std::lock_guard<std::mutex> lock(mu_);
        current_id_ = id;
      },
      [this](int64_t id, Result<Json> response) { OnAnswer(id, std::move(response)); },
      std::chrono::steady_clock::now() + options_.send_timeout);
  std::lock_guard<std::mutex> lock(mu_);
  if (opened) {
    ack_deadline_ = std::chrono::steady_clock::now() + options_.ack_timeout;  // counted from the sent request
    return true;
  }
  current_id_ = 0;
  if (closing_) return false;
  state_ = State::kGivenUp;
  const std::string why = "could not send " + std::string(kListenMethod) + ": " + opened.error().message;
  status_ = status_.empty() || !ever_acknowledged_ ? "given up: " + why : status_ + "; then " + why;
  return false;
}

void ListenSubscription::OnAnswer(int64_t id, Result<Json> response) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (id != current_id_ || closing_) return;
    refused_ = false;
    if (!response) {
      ended_ = response.error().message;
    } else if (response->is_object() && response->contains("error")) {
      ended_ = RpcPeer::ErrorFromResponse(*response).message;
      refused_ = true;
    } else {
      ended_ = "the server ended it (" + std::string(kListenMethod) + " result)";
    }
    retired_id_ = id;
    current_id_ = 0;
  }
  cv_.notify_all();
}

void ListenSubscription::Run() {
  // Whatever ends this thread's work, WaitSettled() learns it at once.
  struct NotifyOnExit {
    std::condition_variable& cv;
    ~NotifyOnExit() { cv.notify_all(); }
  } notify{cv_};
  for (;;) {
    if (!OpenOnce()) return;
    std::unique_lock<std::mutex> lock(mu_);
    while (!closing_ && !ended_ && !(state_ == State::kOpening && std::chrono::steady_clock::now() >= ack_deadline_)) {
      if (state_ == State::kOpening) {
        cv_.wait_until(lock, ack_deadline_);
      } else {
        cv_.wait(lock);
      }
    }
    if (closing_) return;
    if (!ended_) {
      state_ = State::kGivenUp;
      status_ = "given up: no " + std::string(kAcknowledged) + " within " + FormatDuration(options_.ack_timeout);
      lock.unlock();
      LogWarn("mcp[" + server_name_ + "]: " + std::string(kListenMethod) + " " + status_ +
              "; tool list changes from this server are not followed");
      EndCurrent("not acknowledged");
      return;
    }
    const std::string why = *ended_;
    if (flooded_) {
      state_ = State::kGivenUp;
      status_ = "closed: " + why;
      lock.unlock();
      LogWarn("mcp[" + server_name_ + "]: " + std::string(kListenMethod) + " " + status_);
      EndCurrent("flood limit");
      return;
    }
    if (!ever_acknowledged_) {
      // An error answer (-32601 from a server without subscriptions), or a stream that failed before any
      // acknowledgement (an HTTP error, a limit): asking again would only repeat it.
      state_ = State::kRefused;
      status_ = (refused_ ? "refused: " : "given up: ") + why;
      lock.unlock();
      LogInfo("mcp[" + server_name_ + "]: " + std::string(kListenMethod) + " " + Redact(status_) +
              "; tool list changes from this server are not followed");
      return;
    }
    if (!peer_.alive()) {
      state_ = State::kGivenUp;
      status_ += "; ended with the connection";
      return;
    }
    if (reopens_ >= options_.max_reopens) {
      state_ = State::kGivenUp;
      status_ = "given up: the server ended the subscription " + std::to_string(reopens_ + 1) + " times (last: " + why +
                "); reopen limit " + std::to_string(options_.max_reopens);
      lock.unlock();
      LogWarn("mcp[" + server_name_ + "]: " + std::string(kListenMethod) + " " + Redact(status_));
      return;
    }
    Millis delay = options_.first_backoff;
    for (int i = 0; i < reopens_ && delay < options_.max_backoff; ++i) delay *= 2;
    delay = std::min(delay, options_.max_backoff);
    ++reopens_;
    state_ = State::kBackoff;
    lock.unlock();
    LogInfo("mcp[" + server_name_ + "]: " + std::string(kListenMethod) + " ended (" + Redact(why) + "); reopening in " +
            FormatDuration(delay));
    if (!SleepUnlessClosing(delay)) return;
  }
}

bool ListenSubscription::SleepUnlessClosing(Millis delay) {
  std::unique_lock<std::mutex> lock(mu_);
  return !cv_.wait_for(lock, delay, [this] { return closing_; });
}

void ListenSubscription::EndCurrent(const std::string& reason) {
  int64_t id = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    id = current_id_;
    if (id != 0) retired_id_ = id;
    current_id_ = 0;
  }
  if (id == 0) return;
  peer_.Abandon(id);
  if (transport_.is_streamable_http()) {
    // 2026-07-28 over HTTP: closing the request's stream is the cancellation.
    transport_.CancelRequest(id);
    return;
  }
  if (!peer_.alive()) return;
  Json cancel = {
      {"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", id}, {"reason", reason}}}};
  // Bounded: a server that stopped reading its input must not hold the client's shutdown.
  (void)transport_.SendBefore(cancel, std::chrono::steady_clock::now() + options_.send_timeout, nullptr);
}

ListenSubscription::Route ListenSubscription::Classify(const std::string& method, const Json& params) {
  if (method == "notifications/cancelled") {
    // On stdio the server ends a subscription by cancelling the listen request's id.
    auto request = params.is_object() ? params.find("requestId") : Json::const_iterator();
    if (!params.is_object() || request == params.end() || !request->is_number_integer()) return Route::kNotMine;
    int64_t id = 0;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (current_id_ == 0 || request->get<int64_t>() != current_id_) return Route::kNotMine;
      id = current_id_;
      std::string reason = params.contains("reason") && params["reason"].is_string()
                               ? Truncate(params["reason"].get<std::string>(), 200)
                               : std::string();
      ended_ = "the server cancelled it" + (reason.empty() ? std::string() : " (" + reason + ")");
      retired_id_ = id;
      current_id_ = 0;
    }
    peer_.Abandon(id);
    cv_.notify_all();
    return Route::kDrop;
  }
  const Json* sub = SubscriptionIdOf(params);
  if (sub == nullptr) return Route::kNotMine;
  std::unique_lock<std::mutex> lock(mu_);
  // Ids are our integers; a string "5" is not subscription 5 (JSON-RPC ids match exactly).
  const bool ours = current_id_ != 0 && sub->is_number_integer() && sub->get<int64_t>() == current_id_;
  if (!ours) {
    if (sub->is_number_integer() && retired_id_ != 0 && sub->get<int64_t>() == retired_id_) {
      return Route::kDrop;  // a late one for the subscription we just ended
    }
    if (++foreign_ == 1) {
      lock.unlock();
      LogWarn("mcp[" + server_name_ + "]: ignoring " + Truncate(method, 100) +
              " for a subscription this client did not open (" + Truncate(sub->dump(), 40) + ")");
    }
    return Route::kDrop;
  }
  if (method == kAcknowledged) {
    agreed_ = AgreedSet(params);
    if (state_ == State::kOpening) state_ = State::kOpen;
    const bool reopened = ever_acknowledged_;
    if (!ever_acknowledged_) {
      status_ = "acknowledged " + agreed_;
      if (agreed_.find("toolsListChanged") == std::string::npos) status_ += " (toolsListChanged not agreed)";
    }
    ever_acknowledged_ = true;
    lock.unlock();
    cv_.notify_all();
    return reopened ? Route::kResync : Route::kDrop;
  }
  if (flooded_) return Route::kDrop;
  const auto now = std::chrono::steady_clock::now();
  recent_.push_back(now);
  while (!recent_.empty() && now - recent_.front() > options_.flood_window) recent_.pop_front();
  if (recent_.size() > static_cast<size_t>(options_.flood_limit)) {
    flooded_ = true;
    recent_.clear();
    ended_ = "more than " + std::to_string(options_.flood_limit) + " notifications within " +
             FormatDuration(options_.flood_window) + " (flood limit)";
    lock.unlock();
    cv_.notify_all();
    return Route::kDrop;
  }
  if (method == "notifications/tools/list_changed") return Route::kAccept;
  if (IsUnrequestedType(method)) {
    ++unrequested_;
    return Route::kDrop;  // the server MUST NOT send what was not asked for
  }
  return Route::kNotMine;  // e.g. a log message carried on the stream
}

std::string ListenSubscription::Record() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out = status_;
  if (out.empty() && (state_ == State::kOpening || state_ == State::kBackoff)) out = "opening";
  auto note = [&](const std::string& text) { out += (out.empty() ? "" : "; ") + text; };
  if (reopens_ > 0) note("reopened " + std::to_string(reopens_) + " time(s)");
  if (foreign_ > 0) note(std::to_string(foreign_) + " notification(s) for another subscription ignored");
  if (unrequested_ > 0) note(std::to_string(unrequested_) + " notification(s) of a type not asked for ignored");
  return out;
}

void ListenSubscription::Close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closing_) return;
    closing_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  EndCurrent("the client is closing");
  std::lock_guard<std::mutex> lock(mu_);
  if (state_ == State::kOpening || state_ == State::kOpen || state_ == State::kBackoff) state_ = State::kClosed;
}

}  // namespace ab::mcp
