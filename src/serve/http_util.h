// Small helpers every route file shares: JSON replies, the one error shape of the API ({"error": {"status",
// "message", "field"}}), and strict reading of query parameters and JSON bodies so a mistake gets a 400 naming
// the field instead of being ignored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/result.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace ab::serve {

/// Writes |body| as the JSON reply with |status|.
void ReplyJson(httplib::Response& res, const Json& body, int status = 200);
/// Writes {"error": {"status", "message", "field"?}}; |field| names the parameter or body field at fault.
void ReplyError(httplib::Response& res, int status, const std::string& message, const std::string& field = "");
/// The HTTP status for |e|: 404 kNotFound, 400 kInvalidArgument/kConfig/kParse, 409 for a conflict, else 500.
int StatusFor(const Error& e);
/// ReplyError with StatusFor(e) and the redacted message.
void ReplyFailure(httplib::Response& res, const Error& e);

/// A 400 waiting to be sent: what is wrong and which field.
struct BadRequest {
  std::string message;
  std::string field;
};

/// Fails when |req| has a query parameter outside |allowed| (with a did-you-mean), so a typo such as ?sutie=
/// is an error instead of an unfiltered list.
std::optional<BadRequest> CheckParams(const httplib::Request& req, const std::vector<std::string>& allowed);

/// A time bound from a query value: milliseconds since the epoch, or an RFC 3339 date ("2026-11-22") or time
/// ("2026-11-22T05:00:00Z"). |end_of_day| makes a bare date mean its last millisecond (for `to`).
Result<int64_t> ParseTimeParam(const std::string& text, bool end_of_day);

/// A positive integer query value no larger than |max|.
Result<int> ParseCountParam(const std::string& text, int max);

/// The request body parsed as a JSON object; a BadRequest for anything else.
Result<Json> ParseJsonBody(const httplib::Request& req);

}  // namespace ab::serve
