#include "mcp/http_stream.h"

#include "base/redact.h"
#include "base/strings.h"

namespace ab::mcp {

Error HttpStatusError(const std::string& what, int status, const std::string& body) {
  ErrorCode code = ErrorCode::kHttp;
  if (status == 401 || status == 403) code = ErrorCode::kAuth;
  if (status >= 500) code = ErrorCode::kServer;
  std::string message = what + ": HTTP " + std::to_string(status);
  std::string_view text = Trim(body);
  if (!text.empty()) message += ": " + Truncate(text, 300);
  Error error(code, Redact(message));
  error.http_status = status;
  return error;
}

}  // namespace ab::mcp
