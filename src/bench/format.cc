#include "bench/format.h"

#include <cmath>
#include <cstdio>

namespace ab::bench {

std::string FormatFixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::string FormatMs(double ms) {
  if (ms < 1000) return FormatFixed(ms, 0) + "ms";
  if (ms < 60'000) return FormatFixed(ms / 1000, 1) + "s";
  long long secs = std::llround(ms / 1000);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lldm%02llds", secs / 60, secs % 60);
  return buf;
}

std::string FormatUsd(const std::optional<double>& usd) {
  if (!usd) return "unknown";
  return "$" + FormatFixed(*usd, std::fabs(*usd) < 1 ? 4 : 2);
}

std::string FormatPercent(double fraction) { return FormatFixed(fraction * 100, 1) + "%"; }

std::string EscapeMarkdownCell(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '\n': out += ' '; break;
      case '\r': break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace ab::bench
