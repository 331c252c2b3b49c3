// Maps a vendor's non-2xx reply to an Error with the right ErrorCode, the vendor's own message (redacted) and
// the HTTP status, so callers can tell a bad key from an overloaded server without reading vendor JSON.
#pragma once

#include <string_view>

#include "base/result.h"
#include "llm/http_client.h"

namespace ab::llm {

/// 401/403 kAuth, 404 kNotFound, 429 kRateLimited, 5xx and 529 kServer, other statuses kHttp. The message is
/// "<provider>: HTTP <status> <code>: <vendor message>", passed through Redact().
Error HttpStatusError(std::string_view provider, const HttpResponse& response);

}  // namespace ab::llm
