// Human-readable numbers shared by the text renderers (console, Markdown, HTML, JUnit), so every format prints a
// duration, a rate or a price the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/transcript.h"

namespace ab::report {

/// "850ms" below one second, else "2.34s"; "0ms" for zero or negative.
std::string FormatDuration(double ms);
/// Seconds with three decimals, as JUnit wants: "2.340".
std::string FormatSeconds(double ms);
/// "66.7%" for 2/3; "0.0%" when |total| is 0.
std::string FormatPercent(int part, int total);
/// "$0.0123"; "n/a" when the cost is unknown.
std::string FormatCost(std::optional<double> usd);
/// Thousands separated: "12,345".
std::string FormatCount(int64_t n);
/// The MCP protocol of each server of a test, e.g. "everything 2025-11-25 (legacy), svc 2026-07-28 (modern;
/// subscription: acknowledged {toolsListChanged}; 1 request(s) outside tool calls)"; empty when no server spoke MCP.
std::string FormatServerProtocols(const std::vector<ServerProtocol>& servers);
/// snprintf into a std::string (GCC 12 has no std::format).
std::string StrPrintf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace ab::report
