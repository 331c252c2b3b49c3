// Number and text formatting shared by the bench renderers and compare, so every report spells a duration, a
// price or a rate the same way. Escapers make user text (test names, errors, variables) safe for each format.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ab::bench {

/// "850ms", "12.3s", "4m05s".
std::string FormatMs(double ms);
/// "$0.0123" (4 significant decimals below $1, 2 above); "unknown" when empty.
std::string FormatUsd(const std::optional<double>& usd);
/// "85.0%" for 0.85.
std::string FormatPercent(double fraction);
/// Fixed-point with |decimals| digits.
std::string FormatFixed(double value, int decimals);
/// A Markdown table cell: pipes escaped, newlines flattened, HTML-significant < > & escaped.
std::string EscapeMarkdownCell(std::string_view text);

}  // namespace ab::bench
