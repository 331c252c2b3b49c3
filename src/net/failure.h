// Sentences for failed HTTP exchanges (internal to net/): what happened, in words a user can act on, instead of
// cpp-httplib's enum names ("Read", "Connection").
#pragma once

#include <chrono>
#include <string>

namespace httplib {
enum class Error;
}

namespace ab::net {

/// What |error| means for one attempt. |got_bytes|: part of a response had arrived; |head_seen|: its whole head.
/// |resolves|: whether |host| resolves (decides how a failed connect is worded).
std::string DescribeFailure(httplib::Error error, bool got_bytes, bool head_seen, const std::string& host,
                            bool resolves);
/// " (after 1.2 s)" or, after retries, " (after 3 attempts, 1.2 s)".
std::string AfterText(int attempts, std::chrono::steady_clock::duration elapsed);
/// "10 s", "2.5 s", "300 ms".
std::string FormatMillis(std::chrono::milliseconds d);

}  // namespace ab::net
