// Small helpers shared by the dialect files: body parsing with kParse errors, tolerant integer reads, tool
// arguments that may be invalid JSON, and schema defaults. Vendor-neutral.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/json.h"
#include "base/result.h"
#include "llm/chat.h"

namespace ab::llm {

/// Parses a reply body; kParse (with the start of the body, redacted) when it is not a JSON object.
Result<Json> ParseBody(const std::string& provider, const std::string& body);
/// obj[key] as an integer; 0 when |obj| is not an object or the key is missing or not a number.
int64_t Int(const Json& obj, const char* key);
/// Fills arguments, arguments_raw and arguments_valid from a vendor value: a JSON string (OpenAI) that may not
/// parse, or an object (Anthropic, Gemini). Invalid JSON keeps the raw text and never fails.
void SetArguments(ToolCallRequest& call, const Json& value);
/// The arguments as the JSON text to send back: the raw text when the model's JSON was invalid.
std::string ArgumentsText(const ToolCallRequest& call);
/// |schema| as an object schema: {"type":"object","properties":{}} for an empty or missing one.
Json ObjectSchema(const Json& schema);
/// The JSON text of the object |head|, then the members |raw| whose values are already serialized JSON (the
/// cached tool list), then the members of the object |tail|, in that order. |raw| names must be plain ASCII.
std::string DumpWithRaw(const Json& head, const std::vector<std::pair<std::string_view, const std::string*>>& raw,
                        const Json& tail);
/// Marks the usage as estimated when the vendor sent none: completion tokens = reply chars/4 (the provider adds
/// the prompt estimate from the request).
void EstimateUsage(ChatResponse& out);

}  // namespace ab::llm
