#include "report/escape.h"

#include <cstdint>

#include "report/json_text.h"

namespace ab::report {
namespace {

// Decodes one UTF-8 sequence at |s[i]|; returns the code point and advances |i|. Invalid input yields
// 0xFFFD and advances by one byte, so a broken tool result never aborts a report.
uint32_t NextCodePoint(std::string_view s, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) {
    ++i;
    return c;
  }
  int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || i + static_cast<size_t>(len) > s.size()) {
    ++i;
    return 0xFFFD;
  }
  uint32_t cp = c & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    unsigned char cc = byte(i + static_cast<size_t>(k));
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  static const uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF) {
    ++i;
    return 0xFFFD;
  }
  i += static_cast<size_t>(len);
  return cp;
}

bool XmlAllowed(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         (cp >= 0x10000 && cp <= 0x10FFFF);
}

}  // namespace

void HtmlEscape(std::string_view s, std::ostream& out) {
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char* rep = nullptr;
    switch (s[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&quot;"; break;
      case '\'': rep = "&#39;"; break;
      default: continue;
    }
    out.write(s.data() + start, static_cast<std::streamsize>(i - start));
    out << rep;
    start = i + 1;
  }
  out.write(s.data() + start, static_cast<std::streamsize>(s.size() - start));
}

void XmlEscape(std::string_view s, std::ostream& out) {
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    uint32_t cp = NextCodePoint(s, i);
    switch (cp) {
      case '&': out << "&amp;"; continue;
      case '<': out << "&lt;"; continue;
      case '>': out << "&gt;"; continue;
      case '"': out << "&quot;"; continue;
      case '\'': out << "&apos;"; continue;
      default: break;
    }
    if (cp == 0xFFFD || !XmlAllowed(cp)) {
      out << "\xEF\xBF\xBD";  // invalid UTF-8 or a character XML 1.0 forbids
    } else {
      out.write(s.data() + start, static_cast<std::streamsize>(i - start));
    }
  }
}

std::string MarkdownInline(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    switch (c) {
      case '|': out += "\\|"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\r':
        if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        out += "<br>";
        break;
      case '\n': out += "<br>"; break;
      default: out += c;
    }
  }
  return out;
}

std::string JsonForScript(const Json& j) { return JsonTextForScript(DumpJson(j)); }

size_t DisplayWidth(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace ab::report
