// The Anthropic Messages dialect: system at top level, tool_use / tool_result content blocks, max_tokens always
// sent, and the assistant's content array replayed verbatim (thinking blocks must come back unchanged).
#pragma once

#include <memory>
#include <string>

#include "llm/wire_format.h"

namespace ab::llm {

/// max_tokens sent when neither the request nor the config sets one (the API requires it).
inline constexpr int kAnthropicDefaultMaxTokens = 4096;

/// |base_url| is the host root (https://api.anthropic.com); the path /v1/messages is appended.
std::unique_ptr<WireFormat> MakeAnthropicWire(const std::string& base_url, const std::string& api_key);

}  // namespace ab::llm
