// The `now` helper: the (injectable) current time, shifted by an offset, in a time zone and a format.
#include <cctype>
#include <cstdlib>

#include "base/civil.h"
#include "base/strings.h"
#include "template/date_format.h"
#include "template/helpers.h"
#include "template/time_zone.h"

namespace ab::tmpl {
namespace {

struct Unit {
  const char* singular;
  int64_t seconds;
};

// Months and years are fixed lengths (30 and 365 days), exactly as the reference computes them.
constexpr Unit kUnits[] = {{"second", 1},    {"minute", 60},        {"hour", 3600},       {"day", 86400},
                           {"week", 604800}, {"month", 30 * 86400}, {"year", 365 * 86400}};

// "7 days", "-24 hours", "+1 year", "3days" -> milliseconds.
Result<int64_t> ParseOffset(std::string_view text) {
  std::string_view s = Trim(text);
  if (s.empty()) return int64_t{0};
  auto bad = [&](const std::string& why) {
    return Error(ErrorCode::kInvalidArgument, "invalid offset '" + std::string(text) + "': " + why);
  };
  size_t i = 0;
  int64_t sign = 1;
  if (s[0] == '+' || s[0] == '-') {
    sign = s[0] == '-' ? -1 : 1;
    ++i;
  }
  size_t digits_at = i;
  int64_t n = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
    if (n > 1000000000) return bad("number too large");
    n = n * 10 + (s[i++] - '0');
  }
  if (i == digits_at) return bad("expected a whole number followed by a unit, e.g. '7 days'");
  std::string unit = ToLower(Trim(s.substr(i)));
  if (unit.size() > 1 && unit.back() == 's') unit.pop_back();
  std::vector<std::string> names;
  for (const Unit& u : kUnits) {
    if (unit == u.singular) return sign * n * u.seconds * 1000;
    names.emplace_back(u.singular);
  }
  if (unit.empty()) return bad("missing unit (seconds, minutes, hours, days, weeks, months or years)");
  std::string hint = DidYouMean(unit, names);
  return bad("unknown unit '" + unit + "'" +
             (hint.empty() ? " (seconds, minutes, hours, days, weeks, months, years)" : hint));
}

}  // namespace

Result<std::string> NowHelper(const HelperArgs& args, const Context& ctx) {
  auto offset = ParseOffset(args.Str("offset", ""));
  if (!offset) return offset.error();
  const int64_t t = ctx.Now() + *offset;
  const std::string format = args.Str("format", "");
  if (format == "epoch") return std::to_string(t);
  if (format == "unix") return std::to_string(FloorDiv(t, 1000));
  auto zone = LoadTimeZone(std::string(Trim(args.Str("timezone", ""))), ctx.zoneinfo_dir);
  if (!zone) return zone.error();
  const ZoneOffset at = (*zone)->At(FloorDiv(t, 1000));
  if (format.empty()) return FormatRfc3339Zoned(t, at);
  return FormatJavaDate(t, at, format);
}

}  // namespace ab::tmpl
