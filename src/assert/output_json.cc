#include "assert/output_json.h"

#include "base/json_parse.h"
#include "base/strings.h"

namespace ab::assertions {
namespace {

std::optional<Json> TryParse(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  Json j = ParseJsonOrDiscarded(text);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

}  // namespace

std::optional<Json> ParseOutputJson(const std::string& text) {
  if (auto whole = TryParse(text)) return whole;
  size_t pos = 0;
  while ((pos = text.find("```", pos)) != std::string::npos) {
    size_t line_end = text.find('\n', pos);
    if (line_end == std::string::npos) return std::nullopt;
    std::string_view lang = Trim(std::string_view(text).substr(pos + 3, line_end - pos - 3));
    size_t close = text.find("```", line_end);
    if (close == std::string::npos) return std::nullopt;
    if (lang.empty() || ToLower(lang) == "json") {
      if (auto block = TryParse(std::string_view(text).substr(line_end + 1, close - line_end - 1))) return block;
    }
    pos = close + 3;
  }
  return std::nullopt;
}

}  // namespace ab::assertions
