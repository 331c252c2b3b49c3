// The neutral chat model every provider speaks. Vendor JSON never leaves the provider file that translates it;
// the agent loop only sees these structs.
#pragma once

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

struct ToolCallRequest {
  std::string id;
  std::string name;
  Json arguments = Json::object();  ///< parsed arguments (object); empty object when invalid
  std::string arguments_raw;        ///< exactly what the model sent
  bool arguments_valid = true;      ///< false when the model's JSON did not parse (a model error, not a crash)
};

struct Message {
  Role role = Role::kUser;
  std::string text;                          ///< system/user/assistant text; tool result text
  std::vector<ToolCallRequest> tool_calls;   ///< assistant
  std::string tool_call_id;                  ///< tool: which call this answers
  std::string tool_name;                     ///< tool
  bool is_error = false;                     ///< tool: the result is an error
  /// Assistant: the vendor's own content, replayed verbatim on the next request when the vendor needs it
  /// (Gemini thought signatures, Anthropic thinking blocks). Opaque to everything but the provider.
  Json provider_raw;
};

struct ChatRequest {
  std::string model;
  std::vector<Message> messages;
  std::vector<ToolSpec> tools;
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
  bool throttled = false;   ///< the proactive limiter delayed this call
};

}  // namespace ab::llm
