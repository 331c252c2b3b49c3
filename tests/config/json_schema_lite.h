// Test helper: just enough of JSON Schema draft-07 to check documents against schema/agent-bench.schema.json
// (type, properties, required, additionalProperties, items, enum, pattern, oneOf, anyOf, minimum, maximum,
// minItems, and $ref to #/definitions/...). Anything else in a schema is ignored. Patterns run on RE2, which agrees
// with ECMA-262 on the simple patterns the schema uses.
#pragma once

#include <string>
#include <vector>

#include "base/json.h"

namespace ab::config::testing {

/// Validates |doc| against |root| (the whole schema); returns one "path: problem" line per violation.
std::vector<std::string> ValidateAgainstSchema(const Json& root, const Json& doc);

}  // namespace ab::config::testing
