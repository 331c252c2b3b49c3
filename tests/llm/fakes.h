// Fakes for the LLM layer's seams: a scripted, recording HttpClient and a manual Clock whose sleeps advance
// time instantly (so minute-long rate-limit waits take no real time).
#pragma once

#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "llm/chat.h"
#include "llm/clock.h"
#include "llm/http_client.h"

namespace ab::llm::testing {

class FakeHttpClient final : public HttpClient {
 public:
  /// Queues a reply; when the queue is empty the last reply repeats.
  void Reply(int status, std::string body, HttpHeaders headers = {}) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    replies_.push_back(Result<HttpResponse>(std::move(r)));
  }
  void Fail(ErrorCode code, std::string message) {
    replies_.push_back(Result<HttpResponse>(Error(code, std::move(message))));
  }

  Result<HttpResponse> Send(const HttpRequest& request) override {
    std::lock_guard<std::mutex> lock(mu_);
    sent.push_back(request);
    if (replies_.empty()) return Error(ErrorCode::kInternal, "FakeHttpClient: no reply queued");
    Result<HttpResponse> r = replies_.front();
    if (replies_.size() > 1) replies_.pop_front();
    return r;
  }

  std::vector<HttpRequest> sent;

 private:
  std::mutex mu_;
  std::deque<Result<HttpResponse>> replies_;
};

class FakeClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point Now() override {
    std::lock_guard<std::mutex> lock(mu_);
    return start_ + elapsed_;
  }
  int64_t WallMs() override {
    std::lock_guard<std::mutex> lock(mu_);
    return wall_start_ms + std::chrono::duration_cast<std::chrono::milliseconds>(elapsed_).count();
  }
  void SleepFor(std::chrono::milliseconds d) override {
    std::lock_guard<std::mutex> lock(mu_);
    elapsed_ += d;
    slept += d;
  }
  void Advance(std::chrono::milliseconds d) {
    std::lock_guard<std::mutex> lock(mu_);
    elapsed_ += d;
  }
  std::chrono::milliseconds slept{0};
  int64_t wall_start_ms = 1'763'776'889'000;  // 2025-11-22T02:01:29Z

 private:
  std::mutex mu_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::time_point() + std::chrono::hours(1);
  std::chrono::steady_clock::duration elapsed_{0};
};

/// A message with only a role and text.
inline Message Msg(Role role, std::string text) {
  Message m;
  m.role = role;
  m.text = std::move(text);
  return m;
}

/// Reads tests/llm/data/<name>.
std::string ReadData(const std::string& name);

}  // namespace ab::llm::testing
