// A JSON Schema subset, enough for MCP tool input schemas and for checking a model's JSON answer: type (with
// "integer"), properties, required, additionalProperties, enum, const, items, minItems/maxItems,
// minimum/maximum (and the exclusive forms), minLength/maxLength (code points), pattern (RE2, unanchored),
// anyOf/oneOf/allOf/not, and local $ref (#/$defs/..., #/definitions/..., any JSON pointer with ~0/~1 and %xx
// escapes) with $ref chains bounded to 64 and reference cycles reported; a remote $ref is reported as
// unsupported and never fetched. Other keywords ($schema, title, description, format, ...) are ignored, as JSON Schema
// requires of unknown keywords.
#pragma once

#include <string>
#include <vector>

#include "base/json.h"
#include "base/json_ref.h"
#include "base/result.h"

namespace ab::assertions {

using ab::ResolveLocalRef;  // base/json_ref.h

/// What is wrong with |schema| itself (not an object or boolean, a keyword of the wrong type, an invalid
/// pattern), each as "/path: problem"; empty when it is usable.
std::vector<std::string> CheckSchema(const Json& schema);

/// Where |instance| violates |schema|, each as "/pointer: problem"; empty when valid. |schema| must have passed
/// CheckSchema.
std::vector<std::string> ValidateJson(const Json& schema, const Json& instance);

}  // namespace ab::assertions
