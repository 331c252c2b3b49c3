// Tokens of the grammar: integers (§2.1 I-JSON range), number literals, string literals with their escapes, and
// lower-case words (keywords and function names).
#include <cstdlib>

#include "base/json_parse.h"
#include "jsonpath/jsonpath.h"
#include "jsonpath/parser.h"

namespace ab::jsonpath {
namespace {

constexpr int64_t kMaxSafeInt = 9007199254740991;  // 2^53 - 1

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

using ast::Expr;

bool Parser::ParseInt(int64_t& out) {
  size_t start = pos_;
  bool negative = Consume("-");
  if (!IsDigit(Peek())) {
    Fail("expected an integer", start);
    return false;
  }
  if (Peek() == '0' && (negative || IsDigit(Peek(1)))) {
    Fail(negative ? "'-0' is not a valid integer" : "leading zeros are not allowed", start);
    return false;
  }
  size_t digits = pos_;
  while (IsDigit(Peek())) ++pos_;
  if (pos_ - digits > 16) {
    Fail("integer out of range", start);
    return false;
  }
  int64_t v = std::strtoll(std::string(s_.substr(digits, pos_ - digits)).c_str(), nullptr, 10);
  if (v > kMaxSafeInt) {
    Fail("integer out of range", start);
    return false;
  }
  out = negative ? -v : v;
  return true;
}

bool Parser::ParseHex4(uint32_t& out) {
  out = 0;
  for (int i = 0; i < 4; ++i) {
    char c = Peek();
    uint32_t d;
    if (IsDigit(c)) {
      d = static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      d = static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      d = static_cast<uint32_t>(c - 'A' + 10);
    } else {
      Fail("expected 4 hex digits after \\u");
      return false;
    }
    out = out * 16 + d;
    ++pos_;
  }
  return true;
}

bool Parser::ParseString(std::string& out) {
  char quote = Peek();
  size_t start = pos_++;
  for (;;) {
    if (AtEnd()) {
      Fail("unterminated string", start);
      return false;
    }
    char c = s_[pos_];
    if (c == quote) {
      ++pos_;
      return true;
    }
    if (static_cast<unsigned char>(c) < 0x20) {
      Fail("control character in a string");
      return false;
    }
    if (c != '\\') {
      out += c;
      ++pos_;
      continue;
    }
    ++pos_;
    char e = Peek();
    ++pos_;
    switch (e) {
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case '/': out += '/'; break;
      case '\\': out += '\\'; break;
      case 'u': {
        uint32_t cp = 0;
        if (!ParseHex4(cp)) return false;
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
          Fail("unpaired low surrogate");
          return false;
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t low = 0;
          if (!Consume("\\u") || !ParseHex4(low) || low < 0xDC00 || low > 0xDFFF) {
            Fail("unpaired high surrogate");
            return false;
          }
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        AppendUtf8(out, cp);
        break;
      }
      default:
        if (e == quote) {
          out += e;
          break;
        }
        Fail("invalid escape sequence", pos_ - 2);
        return false;
    }
  }
}

// Function names (§2.4) and the keyword literals share their first characters; both are lower-case words.
std::string_view Parser::PeekWord() const {
  size_t end = pos_;
  while (end < s_.size() && ((s_[end] >= 'a' && s_[end] <= 'z') || s_[end] == '_' || IsDigit(s_[end]))) ++end;
  return s_.substr(pos_, end - pos_);
}

void Parser::SkipBlanksIfFollowedBy(std::string_view token) {
  size_t save = pos_;
  SkipBlanks();
  if (s_.substr(pos_, token.size()) != token) pos_ = save;
}

bool Parser::ParseNumber(Expr& out) {
  size_t start = pos_;
  Consume("-");
  if (!IsDigit(Peek())) {
    Fail("expected a number", start);
    return false;
  }
  if (Peek() == '0' && IsDigit(Peek(1))) {
    Fail("leading zeros are not allowed", start);
    return false;
  }
  while (IsDigit(Peek())) ++pos_;
  if (Peek() == '.') {
    ++pos_;
    if (!IsDigit(Peek())) {
      Fail("expected digits after '.'");
      return false;
    }
    while (IsDigit(Peek())) ++pos_;
  }
  if (Peek() == 'e' || Peek() == 'E') {
    ++pos_;
    if (Peek() == '+' || Peek() == '-') ++pos_;
    if (!IsDigit(Peek())) {
      Fail("expected digits in the exponent");
      return false;
    }
    while (IsDigit(Peek())) ++pos_;
  }
  Json v = ParseJsonOrDiscarded(s_.substr(start, pos_ - start));
  if (v.is_discarded()) {
    Fail("invalid number", start);
    return false;
  }
  out.kind = Expr::Kind::kLiteral;
  out.literal = std::move(v);
  return true;
}

}  // namespace ab::jsonpath
