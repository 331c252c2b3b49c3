#include "base/json_parse.h"

#include <string>

#include "base/utf8.h"

namespace ab {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// End of the string literal whose opening quote is at |open| (the offset after its closing quote), or npos.
size_t StringEnd(std::string_view text, size_t open) {
  for (size_t i = open + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// A flat pass over |text| counting brackets outside strings: nlohmann's parser itself keeps its stack on the heap,
// but everything that walks the tree afterwards recurses, so the depth is refused before any tree exists.
Status CheckDepth(std::string_view text, size_t max_depth) {
  size_t depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      const size_t end = StringEnd(text, i);
      if (end == std::string_view::npos) return Status::Ok();  // unterminated: the parser reports it
      i = end - 1;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return Error(ErrorCode::kParse, "JSON nested deeper than " + std::to_string(max_depth) +
                                            " levels (json_max_depth) at byte " + std::to_string(i));
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return Status::Ok();
}

Result<Json> ParseChecked(std::string_view text) {
  try {
    return Json::parse(text);
  } catch (const Json::exception& e) {
    // "[json.exception.parse_error.101] parse error at ..." -> "parse error at ..."
    std::string what = e.what();
    if (const size_t cut = what.find("] "); what.rfind("[json.exception.", 0) == 0 && cut != std::string::npos) {
      what.erase(0, cut + 2);
    }
    return Error(ErrorCode::kParse, "invalid JSON: " + what);
  }
}

}  // namespace

Status CheckJsonLimits(std::string_view text, JsonLimits limits) {
  if (text.size() > limits.max_bytes) {
    return Error(ErrorCode::kParse, "JSON text of " + std::to_string(text.size()) + " bytes is larger than " +
                                        std::to_string(limits.max_bytes) + " bytes (json_max_bytes)");
  }
  return CheckDepth(text, limits.max_depth);
}

Result<Json> ParseJson(std::string_view text, JsonLimits limits) {
  if (Status checked = CheckJsonLimits(text, limits); !checked.ok()) return checked.error();
  if (FirstInvalidUtf8(text) != std::string_view::npos) return ParseChecked(ValidUtf8(text));
  return ParseChecked(text);
}

bool IsJsonLimitError(const Error& error) {
  return error.message.find("(json_max_depth)") != std::string::npos ||
         error.message.find("(json_max_bytes)") != std::string::npos;
}

Json ParseJsonOrDiscarded(std::string_view text, JsonLimits limits) {
  Result<Json> parsed = ParseJson(text, limits);
  if (!parsed) return Json(Json::value_t::discarded);
  return std::move(parsed.value());
}

std::optional<Json> PeekTopLevelMember(std::string_view text, std::string_view key) {
  size_t i = 0;
  while (i < text.size() && IsSpace(text[i])) ++i;
  if (i >= text.size() || text[i] != '{') return std::nullopt;
  size_t depth = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      if (depth-- <= 1) return std::nullopt;  // the top-level object ended
    } else if (c == '"') {
      const size_t end = StringEnd(text, i);
      if (end == std::string_view::npos) return std::nullopt;
      const std::string_view name = text.substr(i + 1, end - i - 2);
      i = end - 1;
      if (depth != 1 || name != key) continue;
      size_t v = end;
      while (v < text.size() && IsSpace(text[v])) ++v;
      if (v >= text.size() || text[v] != ':') continue;  // a value equal to the key, not the key
      ++v;
      while (v < text.size() && IsSpace(text[v])) ++v;
      if (v >= text.size()) return std::nullopt;
      size_t value_end = v;
      if (text[v] == '"') {
        value_end = StringEnd(text, v);
        if (value_end == std::string_view::npos) return std::nullopt;
      } else {
        while (value_end < text.size() && text[value_end] != ',' && text[value_end] != '}' && text[value_end] != ']' &&
               text[value_end] != '{' && text[value_end] != '[' && value_end - v < 64) {
          ++value_end;
        }
      }
      Result<Json> value = ParseJson(text.substr(v, value_end - v));
      if (!value || value->is_structured()) return std::nullopt;
      return std::move(value.value());
    }
  }
  return std::nullopt;
}

}  // namespace ab
