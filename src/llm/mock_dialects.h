// The mock LLM's view of each vendor's wire format: reading a request into a MockConversation and writing a
// reply or an error shaped exactly like the real API's (ids, object, created, usage details, content blocks,
// candidates). Kept apart from the providers so the mock checks them instead of mirroring them.
#pragma once

#include <cstdint>
#include <string>

#include "base/json.h"
#include "llm/mock_script.h"

namespace ab::llm {

/// The dialects the mock speaks: "openai", "azure", "anthropic", "gemini", "vertex".
/// Reads a request body; |model| is the model from the URL for azure/gemini/vertex ("" for the others).
MockConversation ReadMockRequest(const std::string& dialect, const Json& body, const std::string& model);

/// The 200 body for |decision| (with body faults malformed_tool_json / empty_choices / no_content applied).
/// |serial| makes ids unique; |now_s| is the Unix time for `created`.
Json RenderMockReply(const std::string& dialect, const MockDecision& decision, const std::string& model, int64_t serial,
                     int64_t now_s);

/// The error body of |fault| in the dialect's shape.
Json RenderMockError(const std::string& dialect, const MockFault& fault, int64_t serial);

}  // namespace ab::llm
