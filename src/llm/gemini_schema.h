// Gemini's function declarations take an OpenAPI 3.0 subset of JSON Schema and reject the rest with a 400, while
// MCP servers send full JSON Schema ($schema, additionalProperties, type arrays, const ...). This converts one
// into the other, keeping everything Gemini understands.
#pragma once

#include "base/json.h"

namespace ab::llm {

/// |schema| reduced to Gemini's Schema object: local $refs (#/$defs/..., #/definitions/...) inlined, at most 6
/// deep and 500 times (a recursive or fanning-out structure is cut off there with a permissive schema that names
/// it; a remote $ref is never fetched and becomes a permissive schema); unsupported keywords dropped ($schema,
/// $id, $defs, additionalProperties, const, examples, ...), ["string","null"] types turned into nullable, const into a
/// one-value enum, non-string enums and unsupported formats dropped, `required` limited to declared properties.
Json CleanGeminiSchema(const Json& schema);

}  // namespace ab::llm
