#include "template/parser.h"

#include <cctype>
#include <optional>

namespace ab::tmpl {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Characters that end a bare word: Handlebars IDs may contain almost anything else (dots, dashes, slashes).
bool EndsWord(char c) {
  return IsSpace(c) || c == '=' || c == '}' || c == '{' || c == '\'' || c == '"' || c == '(' || c == ')';
}

bool LooksLikeNumber(std::string_view w) {
  size_t i = (!w.empty() && (w[0] == '-' || w[0] == '+')) ? 1 : 0;
  if (i >= w.size()) return false;
  bool digits = false, dot = false;
  for (; i < w.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(w[i]))) {
      digits = true;
    } else if (w[i] == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits;
}

// Tokenizes the inside of one mustache. |pos| starts after the opening braces and ends after the closing ones.
class ExprParser {
 public:
  ExprParser(std::string_view tpl, size_t pos, bool triple) : tpl_(tpl), pos_(pos), triple_(triple) {}

  Result<Expr> Run(size_t open_offset) {
    Expr expr;
    bool have_head = false;
    while (true) {
      SkipSpace();
      if (pos_ >= tpl_.size()) return Fail(open_offset, "unclosed '" + std::string(triple_ ? "{{{" : "{{") + "'");
      if (tpl_[pos_] == '}') {
        std::string_view close = triple_ ? "}}}" : "}}";
        if (tpl_.substr(pos_, close.size()) != close) {
          return Fail(pos_, "expected '" + std::string(close) + "' to close the expression");
        }
        pos_ += close.size();
        break;
      }
      size_t start = pos_;
      auto arg = ReadValue();
      if (!arg) return arg.error();
      SkipSpace();
      if (pos_ < tpl_.size() && tpl_[pos_] == '=') {
        if (arg->kind != Arg::Kind::kName) return Fail(start, "a key before '=' must be a name");
        ++pos_;
        SkipSpace();
        size_t value_start = pos_;
        if (pos_ >= tpl_.size() || tpl_[pos_] == '}')
          return Fail(value_start, "missing value after '" + arg->text + "='");
        auto value = ReadValue();
        if (!value) return value.error();
        if (!have_head) return Fail(start, "an expression must start with a name, not '" + arg->text + "='");
        expr.named.emplace_back(arg->text, std::move(*value));
        continue;
      }
      if (!have_head) {
        if (arg->kind != Arg::Kind::kName) return Fail(start, "an expression must start with a name");
        expr.head = arg->text;
        expr.offset = start;
        have_head = true;
        continue;
      }
      if (!expr.named.empty()) return Fail(start, "positional argument after key=value arguments");
      expr.positional.push_back(std::move(*arg));
    }
    if (!have_head) return Fail(open_offset, "empty expression");
    return expr;
  }

  size_t pos() const { return pos_; }

 private:
  void SkipSpace() {
    while (pos_ < tpl_.size() && IsSpace(tpl_[pos_])) ++pos_;
  }

  Result<Arg> ReadValue() {
    Arg arg;
    arg.offset = pos_;
    char c = tpl_[pos_];
    if (c == '\'' || c == '"') {
      ++pos_;
      std::string text;
      while (pos_ < tpl_.size() && tpl_[pos_] != c) {
        // A backslash escapes the quote character (and itself); other backslashes stay as written.
        if (tpl_[pos_] == '\\' && pos_ + 1 < tpl_.size() && (tpl_[pos_ + 1] == c || tpl_[pos_ + 1] == '\\')) ++pos_;
        text += tpl_[pos_++];
      }
      if (pos_ >= tpl_.size()) return Fail(arg.offset, "unterminated string");
      ++pos_;
      arg.kind = Arg::Kind::kString;
      arg.text = std::move(text);
      return arg;
    }
    if (c == '(' || c == ')') return Fail(pos_, "subexpressions '( ... )' are not supported");
    if (c == '{') return Fail(pos_, "unexpected '{' inside an expression");
    while (pos_ < tpl_.size() && !EndsWord(tpl_[pos_])) ++pos_;
    arg.text = std::string(tpl_.substr(arg.offset, pos_ - arg.offset));
    if (arg.text.empty()) return Fail(arg.offset, "unexpected '" + std::string(1, c) + "'");
    if (arg.text == "true" || arg.text == "false") {
      arg.kind = Arg::Kind::kBool;
    } else if (LooksLikeNumber(arg.text)) {
      arg.kind = Arg::Kind::kNumber;
    } else {
      arg.kind = Arg::Kind::kName;
    }
    return arg;
  }

