// IANA time zones read straight from TZif files (RFC 8536), because g++ 12 has no std::chrono::locate_zone and
// swapping the process-wide TZ variable for localtime_r would race with every other thread. Loaded zones are
// immutable and cached for the life of the process, so lookups are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "template/posix_tz.h"

namespace ab::tmpl {

/// One parsed zone: its transitions and, for instants past the last one, the file's POSIX TZ footer.
class TimeZone {
 public:
  /// Parses the bytes of a TZif file (versions 1 to 4).
  static Result<TimeZone> FromTzif(std::string_view data, std::string name);
  /// The fixed UTC zone.
  static const TimeZone& Utc();

  /// The offset in force at |epoch_s|.
  ZoneOffset At(int64_t epoch_s) const;
  const std::string& name() const { return name_; }

 private:
  std::string name_ = "UTC";
  std::vector<int64_t> transitions_;  ///< ascending UTC instants
  std::vector<uint8_t> type_of_;      ///< index into types_ for each transition
  std::vector<ZoneOffset> types_;
  std::optional<PosixTz> footer_;
};

/// The zone called |name| ("America/New_York", "Europe/Paris", "UTC"; "" and "Z" mean UTC, "Local" the system
/// zone). Files are read from |dir|, or $TZDIR, or /usr/share/zoneinfo. The result stays valid forever.
/// Errors: a malformed name, a missing or corrupt file.
Result<const TimeZone*> LoadTimeZone(const std::string& name, const std::string& dir);

}  // namespace ab::tmpl
