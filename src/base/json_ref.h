// Local JSON-Schema references: "#/$defs/Node" resolved inside the schema that holds it. Tool schemas come from
// MCP servers, so a reference is never fetched over the network; the assertions and the Gemini schema cleaner
// both resolve through here.
#pragma once

#include <string>

#include "base/json.h"
#include "base/result.h"

namespace ab {

/// The node a local |ref| ("#", "#/$defs/A", URI-encoded %xx, then a JSON pointer with ~0/~1 escapes) points to
/// in |root|. kInvalidArgument, with a sentence, for a remote ref, an anchor, or a pointer to nothing.
Result<const Json*> ResolveLocalRef(const Json& root, const std::string& ref);

}  // namespace ab
