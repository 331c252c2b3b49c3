// The Gemini generateContent dialect, for the Gemini API (GOOGLE: x-goog-api-key) and Vertex AI (VERTEX: an
// OAuth bearer token on the Vertex endpoint). The model's content is replayed verbatim from
// Message::provider_raw, so thought signatures survive the tool loop.
#pragma once

#include <memory>
#include <string>

#include "llm/token_source.h"
#include "llm/wire_format.h"

namespace ab::llm {

/// {base_url or https://generativelanguage.googleapis.com}/v1beta/models/{model}:generateContent.
std::unique_ptr<WireFormat> MakeGoogleWire(const std::string& base_url, const std::string& model,
                                           const std::string& api_key);

/// {base_url or https://{location}-aiplatform.googleapis.com}/v1/projects/{project}/locations/{location}/
/// publishers/google/models/{model}:generateContent (host aiplatform.googleapis.com for location "global").
/// Authenticated by |token|, or by |api_key| ("express mode") when |token| is null.
std::unique_ptr<WireFormat> MakeVertexWire(const std::string& base_url, const std::string& project,
                                           const std::string& location, const std::string& model,
                                           std::unique_ptr<TokenSource> token, const std::string& api_key);

}  // namespace ab::llm
