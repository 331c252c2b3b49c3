// A scripted Transport for JSON-RPC tests: records what the client sent and lets the test deliver messages as
// if the server had sent them (from any thread).
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

#include "mcp/transport.h"

namespace ab::mcp::testing {

class FakeTransport : public Transport {
 public:
  Status Start(TransportHandlers handlers) override {
    handlers_ = std::move(handlers);
    return Status::Ok();
  }
  Status Send(const Json& message) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      sent_.push_back(message);
      cv_.notify_all();
    }
    if (responder) {
      Json answer = responder(message);
      if (!answer.is_null()) Deliver(answer);
    }
    return Status::Ok();
  }

  /// When set, called for every sent message; a non-null return is delivered back at once (a scripted server).
  std::function<Json(const Json& sent)> responder;
  void Close() override {}

  /// Delivers |message| as if it came from the server.
  void Deliver(const Json& message) { handlers_.on_message(message); }
  void CloseFromServer(const Error& reason) { handlers_.on_closed(reason); }
  void FailRequest(const Json& id, const Error& reason) { handlers_.on_request_failed(id, reason); }

  /// Waits until at least |count| messages were sent; returns a copy of them.
  std::vector<Json> WaitSent(size_t count, int timeout_ms = 5000) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return sent_.size() >= count; });
    return sent_;
  }
  std::vector<Json> sent() {
    std::lock_guard<std::mutex> lock(mu_);
    return sent_;
  }

 private:
  TransportHandlers handlers_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Json> sent_;
};

}  // namespace ab::mcp::testing
