// Model calls of the generator, the explorer and the AI summary: one place that sends a conversation, counts the
// calls, the tokens and the cost, and enforces the token budget (`max_tokens`), and that reads the JSON a model
// was asked to answer with.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/result.h"
#include "base/transcript.h"
#include "llm/provider.h"

namespace ab::gen {

class ModelCaller {
 public:
  /// |provider| must outlive the caller. |max_tokens| is the budget of every call together (0 = unlimited).
  ModelCaller(llm::Provider& provider, long long max_tokens, std::optional<long long> seed,
              const std::atomic<bool>* cancel);

  /// Sends |messages| (without tools), appends the reply and returns its text. Errors: the provider's, and
  /// kCancelled when the budget was already spent or the run was interrupted. Bounded by 180 s.
  Result<std::string> Ask(std::vector<llm::Message>& messages, std::optional<int> max_reply_tokens = std::nullopt);
  /// Adds tokens spent elsewhere (an agent run of the explorer) to the budget.
  void Charge(const Usage& usage);

  bool exhausted() const { return max_tokens_ > 0 && usage_.total() >= max_tokens_; }
  long long max_tokens() const { return max_tokens_; }
  const Usage& usage() const { return usage_; }
  int calls() const { return calls_; }
  /// "3 model calls, 1234 tokens, $0.0012" (cost only when known).
  std::string Summary() const;

 private:
  llm::Provider& provider_;
  long long max_tokens_;
  std::optional<long long> seed_;
  const std::atomic<bool>* cancel_;
  Usage usage_;
  int calls_ = 0;
};

/// A message of |role| with |text|.
llm::Message Msg(llm::Role role, std::string text);

/// The JSON object in a model's answer: the whole text, a ```json fenced block, or the first {...} that parses.
/// kModel when there is none. Bounded by ParseJson's limits.
Result<Json> ExtractJsonObject(const std::string& text);

}  // namespace ab::gen
