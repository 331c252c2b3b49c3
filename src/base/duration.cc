#include "base/duration.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "base/strings.h"

namespace ab {

Result<Millis> ParseDuration(std::string_view text) {
  std::string_view s = Trim(text);
  if (s.empty()) return Error(ErrorCode::kInvalidArgument, "empty duration");
  const std::string original(s);
  auto bad = [&](const std::string& why) {
    return Error(ErrorCode::kInvalidArgument,
                 "invalid duration '" + original + "': " + why + " (use e.g. 500ms, 30s, 2m, 1h30m)");
  };
  if (s[0] == '-') return bad("must not be negative");
  if (s[0] == '+') s.remove_prefix(1);
  double total_ms = 0;
  bool any = false;
  while (!s.empty()) {
    size_t i = 0;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    if (i == 0) return bad("expected a number");
    std::string num(s.substr(0, i));
    if (std::count(num.begin(), num.end(), '.') > 1) return bad("malformed number");
    double value = std::strtod(num.c_str(), nullptr);
    s.remove_prefix(i);
    size_t j = 0;
    while (j < s.size() && !std::isdigit(static_cast<unsigned char>(s[j])) && s[j] != '.') ++j;
    std::string unit(s.substr(0, j));
    s.remove_prefix(j);
    double factor;
    if (unit.empty()) {
      if (any || !s.empty()) return bad("missing unit");
      factor = 1000;  // a bare number is seconds
    } else if (unit == "ns") {
      factor = 1e-6;
    } else if (unit == "us" || unit == "µs") {
      factor = 1e-3;
    } else if (unit == "ms") {
      factor = 1;
    } else if (unit == "s") {
      factor = 1000;
    } else if (unit == "m") {
      factor = 60'000;
    } else if (unit == "h") {
      factor = 3'600'000;
    } else {
      return bad("unknown unit '" + unit + "'");
    }
    total_ms += value * factor;
    any = true;
  }
  // 1e18 ms (31 million years) still fits a long long with room to spare; callers apply their own, far smaller
  // maxima (configuration: kMaxConfigDuration) and name them, and deadlines saturate (base/deadline.h).
  constexpr double kMaxMs = 1e18;
  if (!std::isfinite(total_ms) || total_ms > kMaxMs) return bad("too large");
  return Millis(static_cast<long long>(std::llround(total_ms)));
}

std::string FormatDuration(Millis d) {
  long long ms = d.count();
  char buf[64];
  if (ms < 1000) {
    std::snprintf(buf, sizeof buf, "%lldms", ms);
  } else if (ms < 60'000) {
    if (ms % 1000 == 0) std::snprintf(buf, sizeof buf, "%llds", ms / 1000);
    else std::snprintf(buf, sizeof buf, "%.3gs", static_cast<double>(ms) / 1000.0);
  } else {
    long long m = ms / 60'000, s = (ms % 60'000) / 1000;
    if (s) std::snprintf(buf, sizeof buf, "%lldm%llds", m, s);
    else std::snprintf(buf, sizeof buf, "%lldm", m);
  }
  return buf;
}

}  // namespace ab
