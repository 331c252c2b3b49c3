// Request headers of protocol revision 2026-07-28 over Streamable HTTP (SEP-2243): the standard Mcp-Method /
// Mcp-Name headers, and the Mcp-Param-{Name} headers a tool asks for with `x-mcp-header` on its parameters. The
// values come from the server (tool names, schemas) and the model (arguments), so everything is validated or
// encoded: a header can never carry CR/LF or a non-token name.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/json.h"
#include "base/result.h"

namespace ab::mcp {

/// One parameter mirrored into a header: the chain of `properties` keys from the schema root, the header's name
/// part (Mcp-Param-{name}) and the declared type (string, integer or boolean).
struct HeaderParam {
  std::vector<std::string> path;
  std::string name;
  std::string type;
};

/// True when |name| is an HTTP field-name token (RFC 9110 tchar+): no space, colon, control or non-ASCII byte.
bool IsHeaderToken(std::string_view name);

/// A header value as the spec's Value Encoding says: as-is when it is plain visible ASCII (inner spaces allowed)
/// without leading/trailing whitespace, else `=?base64?<base64 of the UTF-8 bytes>?=` (also for a value that looks
/// like that sentinel already).
std::string EncodeHeaderValue(std::string_view value);

/// The x-mcp-header annotations of a tool's inputSchema. An error (naming the property and the rule) when one is
/// invalid: empty, not a token, duplicated case-insensitively, on a type other than string/integer/boolean, or
/// anywhere but a chain of `properties` from the root. Clients on Streamable HTTP must drop such a tool.
Result<std::vector<HeaderParam>> HeaderParamsOf(const Json& input_schema);

/// The Mcp-Param-* headers for a call with |arguments|: absent and null values are omitted.
std::vector<std::pair<std::string, std::string>> HeaderParamValues(const std::vector<HeaderParam>& params,
                                                                   const Json& arguments);

}  // namespace ab::mcp
