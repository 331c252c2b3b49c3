// POSIX TZ rule strings ("EST5EDT,M3.2.0,M11.1.0"), the footer of TZif files that gives the offsets after the
// last listed transition (slim tzdata files rely on it for every date after 2007 or so).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace ab::tmpl {

/// The UTC offset and abbreviation in force at one instant.
struct ZoneOffset {
  int utc_offset_s = 0;  ///< seconds east of UTC
  std::string abbrev = "UTC";
  bool is_dst = false;
};

/// One end of a DST period: a day rule plus the local time of day it happens.
struct PosixRule {
  enum class Kind { kJulian1, kJulian0, kMonthWeekDay };  ///< "Jn" (no Feb 29), "n" (0-based), "Mm.w.d"
  Kind kind = Kind::kMonthWeekDay;
  int day = 0;        ///< Jn / n
  int month = 0;      ///< M: 1..12
  int week = 0;       ///< M: 1..5 (5 = last)
  int weekday = 0;    ///< M: 0 = Sunday
  int time_s = 7200;  ///< local time of the change, may be negative or past 24h
};

struct PosixTz {
  ZoneOffset std_offset;
  bool has_dst = false;
  ZoneOffset dst_offset;
  PosixRule start, end;
};

/// Parses a POSIX TZ string. A DST zone without rules gets the US rules, as glibc does.
Result<PosixTz> ParsePosixTz(std::string_view text);

/// The offset |tz| gives at |epoch_s|.
ZoneOffset PosixTzAt(const PosixTz& tz, int64_t epoch_s);

}  // namespace ab::tmpl
