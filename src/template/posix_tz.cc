#include "template/posix_tz.h"

#include <cctype>

#include "base/civil.h"

namespace ab::tmpl {
namespace {

class TzReader {
 public:
  explicit TzReader(std::string_view s) : s_(s) {}

  bool AtEnd() const { return i_ >= s_.size(); }
  char Peek() const { return AtEnd() ? '\0' : s_[i_]; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++i_;
    return true;
  }

  // "EST" or "<-03>".
  bool Name(std::string* out) {
    if (Eat('<')) {
      size_t end = s_.find('>', i_);
      if (end == std::string_view::npos) return false;
      *out = std::string(s_.substr(i_, end - i_));
      i_ = end + 1;
      return !out->empty();
    }
    size_t start = i_;
    while (!AtEnd() && std::isalpha(static_cast<unsigned char>(Peek()))) ++i_;
    *out = std::string(s_.substr(start, i_ - start));
    return out->size() >= 3;
  }

  bool Number(int* out) {
    if (!std::isdigit(static_cast<unsigned char>(Peek()))) return false;
    int v = 0;
    while (std::isdigit(static_cast<unsigned char>(Peek())) && v < 100000) v = v * 10 + (s_[i_++] - '0');
    *out = v;
    return true;
  }

  // [+-]hh[:mm[:ss]] in seconds, sign as written.
  bool Time(int* out) {
    int sign = 1;
    if (Eat('-')) {
      sign = -1;
    } else {
      Eat('+');
    }
    int h = 0, m = 0, sec = 0;
    if (!Number(&h)) return false;
    if (Eat(':')) {
      if (!Number(&m)) return false;
      if (Eat(':') && !Number(&sec)) return false;
    }
    *out = sign * (h * 3600 + m * 60 + sec);
    return true;
  }

  bool Rule(PosixRule* r) {
    if (Eat('M')) {
      r->kind = PosixRule::Kind::kMonthWeekDay;
      if (!Number(&r->month) || !Eat('.') || !Number(&r->week) || !Eat('.') || !Number(&r->weekday)) return false;
      if (r->month < 1 || r->month > 12 || r->week < 1 || r->week > 5 || r->weekday > 6) return false;
    } else if (Eat('J')) {
      r->kind = PosixRule::Kind::kJulian1;
      if (!Number(&r->day) || r->day < 1 || r->day > 365) return false;
    } else {
      r->kind = PosixRule::Kind::kJulian0;
      if (!Number(&r->day) || r->day > 365) return false;
    }
    r->time_s = 7200;
    if (Eat('/')) return Time(&r->time_s);
    return true;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

// Days since the epoch of the day |r| names in |year|.
int64_t RuleDay(const PosixRule& r, int64_t year) {
  const int64_t jan1 = DaysFromCivil(year, 1, 1);
  switch (r.kind) {
    case PosixRule::Kind::kJulian1: return jan1 + r.day - 1 + (IsLeapYear(year) && r.day >= 60 ? 1 : 0);
    case PosixRule::Kind::kJulian0: return jan1 + r.day;
    case PosixRule::Kind::kMonthWeekDay: {
      const int64_t first = DaysFromCivil(year, r.month, 1);
      int day = 1 + (r.weekday - WeekdayFromDays(first) + 7) % 7 + (r.week - 1) * 7;
      while (day > DaysInMonth(year, r.month)) day -= 7;  // week 5 means "the last one"
      return first + day - 1;
    }
  }
  return jan1;
}

}  // namespace

Result<PosixTz> ParsePosixTz(std::string_view text) {
  auto bad = [&] { return Error(ErrorCode::kParse, "invalid POSIX TZ string '" + std::string(text) + "'"); };
  TzReader r(text);
  PosixTz tz;
  int off = 0;
  if (!r.Name(&tz.std_offset.abbrev) || !r.Time(&off)) return bad();
  tz.std_offset.utc_offset_s = -off;  // POSIX counts hours west of UTC
  if (r.AtEnd()) return tz;
  tz.has_dst = true;
  tz.dst_offset.is_dst = true;
  if (!r.Name(&tz.dst_offset.abbrev)) return bad();
  tz.dst_offset.utc_offset_s = tz.std_offset.utc_offset_s + 3600;
  if (!r.AtEnd() && r.Peek() != ',') {
    if (!r.Time(&off)) return bad();
    tz.dst_offset.utc_offset_s = -off;
  }
  if (r.AtEnd()) {
    tz.start = PosixRule{PosixRule::Kind::kMonthWeekDay, 0, 3, 2, 0, 7200};
    tz.end = PosixRule{PosixRule::Kind::kMonthWeekDay, 0, 11, 1, 0, 7200};
    return tz;
  }
  if (!r.Eat(',') || !r.Rule(&tz.start) || !r.Eat(',') || !r.Rule(&tz.end) || !r.AtEnd()) return bad();
  return tz;
}

ZoneOffset PosixTzAt(const PosixTz& tz, int64_t epoch_s) {
  if (!tz.has_dst) return tz.std_offset;
  const int64_t year = CivilFromDays(FloorDiv(epoch_s + tz.std_offset.utc_offset_s, 86400)).year;
  // The start happens in standard time and the end in daylight time; both are written as local times.
  const int64_t start = RuleDay(tz.start, year) * 86400 + tz.start.time_s - tz.std_offset.utc_offset_s;
  const int64_t end = RuleDay(tz.end, year) * 86400 + tz.end.time_s - tz.dst_offset.utc_offset_s;
  bool dst = start < end ? (epoch_s >= start && epoch_s < end)    // northern hemisphere
                         : !(epoch_s >= end && epoch_s < start);  // southern: DST spans the new year
  return dst ? tz.dst_offset : tz.std_offset;
}

}  // namespace ab::tmpl
