// Conversion of MCP wire objects (Tool, CallToolResult) into the neutral types the rest of agent-bench reads.
// Unknown fields are ignored, since servers send newer fields even to older protocol versions.
#pragma once

#include "base/json.h"
#include "base/result.h"
#include "base/transcript.h"
#include "mcp/server.h"

namespace ab::mcp {

/// One entry of tools/list. kProtocol when it has no string name.
[[nodiscard]] Result<ToolInfo> ParseToolInfo(const Json& tool);

/// A CallToolResult kept whole: every content type, structuredContent, isError, the raw items. When the text and
/// binary payloads together exceed |max_bytes|, they are cut (binary payloads dropped) and `truncated` is set.
[[nodiscard]] Result<ToolResult> ParseToolResult(const Json& result, long long max_bytes);

}  // namespace ab::mcp
