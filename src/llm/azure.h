// The Azure OpenAI dialect: OpenAI's body on a deployment URL with api-version, authenticated by an `api-key`
// header or an Entra ID bearer token.
#pragma once

#include <memory>
#include <string>

#include "llm/token_source.h"
#include "llm/wire_format.h"

namespace ab::llm {

/// The api-version used when the config gives none (latest GA data-plane inference version).
inline constexpr const char* kAzureDefaultApiVersion = "2024-10-21";

/// {base_url}/openai/deployments/{deployment}/chat/completions?api-version={version}. With |token| set (Entra ID)
/// the api key is not used.
std::unique_ptr<WireFormat> MakeAzureWire(const std::string& base_url, const std::string& deployment,
                                          const std::string& api_version, const std::string& api_key,
                                          std::unique_ptr<TokenSource> token);

}  // namespace ab::llm
