// The RFC 9535 parser (internal to the jsonpath library). One class, defined across three files by concern:
// parser.cc (queries, segments, selectors), lexer.cc (integers, numbers, strings, words) and filter_parser.cc
// (filter expressions, functions and the well-typedness rules of §2.4.3).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "jsonpath/ast.h"

namespace ab::jsonpath {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
/// name-first of §2.5.1.1: ALPHA, '_' or any non-ASCII byte (UTF-8 is not re-validated).
inline bool IsNameFirst(char c) { return IsAlpha(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }
inline bool IsNameChar(char c) { return IsNameFirst(c) || IsDigit(c); }
/// The blank characters S of the grammar.
inline bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// Parses one query; holds only the text and a cursor, so it is cheap and single-use.
class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}
  /// The whole text as a query; the first error (with its column) otherwise.
  Result<ast::Query> ParseQuery();

 private:
  char Peek(size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  bool AtEnd() const { return pos_ >= s_.size(); }
  Error Fail(const std::string& what) { return Fail(what, pos_); }
  void SkipBlanks();
  bool Consume(std::string_view token);
  Error Fail(const std::string& what, size_t at);
  // segments = *(S segment). Blanks are only allowed when a segment follows them.
  bool ParseSegments(ast::Query& q);
  bool ParseSegment(ast::Segment& seg);
  bool ParseDotSelector(ast::Segment& seg, const std::string& after);
  bool ParseBracketed(ast::Segment& seg);
  bool ParseSelector(ast::Selector& sel);
  bool ParseInt(int64_t& out);
  bool ParseIndexOrSlice(ast::Selector& sel);
  bool ParseHex4(uint32_t& out);
  bool ParseString(std::string& out);
  // Function names (§2.4) and the keyword literals share their first characters; both are lower-case words.
  std::string_view PeekWord() const;
  // Every nesting (parentheses, function arguments, filters inside filters) passes through here; the limit
  // keeps a hostile query from exhausting the stack.
  bool ParseOr(ast::Expr& out);
  bool ParseOrUnguarded(ast::Expr& out);
  bool ParseAnd(ast::Expr& out);
  void SkipBlanksIfFollowedBy(std::string_view token);
  bool ParseBasic(ast::Expr& out);
  bool ParseParen(ast::Expr& out);
  // literal / filter-query / function-expr
  bool ParsePrimary(ast::Expr& out);
  bool ParseNumber(ast::Expr& out);
  bool ParseFunction(ast::Expr& out, std::string_view name);
  bool CheckArgument(const ast::Expr& arg, ast::FunctionType param, size_t at);
  // Where a test-expr or a logical expression stands: queries test existence, functions must not yield values.
  bool RequireLogical(const ast::Expr& e, size_t at);
  bool RequireComparable(const ast::Expr& e, size_t at);

  std::string_view s_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::optional<Error> error_;
};

}  // namespace ab::jsonpath
