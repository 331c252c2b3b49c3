// Queries, segments and selectors (RFC 9535 §2.1–§2.3, §2.5; ABNF in Appendix A).
#include "jsonpath/parser.h"

#include <utility>

#include "jsonpath/jsonpath.h"

namespace ab::jsonpath {

using ast::Expr;
using ast::Query;
using ast::Segment;
using ast::Selector;

Result<Query> Parser::ParseQuery() {
  if (s_.empty()) return Fail("empty query, expected '$'");
  if (Peek() != '$') return Fail("a query must start with '$'");
  ++pos_;
  Query q;
  if (!ParseSegments(q)) return *error_;
  if (pos_ != s_.size()) return Fail("unexpected '" + std::string(1, Peek()) + "'");
  return q;
}

void Parser::SkipBlanks() {
  while (!AtEnd() && IsBlank(Peek())) ++pos_;
}

bool Parser::Consume(std::string_view token) {
  if (s_.substr(pos_, token.size()) != token) return false;
  pos_ += token.size();
  return true;
}

Error Parser::Fail(const std::string& what, size_t at) {
  if (!error_) error_ = Error(ErrorCode::kParse, "at column " + std::to_string(at + 1) + ": " + what);
  return *error_;
}

// segments = *(S segment). Blanks are only allowed when a segment follows them.
bool Parser::ParseSegments(Query& q) {
  for (;;) {
    size_t save = pos_;
    SkipBlanks();
    if (Peek() == '[' || Peek() == '.') {
      Segment seg;
      if (!ParseSegment(seg)) return false;
      q.segments.push_back(std::move(seg));
    } else {
      pos_ = save;
      return true;
    }
  }
}

bool Parser::ParseSegment(Segment& seg) {
  if (Consume("..")) {
    seg.descendant = true;
    if (Peek() == '[') return ParseBracketed(seg);
    return ParseDotSelector(seg, "'..'");
  }
  if (Consume(".")) return ParseDotSelector(seg, "'.'");
  return ParseBracketed(seg);
}

bool Parser::ParseDotSelector(Segment& seg, const std::string& after) {
  Selector sel;
  if (Consume("*")) {
    sel.kind = Selector::Kind::kWildcard;
  } else if (IsNameFirst(Peek())) {
    size_t start = pos_;
    while (!AtEnd() && IsNameChar(Peek())) ++pos_;
    sel.name = std::string(s_.substr(start, pos_ - start));
  } else {
    Fail("expected a member name or '*' after " + after);
    return false;
  }
  seg.selectors.push_back(std::move(sel));
  return true;
}

bool Parser::ParseBracketed(Segment& seg) {
  ++pos_;  // '['
  for (;;) {
    SkipBlanks();
    Selector sel;
    if (!ParseSelector(sel)) return false;
    seg.selectors.push_back(std::move(sel));
    SkipBlanks();
    if (Consume("]")) return true;
    if (!Consume(",")) {
      Fail(AtEnd() ? "expected ']' before the end" : "expected ',' or ']'");
      return false;
    }
  }
}

bool Parser::ParseSelector(Selector& sel) {
  char c = Peek();
  if (c == '\'' || c == '"') {
    sel.kind = Selector::Kind::kName;
    return ParseString(sel.name);
  }
  if (c == '*') {
    ++pos_;
    sel.kind = Selector::Kind::kWildcard;
    return true;
  }
  if (c == '?') {
    ++pos_;
    SkipBlanks();
    sel.kind = Selector::Kind::kFilter;
    size_t at = pos_;
    Expr e;
    if (!ParseOr(e)) return false;
    if (!RequireLogical(e, at)) return false;
    sel.filter.push_back(std::move(e));
    return true;
  }
  if (c == '-' || IsDigit(c) || c == ':') return ParseIndexOrSlice(sel);
  if (AtEnd()) {
    Fail("expected a selector before the end");
  } else {
    Fail("expected a selector (name, '*', index, slice or filter)");
  }
  return false;
}

bool Parser::ParseIndexOrSlice(Selector& sel) {
  std::optional<int64_t> first;
  if (Peek() != ':') {
    int64_t v = 0;
    if (!ParseInt(v)) return false;
    first = v;
  }
  SkipBlanks();
  if (Peek() != ':') {
    sel.kind = Selector::Kind::kIndex;
    sel.index = *first;
    return true;
  }
  ++pos_;
  sel.kind = Selector::Kind::kSlice;
  sel.start = first;
  SkipBlanks();
  if (Peek() == '-' || IsDigit(Peek())) {
    int64_t v = 0;
    if (!ParseInt(v)) return false;
    sel.end = v;
    SkipBlanks();
  }
  if (Consume(":")) {
    SkipBlanks();
    if (Peek() == '-' || IsDigit(Peek())) {
      int64_t v = 0;
      if (!ParseInt(v)) return false;
      sel.step = v;
    }
  }
  return true;
}

bool ast::Query::IsSingular() const {
  for (const auto& seg : segments) {
    if (seg.descendant || seg.selectors.size() != 1) return false;
    auto kind = seg.selectors[0].kind;
    if (kind != Selector::Kind::kName && kind != Selector::Kind::kIndex) return false;
  }
  return true;
}

Result<Path> Parse(std::string_view text) {
  Parser parser(text);
  Result<Query> q = parser.ParseQuery();
  if (!q) return q.error();
  return Path(std::string(text), std::move(*q));
}

}  // namespace ab::jsonpath
