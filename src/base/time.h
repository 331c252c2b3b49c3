// Wall-clock and monotonic time helpers, so every layer formats time the same way.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace ab {

using SteadyClock = std::chrono::steady_clock;

/// Milliseconds since the Unix epoch.
int64_t NowMs();
/// RFC 3339 in UTC with milliseconds, e.g. "2026-11-22T10:00:00.123Z".
std::string FormatRfc3339(int64_t epoch_ms);
/// Milliseconds elapsed since |start| as a double.
double MsSince(SteadyClock::time_point start);

}  // namespace ab
