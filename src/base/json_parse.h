// The one way agent-bench parses JSON it did not write itself: model replies, MCP messages, recordings, journals,
// stored transcripts, files users hand it. The limits are checked before a tree is built, so a hostile peer can
// neither blow the stack of the code that walks the tree later (copies, dump, schema checks are recursive) nor
// fill the heap; a refusal is an error that names the limit.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "base/json.h"
#include "base/result.h"

namespace ab {

struct JsonLimits {
  size_t max_depth = 512;               ///< arrays and objects nested deeper are refused (json_max_depth)
  size_t max_bytes = size_t{64} << 20;  ///< longer texts are refused (json_max_bytes)
};

/// For files and rows agent-bench wrote itself (journals, recordings, stored transcripts, report shards): they wrap
/// peer values, which ParseJson kept within 512 levels, in a few levels of their own, and may be large.
inline constexpr JsonLimits kStoredJsonLimits{1024, size_t{1} << 40};

/// Parses |text| as one JSON document. Invalid UTF-8 inside strings is replaced by U+FFFD, not refused. Errors
/// (kParse): a syntax error ("parse error at line 1, column 5: ..."), "nested deeper than 512 levels
/// (json_max_depth)", "larger than N bytes (json_max_bytes)". Never throws, never recurses.
Result<Json> ParseJson(std::string_view text, JsonLimits limits = {});

/// True for the errors of ParseJson/CheckJsonLimits that name a limit (json_max_depth, json_max_bytes), as
/// opposed to syntax errors: callers may quote the former, while a syntax error may need the text for context.
bool IsJsonLimitError(const Error& error);

/// The limit checks of ParseJson alone, for callers that parse with another parser (a SAX reader, nlohmann::json
/// with sorted keys): the same errors, without building anything.
Status CheckJsonLimits(std::string_view text, JsonLimits limits = {});

/// ParseJson for callers that only need to know whether it parsed: the value, or a discarded value
/// (`is_discarded()`) on any error. Same limits.
Json ParseJsonOrDiscarded(std::string_view text, JsonLimits limits = {});

/// The value of member |key| of the top-level object in |text| when it is a string, number, true, false or null,
/// found by a flat scan that needs neither valid JSON nor a tree. For matching a refused (too deep, malformed)
/// answer to its request by "id"; empty when there is no such member. The key must be written without escapes.
std::optional<Json> PeekTopLevelMember(std::string_view text, std::string_view key);

}  // namespace ab
