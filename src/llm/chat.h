// The neutral chat model every provider speaks. Vendor JSON never leaves the provider file that translates it;
// the agent loop only sees these structs.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/transcript.h"

namespace ab::llm {

enum class Role { kSystem, kUser, kAssistant, kTool };

struct ToolSpec {
  std::string name;
  std::string description;
  Json parameters = Json::object();  ///< JSON Schema of the arguments, as the MCP server gave it
};

/// The tools offered to the model. Copies share one immutable list (a copy is a pointer copy), and each dialect's
/// serialized form of the list is made once and cached with it, so the tool schemas are not rebuilt every turn.
/// Changing a list (push_back, clear) gives it a fresh copy with an empty cache; copies taken earlier keep the
/// old list and its cache. Reading and Serialized() are thread-safe.
class ToolList {
 public:
  ToolList() = default;
  ToolList(std::vector<ToolSpec> specs);  // NOLINT(google-explicit-constructor): a list of specs is a tool list
  ToolList(std::initializer_list<ToolSpec> specs) : ToolList(std::vector<ToolSpec>(specs)) {}

  size_t size() const { return data_ ? data_->specs.size() : 0; }
  bool empty() const { return size() == 0; }
  const ToolSpec& operator[](size_t i) const { return data_->specs[i]; }
  std::vector<ToolSpec>::const_iterator begin() const { return specs().begin(); }
  std::vector<ToolSpec>::const_iterator end() const { return specs().end(); }
  const std::vector<ToolSpec>& specs() const;

  void push_back(ToolSpec spec);
  void clear() { data_.reset(); }

  /// The list serialized for |dialect| by |render|, which runs once per list and dialect; later calls (from any
  /// copy, any thread) return the cached text.
  const std::string& Serialized(const std::string& dialect,
                                const std::function<std::string(const std::vector<ToolSpec>&)>& render) const;
  /// How many times a render function ran for this list (all dialects): lets tests see the cache work.
  int renders() const;

 private:
  struct Data {
    std::vector<ToolSpec> specs;
    std::mutex mu;
    std::map<std::string, std::string> serialized;  // by dialect; nodes never move, so references stay valid
    int renders = 0;
  };
  std::shared_ptr<Data> data_;
};

// Inline: the agent layer uses the chat model without linking the providers.
inline ToolList::ToolList(std::vector<ToolSpec> specs) {
  if (specs.empty()) return;
  data_ = std::make_shared<Data>();
  data_->specs = std::move(specs);
}

inline const std::vector<ToolSpec>& ToolList::specs() const {
  static const std::vector<ToolSpec> kNone;
  return data_ ? data_->specs : kNone;
}

inline void ToolList::push_back(ToolSpec spec) {
  // Never modify a list that copies may share, nor keep a cache that no longer matches: copy, then add.
  std::vector<ToolSpec> specs = this->specs();
  specs.push_back(std::move(spec));
  *this = ToolList(std::move(specs));
}

inline const std::string& ToolList::Serialized(
    const std::string& dialect, const std::function<std::string(const std::vector<ToolSpec>&)>& render) const {
  static const std::string kEmpty;
  if (!data_) return kEmpty;
  std::lock_guard<std::mutex> lock(data_->mu);
  auto it = data_->serialized.find(dialect);
  if (it == data_->serialized.end()) {
    ++data_->renders;
    it = data_->serialized.emplace(dialect, render(data_->specs)).first;
  }
  return it->second;
}

inline int ToolList::renders() const {
  if (!data_) return 0;
  std::lock_guard<std::mutex> lock(data_->mu);
  return data_->renders;
}

struct ToolCallRequest {
  std::string id;
  std::string name;
  Json arguments = Json::object();  ///< parsed arguments (object); empty object when invalid
  std::string arguments_raw;        ///< exactly what the model sent
  bool arguments_valid = true;      ///< false when the model's JSON did not parse (a model error, not a crash)
};

struct Message {
  Role role = Role::kUser;
  std::string text;                         ///< system/user/assistant text; tool result text
  std::vector<ToolCallRequest> tool_calls;  ///< assistant
  std::string tool_call_id;                 ///< tool: which call this answers
  std::string tool_name;                    ///< tool
  bool is_error = false;                    ///< tool: the result is an error
  /// Assistant: the vendor's own content, replayed verbatim on the next request when the vendor needs it
  /// (Gemini thought signatures, Anthropic thinking blocks). Opaque to everything but the provider.
  Json provider_raw;
};

struct ChatRequest {
  std::string model;
  std::vector<Message> messages;
  ToolList tools;
  std::optional<double> temperature;
  std::optional<int> max_tokens;
  std::optional<long long> seed;
};

struct ChatResponse {
  Message message;          ///< role kAssistant: text and/or tool calls
  Usage usage;              ///< cost_usd filled when the model has a known price
  std::string stop_reason;  ///< normalized: stop, tool_calls, length, content_filter, other
  std::string model;        ///< the model the vendor says answered
  double latency_ms = 0;    ///< request time excluding waits
  double wait_ms = 0;       ///< rate-limit and retry waits
  int retries = 0;
  int rate_limit_hits = 0;
  bool throttled = false;  ///< the proactive limiter delayed this call
};

}  // namespace ab::llm
