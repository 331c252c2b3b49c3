// The OpenAI Chat Completions dialect (OPENAI, GROQ, OPENAI_COMPATIBLE, MOCK, and AZURE through azure.h).
#pragma once

#include <memory>
#include <string>

#include "llm/token_source.h"
#include "llm/wire_format.h"

namespace ab::llm {

struct OpenAiWireOptions {
  std::string name = "openai";         ///< for messages
  std::string url;                     ///< the full chat-completions URL
  std::string api_key;                 ///< sent as "Authorization: Bearer" (or as |key_header| when set)
  std::string key_header;              ///< e.g. "api-key" for Azure; empty = Authorization: Bearer
  std::unique_ptr<TokenSource> token;  ///< when set, a bearer token from it replaces |api_key|
  bool send_model = true;              ///< Azure deployments take the model from the path
  bool max_completion_tokens = true;   ///< false: the older "max_tokens" that compatible servers expect
};

std::unique_ptr<WireFormat> MakeOpenAiWire(OpenAiWireOptions options);

/// Parses a chat.completion body (exposed for tests and for the Azure dialect).
Result<ChatResponse> ParseOpenAiResponse(const std::string& name, const std::string& body);

}  // namespace ab::llm
