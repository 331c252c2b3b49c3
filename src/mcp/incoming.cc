#include "mcp/incoming.h"

#include <optional>

#include "base/json_dump.h"
#include "base/json_parse.h"
#include "base/log.h"

namespace ab::mcp {

Json ParseIncoming(std::string_view text, const TransportHandlers& handlers) {
  Result<Json> parsed = ParseJson(text);
  if (parsed) return std::move(parsed.value());
  std::optional<Json> id = PeekTopLevelMember(text, "id");
  if (id && !id->is_null() && handlers.on_request_failed) {
    // Only a limit is quoted: a syntax error's message may carry a piece of the text, which the caller already
    // logs redacted.
    const std::string why = IsJsonLimitError(parsed.error()) ? parsed.error().message : "it is not valid JSON";
    LogWarn("mcp: refusing the answer to request " + DumpJson(*id) + ": " + why);
    handlers.on_request_failed(*id, Error(ErrorCode::kProtocol, "the server's answer was refused: " + why));
  }
  return Json(Json::value_t::discarded);
}

}  // namespace ab::mcp
