#include "template/date_format.h"

#include <cstdio>
#include <cstdlib>

#include "base/civil.h"

namespace ab::tmpl {
namespace {

constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
constexpr const char* kWeekdays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

struct Broken {
  CivilDate date;
  int64_t day_number = 0;  ///< days since 1970-01-01
  int hour = 0, minute = 0, second = 0, millis = 0;
};

Broken Break(int64_t epoch_ms, const ZoneOffset& zone) {
  const int64_t local = epoch_ms + int64_t{zone.utc_offset_s} * 1000;
  Broken b;
  b.day_number = FloorDiv(local, 86400000);
  b.date = CivilFromDays(b.day_number);
  int64_t ms = local - b.day_number * 86400000;
  b.hour = static_cast<int>(ms / 3600000);
  b.minute = static_cast<int>(ms / 60000 % 60);
  b.second = static_cast<int>(ms / 1000 % 60);
  b.millis = static_cast<int>(ms % 1000);
  return b;
}

std::string Pad(int64_t v, size_t width) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return v < 0 ? "-" + digits : digits;
}

// "+hh:mm" / "+hhmm" / "+hh" for |offset_s|.
std::string Offset(int offset_s, bool colon, bool minutes) {
  std::string out = offset_s < 0 ? "-" : "+";
  int a = std::abs(offset_s);
  out += Pad(a / 3600, 2);
  if (minutes) out += (colon ? ":" : "") + Pad(a / 60 % 60, 2);
  return out;
}

}  // namespace

std::string FormatRfc3339Zoned(int64_t epoch_ms, const ZoneOffset& zone) {
  Broken b = Break(epoch_ms, zone);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d", static_cast<long long>(b.date.year), b.date.month,
                b.date.day, b.hour, b.minute, b.second);
  return std::string(buf) + (zone.utc_offset_s == 0 ? "Z" : Offset(zone.utc_offset_s, true, true));
}

Result<std::string> FormatJavaDate(int64_t epoch_ms, const ZoneOffset& zone, std::string_view pattern) {
  const Broken b = Break(epoch_ms, zone);
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    char c = pattern[i];
    if (c == '\'') {
      // 'literal text'; '' is one quote, inside or outside a quoted run.
      if (i + 1 < pattern.size() && pattern[i + 1] == '\'') {
        out += '\'';
        i += 2;
        continue;
      }
      ++i;
      while (i < pattern.size()) {
        if (pattern[i] == '\'') {
          if (i + 1 < pattern.size() && pattern[i + 1] == '\'') {
            out += '\'';
            i += 2;
            continue;
          }
          break;
        }
        out += pattern[i++];
      }
      if (i >= pattern.size()) return Error(ErrorCode::kInvalidArgument, "unterminated quote in format");
      ++i;
      continue;
    }
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
      out += c;
      ++i;
      continue;
    }
    size_t n = 1;
    while (i + n < pattern.size() && pattern[i + n] == c) ++n;
    i += n;
    const int hour12 = b.hour % 12 == 0 ? 12 : b.hour % 12;
    switch (c) {
      case 'y': out += n == 2 ? Pad(b.date.year % 100, 2) : Pad(b.date.year, n); break;
      case 'M':
        if (n >= 4) {
          out += kMonths[b.date.month - 1];
        } else if (n == 3) {
          out += std::string(kMonths[b.date.month - 1]).substr(0, 3);
        } else {
          out += Pad(b.date.month, n);
        }
        break;
      case 'd': out += Pad(b.date.day, n); break;
      case 'D': out += Pad(b.day_number - DaysFromCivil(b.date.year, 1, 1) + 1, n); break;
      case 'H': out += Pad(b.hour, n); break;
      case 'k': out += Pad(b.hour == 0 ? 24 : b.hour, n); break;
      case 'K': out += Pad(b.hour % 12, n); break;
      case 'h': out += Pad(hour12, n); break;
      case 'm': out += Pad(b.minute, n); break;
      case 's': out += Pad(b.second, n); break;
      case 'S': out += Pad(b.millis, n); break;
      case 'a': out += b.hour < 12 ? "AM" : "PM"; break;
      case 'E': {
        std::string name = kWeekdays[WeekdayFromDays(b.day_number)];
        out += n >= 4 ? name : name.substr(0, 3);
        break;
      }
      case 'u': {
        int wd = WeekdayFromDays(b.day_number);
        out += Pad(wd == 0 ? 7 : wd, n);
        break;
      }
      case 'z': out += zone.abbrev; break;
      case 'Z': out += Offset(zone.utc_offset_s, false, true); break;
      case 'X':
        if (zone.utc_offset_s == 0) {
          out += 'Z';
        } else {
          out += Offset(zone.utc_offset_s, n >= 3, n >= 2);
        }
        break;
      default:
        return Error(ErrorCode::kInvalidArgument,
                     "unsupported letter '" + std::string(1, c) +
                         "' in format (supported: y M d D H h k K m s S a E u z Z X; quote literal text like 'T')");
    }
  }
  return out;
}

}  // namespace ab::tmpl
