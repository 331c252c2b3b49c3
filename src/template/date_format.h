// Formats instants the way the `now` helper promises: RFC 3339, or a Java SimpleDateFormat pattern
// ("yyyy-MM-dd HH:mm:ss", "EEE, d MMM yyyy", "yyyy-MM-dd'T'HH:mm:ssXXX").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "template/posix_tz.h"

namespace ab::tmpl {

/// "2024-01-15T14:30:00Z" in UTC, "2024-01-15T09:30:00-05:00" elsewhere (Go's time.RFC3339, no fraction).
std::string FormatRfc3339Zoned(int64_t epoch_ms, const ZoneOffset& zone);

/// Formats |epoch_ms| in |zone| with a SimpleDateFormat |pattern|. Supported letters: y M d H h k K m s S a E D
/// u z Z X; 'quoted' text is literal and '' is a quote. Other ASCII letters are an error (as in Java).
Result<std::string> FormatJavaDate(int64_t epoch_ms, const ZoneOffset& zone, std::string_view pattern);

}  // namespace ab::tmpl
