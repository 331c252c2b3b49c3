// Durations as users write them: "30s", "500ms", "2m", "1h30m", "1.5s", or a bare number of seconds.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/result.h"

namespace ab {

using Millis = std::chrono::milliseconds;

/// Parses Go-style durations (ns, us/µs, ms, s, m, h; combinations like "1m30s"; decimals).
/// A bare number means seconds. Negative values and unknown units are errors.
Result<Millis> ParseDuration(std::string_view text);

/// "1.5s", "250ms", "2m3s": the inverse of ParseDuration, for messages and reports.
std::string FormatDuration(Millis d);

}  // namespace ab
