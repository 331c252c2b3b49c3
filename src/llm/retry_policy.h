// How long to wait before retrying a failed LLM call: the server's hint when it gave one (headers or the body
// text of each vendor), else exponential backoff. Pure functions, so every hint kind is unit-tested.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "llm/http_client.h"

namespace ab::llm {

/// The wait the server asked for, from, in order: `retry-after-ms`, `x-ms-retry-after-ms`, `Retry-After`
/// (seconds or an HTTP-date, relative to |now_wall_ms|), Gemini's RetryInfo `retryDelay` ("12s"), or the error
/// text ("retry after N seconds", "try again in 1.5s", "retry in 46.5s"; parsed by hand in linear time, whatever
/// the server sends). Empty when there is no hint; at most kMaxRetryHint.
std::optional<std::chrono::milliseconds> RetryHint(const HttpResponse& response, int64_t now_wall_ms);

/// The longest wait a server's hint can ask for; longer hints are clamped to it.
inline constexpr std::chrono::milliseconds kMaxRetryHint{24LL * 3600 * 1000};

/// The hint-less wait before retry number |attempt| (0-based): 1 s doubling, capped at 60 s.
std::chrono::milliseconds Backoff(int attempt);

/// Added to a server-given wait so the retry lands past the limit window (the reference README's 1 s).
inline constexpr std::chrono::milliseconds kRetryBuffer{1000};

/// True for a 429 that retrying cannot fix: OpenAI `insufficient_quota`, Gemini quota `limit: 0`.
bool IsPermanentRateLimit(const HttpResponse& response);

/// Parses an HTTP-date (RFC 7231 IMF-fixdate) into epoch milliseconds.
std::optional<int64_t> ParseHttpDate(std::string_view text);

}  // namespace ab::llm
