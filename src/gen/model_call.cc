#include "gen/model_call.h"

#include <chrono>
#include <cstdio>

#include "base/json_parse.h"
#include "base/strings.h"

namespace ab::gen {

ModelCaller::ModelCaller(llm::Provider& provider, long long max_tokens, std::optional<long long> seed,
                         const std::atomic<bool>* cancel)
    : provider_(provider), max_tokens_(max_tokens), seed_(seed), cancel_(cancel) {}

Result<std::string> ModelCaller::Ask(std::vector<llm::Message>& messages, std::optional<int> max_reply_tokens) {
  if (cancel_ && cancel_->load()) return Error(ErrorCode::kCancelled, "interrupted");
  if (exhausted())
    return Error(ErrorCode::kCancelled, "the token budget (max_tokens: " + std::to_string(max_tokens_) +
                                            ") is spent: " + std::to_string(usage_.total()) + " tokens used");
  llm::ChatRequest req;
  req.model = provider_.model();
  req.messages = messages;
  req.max_tokens = max_reply_tokens;
  req.seed = seed_;
  llm::CallOptions options;
  options.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(180);
  options.cancel = cancel_;
  ++calls_;
  auto r = provider_.Complete(req, options);
  if (!r) return r.error();
  Charge(r->usage);
  messages.push_back(r->message);
  messages.back().tool_calls.clear();  // asked without tools: a stray call is ignored, its text kept
  return r->message.text;
}

void ModelCaller::Charge(const Usage& usage) { usage_ += usage; }

std::string ModelCaller::Summary() const {
  std::string s = std::to_string(calls_) + " model call" + (calls_ == 1 ? "" : "s") + ", " +
                  std::to_string(usage_.total()) + " tokens";
  if (usage_.cost_usd) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "$%.4f", *usage_.cost_usd);
    s += std::string(", ") + buf;
  }
  return s;
}

llm::Message Msg(llm::Role role, std::string text) {
  llm::Message m;
  m.role = role;
  m.text = std::move(text);
  return m;
}

Result<Json> ExtractJsonObject(const std::string& text) {
  auto try_parse = [](std::string_view s) -> std::optional<Json> {
    auto j = ParseJson(s);
    if (j && j->is_object()) return std::move(*j);
    return std::nullopt;
  };
  const std::string trimmed(Trim(text));
  if (auto j = try_parse(trimmed)) return *j;
  // A fenced block: ```json ... ``` (or a bare ```).
  if (size_t fence = trimmed.find("```"); fence != std::string::npos) {
    size_t start = trimmed.find('\n', fence);
    size_t end = start == std::string::npos ? std::string::npos : trimmed.find("```", start);
    if (end != std::string::npos)
      if (auto j = try_parse(Trim(std::string_view(trimmed).substr(start, end - start)))) return *j;
  }
  // The outermost {...}: from the first '{' to each '}' from the end, at most 64 tries (a long reply full of
  // braces must not cost quadratic time).
  size_t open = trimmed.find('{');
  int tries = 0;
  for (size_t close = trimmed.rfind('}');
       open != std::string::npos && close != std::string::npos && close > open && tries < 64;
       close = close == 0 ? std::string::npos : trimmed.rfind('}', close - 1), ++tries) {
    if (auto j = try_parse(std::string_view(trimmed).substr(open, close - open + 1))) return *j;
  }
  return Error(ErrorCode::kModel, "the answer holds no JSON object: " + Truncate(trimmed, 160));
}

}  // namespace ab::gen
