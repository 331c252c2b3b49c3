#include "llm/http_errors.h"

#include <string>

#include "base/json.h"
#include "base/json_dump.h"
#include "base/json_parse.h"
#include "base/redact.h"
#include "base/strings.h"

namespace ab::llm {
namespace {

ErrorCode CodeFor(int status) {
  if (status == 401 || status == 403) return ErrorCode::kAuth;
  if (status == 404) return ErrorCode::kNotFound;
  if (status == 408) return ErrorCode::kTimeout;
  if (status == 429) return ErrorCode::kRateLimited;
  if (status >= 500) return ErrorCode::kServer;
  return ErrorCode::kHttp;
}

std::string Scalar(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return DumpJson(v);
  return "";
}

}  // namespace

Error HttpStatusError(std::string_view provider, const HttpResponse& response) {
  std::string detail;
  std::string kind;
  // OpenAI, Azure, Groq, Anthropic and Gemini all put {"error": {"message": ...}} in the body; the type or code
  // sits beside it under different names.
  const Json doc = ParseJsonOrDiscarded(response.body);
  if (doc.is_object() && doc.contains("error")) {
    const Json& err = doc["error"];
    if (err.is_object()) {
      detail = Scalar(err.value("message", Json()));
      for (const char* key : {"code", "status", "type"}) {
        kind = Scalar(err.value(key, Json()));
        if (!kind.empty() && kind != std::to_string(response.status)) break;
        kind.clear();
      }
    } else {
      detail = Scalar(err);
    }
  }
  if (detail.empty()) detail = Truncate(std::string(Trim(response.body)), 300);
  std::string message = std::string(provider) + ": HTTP " + std::to_string(response.status);
  if (!kind.empty()) message += " " + kind;
  if (!detail.empty()) message += ": " + detail;
  Error error(CodeFor(response.status), Redact(message));
  error.http_status = response.status;
  return error;
}

}  // namespace ab::llm
