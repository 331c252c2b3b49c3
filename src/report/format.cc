#include "report/format.h"

#include <cstdarg>
#include <cstdio>

namespace ab::report {

std::string StrPrintf(const char* fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  int n = std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) return "";
  if (static_cast<size_t>(n) < sizeof buf) return std::string(buf, static_cast<size_t>(n));
  std::string out(static_cast<size_t>(n) + 1, '\0');
  va_start(ap, fmt);
  std::vsnprintf(out.data(), out.size(), fmt, ap);
  va_end(ap);
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string FormatDuration(double ms) {
  if (!(ms > 0)) return "0ms";
  if (ms < 1000) return StrPrintf("%.0fms", ms);
  return StrPrintf("%.2fs", ms / 1000.0);
}

std::string FormatSeconds(double ms) { return StrPrintf("%.3f", ms > 0 ? ms / 1000.0 : 0.0); }

std::string FormatPercent(int part, int total) { return StrPrintf("%.1f%%", total > 0 ? 100.0 * part / total : 0.0); }

std::string FormatCost(std::optional<double> usd) {
  if (!usd) return "n/a";
  return StrPrintf("$%.4f", *usd);
}

std::string FormatCount(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string FormatServerProtocols(const std::vector<ServerProtocol>& servers) {
  std::string out;
  for (const ServerProtocol& s : servers) {
    if (s.era.empty()) continue;  // the built-in cli server speaks no MCP
    if (!out.empty()) out += ", ";
    out += s.server + " " + s.protocol_version + " (" + s.era +
           (s.subscription.empty() ? "" : "; subscription: " + s.subscription) +
           (s.exchange_count > 0 ? "; " + std::to_string(s.exchange_count) + " request(s) outside tool calls" : "") +
           ")";
  }
  return out;
}

}  // namespace ab::report
