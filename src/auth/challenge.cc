#include "auth/challenge.h"

#include <cctype>

#include "base/strings.h"

namespace ab::auth {
namespace {

constexpr size_t kMaxValueBytes = 8192;

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~/").find(c) != std::string_view::npos;
}

}  // namespace

BearerChallenge ParseBearerChallenge(std::string_view header) {
  BearerChallenge out;
  size_t i = 0;
  const size_t n = header.size();
  auto skip_blank = [&] {
    while (i < n && (header[i] == ' ' || header[i] == '\t' || header[i] == ',')) ++i;
  };
  bool in_bearer = false;
  while (i < n) {
    skip_blank();
    size_t start = i;
    while (i < n && IsTokenChar(header[i])) ++i;
    std::string word(header.substr(start, i - start));
    if (word.empty()) {
      ++i;  // a stray character: skip it
      continue;
    }
    size_t j = i;
    while (j < n && (header[j] == ' ' || header[j] == '\t')) ++j;
    if (j < n && header[j] == '=') {
      // name=value (a token68 ending in '=' is not used by Bearer and reads as an empty value here).
      i = j + 1;
      while (i < n && (header[i] == ' ' || header[i] == '\t')) ++i;
      std::string value;
      bool too_long = false;
      if (i < n && header[i] == '"') {
        ++i;
        while (i < n && header[i] != '"') {
          if (header[i] == '\\' && i + 1 < n) ++i;
          if (value.size() < kMaxValueBytes) value += header[i];
          else too_long = true;
          ++i;
        }
        if (i < n) ++i;  // closing quote
      } else {
        size_t vstart = i;
        while (i < n && header[i] != ',' && header[i] != ' ' && header[i] != '\t') ++i;
        value = std::string(header.substr(vstart, std::min(i - vstart, kMaxValueBytes)));
        too_long = i - vstart > kMaxValueBytes;
      }
      if (in_bearer && !too_long) out.params.emplace(ToLower(word), value);
      continue;
    }
    // A bare word starts a new challenge (its auth-scheme).
    if (out.present && in_bearer) break;  // the Bearer challenge ended
    in_bearer = ToLower(word) == "bearer";
    if (in_bearer) out.present = true;
  }
  return out;
}

}  // namespace ab::auth
