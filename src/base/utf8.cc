#include "base/utf8.h"

namespace ab {
namespace {

bool InRange(unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; }

// Length of the valid sequence starting at |i| (1-4), or 0 with |bad| set to the length of the maximal invalid
// subpart there (the lead byte plus the continuation bytes that were still acceptable), which is at least 1.
size_t SequenceAt(std::string_view s, size_t i, size_t& bad) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return 1;
  size_t need = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the range of the first continuation byte, narrowed by some lead bytes
  if (InRange(b, 0xC2, 0xDF)) {
    need = 1;
  } else if (b == 0xE0) {
    need = 2, lo = 0xA0;  // no overlong forms
  } else if (InRange(b, 0xE1, 0xEC) || b == 0xEE || b == 0xEF) {
    need = 2;
  } else if (b == 0xED) {
    need = 2, hi = 0x9F;  // no surrogates
  } else if (b == 0xF0) {
    need = 3, lo = 0x90;
  } else if (InRange(b, 0xF1, 0xF3)) {
    need = 3;
  } else if (b == 0xF4) {
    need = 3, hi = 0x8F;  // nothing above U+10FFFF
  } else {
    bad = 1;
    return 0;
  }
  for (size_t k = 1; k <= need; ++k) {
    if (i + k >= s.size()) {
      bad = k;
      return 0;
    }
    const auto c = static_cast<unsigned char>(s[i + k]);
    if (k == 1 ? !InRange(c, lo, hi) : !InRange(c, 0x80, 0xBF)) {
      bad = k;
      return 0;
    }
  }
  return need + 1;
}

}  // namespace

size_t FirstInvalidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    // ASCII runs are the common case: skip them without the decoder.
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t bad = 0;
    const size_t n = SequenceAt(text, i, bad);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

std::string ValidUtf8(std::string_view text) {
  const size_t first = FirstInvalidUtf8(text);
  if (first == std::string_view::npos) return std::string(text);
  std::string out(text.substr(0, first));
  out.reserve(text.size() + 16);
  size_t i = first;
  while (i < text.size()) {
    size_t bad = 0;
    const size_t n = SequenceAt(text, i, bad);
    if (n == 0) {
      out += kReplacementChar;
      i += bad;
    } else {
      out.append(text, i, n);
      i += n;
    }
  }
  return out;
}

bool MakeValidUtf8(std::string& text) {
  if (FirstInvalidUtf8(text) == std::string::npos) return false;
  text = ValidUtf8(text);
  return true;
}

}  // namespace ab
