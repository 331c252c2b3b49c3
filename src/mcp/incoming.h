// One incoming MCP message, from text to JSON, the same way on every transport: parsed within the peer limits of
// base/json_parse.h (a message nested deeper than 512 levels or larger than the size limit is refused before any
// tree is built), with invalid UTF-8 replaced.
#pragma once

#include <string_view>

#include "base/json.h"
#include "mcp/transport.h"

namespace ab::mcp {

/// The message in |text|, or a discarded value (`is_discarded()`) when it does not parse or breaks a limit. A
/// refused message that still names the id of a request (a top-level "id") fails that request at once through
/// |handlers|.on_request_failed with the reason, e.g. "nested deeper than 512 levels (json_max_depth)", instead of
/// leaving it to wait for its timeout.
Json ParseIncoming(std::string_view text, const TransportHandlers& handlers);

}  // namespace ab::mcp
