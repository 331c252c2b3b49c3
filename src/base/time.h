// Wall-clock and monotonic time helpers, so every layer formats time the same way.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ab {

using SteadyClock = std::chrono::steady_clock;

/// Milliseconds since the Unix epoch.
int64_t NowMs();
/// RFC 3339 in UTC with milliseconds, e.g. "2026-11-22T10:00:00.123Z".
std::string FormatRfc3339(int64_t epoch_ms);
/// Parses "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)" (RFC 3339; 't' and ' ' also separate date and time) to milliseconds
/// since the epoch; nullopt on anything else, including a date alone or a time without a zone.
std::optional<int64_t> ParseRfc3339(std::string_view text);
/// Milliseconds elapsed since |start| as a double.
double MsSince(SteadyClock::time_point start);

}  // namespace ab
