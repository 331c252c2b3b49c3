// A scripted provider for unit tests: returns canned replies in order and records every request it was sent.
#pragma once

#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "llm/provider.h"

namespace ab::fakes {

class FakeProvider : public llm::Provider {
 public:
  explicit FakeProvider(std::string model = "fake-model") : model_(std::move(model)) {}

  /// Queues a reply: a final text answer.
  void AddText(std::string text, int prompt_tokens = 10, int completion_tokens = 5) {
    llm::ChatResponse r;
    r.message.role = llm::Role::kAssistant;
    r.message.text = std::move(text);
    r.usage.prompt_tokens = prompt_tokens;
    r.usage.completion_tokens = completion_tokens;
    r.stop_reason = "stop";
    replies_.push_back(std::move(r));
  }
  /// Queues a reply asking for tool calls: {name, arguments JSON text}.
  void AddToolCalls(const std::vector<std::pair<std::string, std::string>>& calls, std::string text = "") {
    llm::ChatResponse r;
    r.message.role = llm::Role::kAssistant;
    r.message.text = std::move(text);
    int i = 0;
    for (const auto& [name, args] : calls) {
      llm::ToolCallRequest c;
      c.id = "call_" + std::to_string(++counter_) + "_" + std::to_string(i++);
      c.name = name;
      c.arguments_raw = args;
      Json parsed = Json::parse(args, nullptr, false);
      c.arguments_valid = !parsed.is_discarded() && parsed.is_object();
      c.arguments = c.arguments_valid ? parsed : Json::object();
      r.message.tool_calls.push_back(std::move(c));
    }
    r.usage.prompt_tokens = 20;
    r.usage.completion_tokens = 8;
    r.stop_reason = "tool_calls";
    replies_.push_back(std::move(r));
  }
  /// Queues an error.
  void AddError(ErrorCode code, std::string message) {
    errors_at_[replies_.size() + errors_at_.size()] = {code, message};
  }

  Result<llm::ChatResponse> Complete(const llm::ChatRequest& request, const llm::CallOptions&) override {
    std::lock_guard<std::mutex> lock(mu_);
    requests.push_back(request);
    size_t index = served_++;
    if (auto it = errors_at_.find(index); it != errors_at_.end()) return it->second;
    if (replies_.empty()) return Error(ErrorCode::kModel, "fake provider has no more replies");
    auto r = replies_.front();
    replies_.pop_front();
    r.latency_ms = 1;
    return r;
  }
  const std::string& model() const override { return model_; }

  std::vector<llm::ChatRequest> requests;

 private:
  std::string model_;
  std::deque<llm::ChatResponse> replies_;
  std::map<size_t, Error> errors_at_;
  size_t served_ = 0;
  int counter_ = 0;
  std::mutex mu_;
};

}  // namespace ab::fakes
