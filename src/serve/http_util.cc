#include "serve/http_util.h"

#include <httplib.h>

#include <cstdlib>
#include <ctime>

#include "base/json_parse.h"
#include "base/redact.h"
#include "base/strings.h"

namespace ab::serve {

void ReplyJson(httplib::Response& res, const Json& body, int status) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(Redact(body.dump(-1, ' ', false, Json::error_handler_t::replace)), "application/json");
}

void ReplyError(httplib::Response& res, int status, const std::string& message, const std::string& field) {
  Json err = {{"status", status}, {"message", message}};
  if (!field.empty()) err["field"] = field;
  ReplyJson(res, Json{{"error", err}}, status);
}

int StatusFor(const Error& e) {
  switch (e.code) {
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kConfig:
    case ErrorCode::kParse: return 400;
    case ErrorCode::kUnsupported: return 409;
    default: return 500;
  }
}

void ReplyFailure(httplib::Response& res, const Error& e) { ReplyError(res, StatusFor(e), Redact(e.ToString())); }

std::optional<BadRequest> CheckParams(const httplib::Request& req, const std::vector<std::string>& allowed) {
  for (const auto& [name, value] : req.params) {
    bool ok = false;
    for (const auto& a : allowed) ok = ok || a == name;
    if (!ok) return BadRequest{"unknown query parameter '" + name + "'" + DidYouMean(name, allowed), name};
  }
  return std::nullopt;
}

namespace {

bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

Result<int64_t> ParseTimeParam(const std::string& text, bool end_of_day) {
  if (AllDigits(text) && text.size() > 8) return static_cast<int64_t>(std::strtoll(text.c_str(), nullptr, 10));
  std::tm tm{};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char tail[8] = {0};
  int n = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%7s", &y, &mo, &d, &h, &mi, &s, tail);
  bool date_only = n == 3 && text.size() == 10;
  bool full = n >= 6 && (std::string(tail) == "Z" || std::string(tail).empty() || tail[0] == '.');
  if (!date_only && !full)
    return Error(ErrorCode::kInvalidArgument,
                 "'" + text + "' is not a date (2026-11-22), a UTC time (2026-11-22T05:00:00Z) or epoch milliseconds");
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
    return Error(ErrorCode::kInvalidArgument, "'" + text + "' is not a valid date");
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  int64_t ms = static_cast<int64_t>(timegm(&tm)) * 1000;
  if (date_only && end_of_day) ms += 24LL * 3600 * 1000 - 1;
  return ms;
}

Result<int> ParseCountParam(const std::string& text, int max) {
  if (!AllDigits(text) || text.size() > 9) return Error(ErrorCode::kInvalidArgument, "expects a positive number");
  int n = std::atoi(text.c_str());
  if (n < 1 || n > max) return Error(ErrorCode::kInvalidArgument, "expects a number from 1 to " + std::to_string(max));
  return n;
}

Result<Json> ParseJsonBody(const httplib::Request& req) {
  Json body = ParseJsonOrDiscarded(req.body);
  if (body.is_discarded()) return Error(ErrorCode::kInvalidArgument, "the request body is not valid JSON");
  if (!body.is_object()) return Error(ErrorCode::kInvalidArgument, "the request body must be a JSON object");
  return body;
}

}  // namespace ab::serve
