// Durations as users write them: "30s", "500ms", "2m", "1h30m", "1.5s", or a bare number of seconds.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/result.h"

namespace ab {

using Millis = std::chrono::milliseconds;

/// The longest timeout or delay a configuration may set: longer ones are typos (99999999999h), and a week is far
/// beyond any test. Checked where configuration is read, with the location.
inline constexpr Millis kMaxConfigDuration{7LL * 24 * 3600 * 1000};

/// Parses Go-style durations (ns, us/µs, ms, s, m, h; combinations like "1m30s"; decimals).
/// A bare number means seconds. Negative values, unknown units and values above 1e18 ms (too large for a
/// millisecond count to hold safely) are errors.
Result<Millis> ParseDuration(std::string_view text);

/// "1.5s", "250ms", "2m3s": the inverse of ParseDuration, for messages and reports.
std::string FormatDuration(Millis d);

}  // namespace ab