  Error Fail(size_t offset, const std::string& what) const {
    return Error(ErrorCode::kParse, "template " + Position(tpl_, offset) + ": " + what);
  }

  std::string_view tpl_;
  size_t pos_;
  bool triple_;
};

}  // namespace

std::string Position(std::string_view tpl, size_t offset) {
  int line = 1, col = 1;
  for (size_t i = 0; i < offset && i < tpl.size(); ++i) {
    if (tpl[i] == '\n') {
      ++line;
      col = 1;
    } else if ((static_cast<unsigned char>(tpl[i]) & 0xC0) != 0x80) {
      ++col;  // count UTF-8 lead bytes only, so a column is a character
    }
  }
  std::string col_text = "column " + std::to_string(col);
  if (tpl.find('\n') == std::string_view::npos) return col_text;
  return "line " + std::to_string(line) + ", " + col_text;
}

Result<std::vector<Node>> Parse(std::string_view tpl) {
  std::vector<Node> nodes;
  std::string text;
  auto flush = [&] {
    if (text.empty()) return;
    Node n;
    n.text = std::move(text);
    nodes.push_back(std::move(n));
    text.clear();
  };
  size_t i = 0;
  while (i < tpl.size()) {
    if (tpl.compare(i, 3, "\\{{") == 0) {
      text += "{{";
      i += 3;
      continue;
    }
    if (tpl.compare(i, 2, "{{") != 0) {
      text += tpl[i++];
      continue;
    }
    flush();
    const size_t open = i;
    if (tpl.compare(i, 5, "{{!--") == 0) {
      size_t end = tpl.find("--}}", i + 5);
      if (end == std::string_view::npos) {
        return Error(ErrorCode::kParse, "template " + Position(tpl, open) + ": unclosed comment '{{!--'");
      }
      i = end + 4;
      continue;
    }
    if (tpl.compare(i, 3, "{{!") == 0) {
      size_t end = tpl.find("}}", i + 3);
      if (end == std::string_view::npos) {
        return Error(ErrorCode::kParse, "template " + Position(tpl, open) + ": unclosed comment '{{!'");
      }
      i = end + 2;
      continue;
    }
    const bool triple = tpl.compare(i, 3, "{{{") == 0;
    size_t pos = i + (triple ? 3 : 2);
    while (pos < tpl.size() && IsSpace(tpl[pos])) ++pos;
    if (!triple && pos < tpl.size() && tpl[pos] == '&') ++pos;  // {{&x}} is Handlebars' other raw form
    if (pos < tpl.size() && (tpl[pos] == '#' || tpl[pos] == '/' || tpl[pos] == '^' || tpl[pos] == '>')) {
      return Error(ErrorCode::kUnsupported, "template " + Position(tpl, pos) + ": block helpers and partials ('" +
                                                std::string(1, tpl[pos]) + "') are not supported");
    }
    ExprParser parser(tpl, pos, triple);
    auto expr = parser.Run(open);
    if (!expr) return expr.error();
    Node n;
    n.is_expr = true;
    n.expr = std::move(*expr);
    nodes.push_back(std::move(n));
    i = parser.pos();
  }
  flush();
  return nodes;
}

}  // namespace ab::tmpl
