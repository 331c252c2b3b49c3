// Filter expressions (§2.3.5) and function extensions (§2.4), with the well-typedness rules of §2.4.3 applied
// while parsing, so a query that parses is always safe to evaluate.
#include <utility>

#include "jsonpath/functions.h"
#include "jsonpath/parser.h"

namespace ab::jsonpath {
namespace {

using ast::Expr;
using ast::FunctionType;

constexpr int kMaxNesting = 100;

bool IsLogical(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::kOr:
    case Expr::Kind::kAnd:
    case Expr::Kind::kNot:
    case Expr::Kind::kCompare: return true;
    default: return false;
  }
}

}  // namespace

// Every nesting (parentheses, function arguments, filters inside filters) passes through here; the limit
// keeps a hostile query from exhausting the stack.
bool Parser::ParseOr(Expr& out) {
  if (++depth_ > kMaxNesting) {
    Fail("expression nested too deeply");
    return false;
  }
  bool ok = ParseOrUnguarded(out);
  --depth_;
  return ok;
}

bool Parser::ParseOrUnguarded(Expr& out) {
  size_t first_at = pos_;
  Expr first;
  if (!ParseAnd(first)) return false;
  SkipBlanksIfFollowedBy("||");
  if (Peek() != '|') {
    out = std::move(first);
    return true;
  }
  out.kind = Expr::Kind::kOr;
  out.args.push_back(std::move(first));
  while (Consume("||")) {
    SkipBlanks();
    size_t at = pos_;
    Expr next;
    if (!ParseAnd(next) || !RequireLogical(next, at)) return false;
    out.args.push_back(std::move(next));
    SkipBlanksIfFollowedBy("||");
  }
  return RequireLogical(out.args[0], first_at);
}

bool Parser::ParseAnd(Expr& out) {
  size_t first_at = pos_;
  Expr first;
  if (!ParseBasic(first)) return false;
  SkipBlanksIfFollowedBy("&&");
  if (Peek() != '&') {
    out = std::move(first);
    return true;
  }
  out.kind = Expr::Kind::kAnd;
  out.args.push_back(std::move(first));
  while (Consume("&&")) {
    SkipBlanks();
    size_t at = pos_;
    Expr next;
    if (!ParseBasic(next) || !RequireLogical(next, at)) return false;
    out.args.push_back(std::move(next));
    SkipBlanksIfFollowedBy("&&");
  }
  return RequireLogical(out.args[0], first_at);
}

bool Parser::ParseBasic(Expr& out) {
  if (Consume("!")) {
    SkipBlanks();
    size_t at = pos_;
    Expr operand;
    if (Peek() == '(') {
      if (!ParseParen(operand)) return false;
    } else {
      if (!ParsePrimary(operand)) return false;
      if (operand.kind == Expr::Kind::kLiteral) {
        Fail("'!' needs a test or a parenthesized expression", at);
        return false;
      }
      if (!RequireLogical(operand, at)) return false;
    }
    out.kind = Expr::Kind::kNot;
    out.args.push_back(std::move(operand));
    return true;
  }
  if (Peek() == '(') return ParseParen(out);
  size_t at = pos_;
  Expr left;
  if (!ParsePrimary(left)) return false;
  size_t save = pos_;
  SkipBlanks();
  static const char* const kOps[] = {"==", "!=", "<=", ">=", "<", ">"};
  for (const char* op : kOps) {
    if (!Consume(op)) continue;
    if (!RequireComparable(left, at)) return false;
    SkipBlanks();
    size_t rat = pos_;
    Expr right;
    if (!ParsePrimary(right) || !RequireComparable(right, rat)) return false;
    out.kind = Expr::Kind::kCompare;
    out.op = op;
    out.args.push_back(std::move(left));
    out.args.push_back(std::move(right));
    return true;
  }
  pos_ = save;
  out = std::move(left);
  return true;
}

bool Parser::ParseParen(Expr& out) {
  ++pos_;  // '('
  SkipBlanks();
  size_t at = pos_;
  Expr inner;
  if (!ParseOr(inner) || !RequireLogical(inner, at)) return false;
  SkipBlanks();
  if (!Consume(")")) {
    Fail("expected ')'");
    return false;
  }
  // Keep the group visibly logical, so `length((@.a))` is rejected like the grammar requires.
  if (IsLogical(inner)) {
    out = std::move(inner);
  } else {
    out.kind = Expr::Kind::kOr;
    out.args.push_back(std::move(inner));
  }
  return true;
}

// literal / filter-query / function-expr
bool Parser::ParsePrimary(Expr& out) {
  char c = Peek();
  if (c == '@' || c == '$') {
    out.kind = Expr::Kind::kQuery;
    out.query.relative = c == '@';
    ++pos_;
    return ParseSegments(out.query);
  }
  if (c == '\'' || c == '"') {
    std::string s;
    if (!ParseString(s)) return false;
    out.kind = Expr::Kind::kLiteral;
    out.literal = s;
    return true;
  }
  if (c == '-' || IsDigit(c)) return ParseNumber(out);
  std::string_view word = PeekWord();
  if (word == "true" || word == "false" || word == "null") {
    pos_ += word.size();
    out.kind = Expr::Kind::kLiteral;
    out.literal = word == "null" ? Json(nullptr) : Json(word == "true");
    return true;
  }
  if (!word.empty() && word[0] >= 'a' && word[0] <= 'z' && s_.substr(pos_ + word.size(), 1) == "(") {
    return ParseFunction(out, word);
  }
  if (AtEnd()) {
    Fail("expected an expression before the end");
  } else {
    Fail("expected a literal, a query ('@' or '$') or a function call");
  }
  return false;
}

bool Parser::ParseFunction(Expr& out, std::string_view name) {
  size_t at = pos_;
  const FunctionSignature* sig = FindFunction(name);
  if (sig == nullptr) {
    Fail("unknown function '" + std::string(name) + "'", at);
    return false;
  }
  pos_ += name.size() + 1;  // name and '('
  out.kind = Expr::Kind::kFunction;
  out.op = std::string(name);
  out.result_type = sig->result;
  SkipBlanks();
  if (!Consume(")")) {
    for (;;) {
      size_t arg_at = pos_;
      Expr arg;
      if (!ParseOr(arg)) return false;
      size_t index = out.args.size();
      if (index >= sig->params.size()) {
        Fail(std::string(name) + "() takes " + std::to_string(sig->params.size()) + " argument(s)", arg_at);
        return false;
      }
      if (!CheckArgument(arg, sig->params[index], arg_at)) return false;
      out.args.push_back(std::move(arg));
      SkipBlanks();
      if (Consume(")")) break;
      if (!Consume(",")) {
        Fail("expected ',' or ')' in the arguments of " + std::string(name) + "()");
        return false;
      }
      SkipBlanks();
    }
  }
  if (out.args.size() != sig->params.size()) {
    Fail(std::string(name) + "() takes " + std::to_string(sig->params.size()) + " argument(s)", at);
    return false;
  }
  return true;
}

bool Parser::CheckArgument(const Expr& arg, FunctionType param, size_t at) {
  switch (param) {
    case FunctionType::kValue:
      if (arg.kind == Expr::Kind::kLiteral) return true;
      if (arg.kind == Expr::Kind::kQuery && arg.query.IsSingular()) return true;
      if (arg.kind == Expr::Kind::kFunction && arg.result_type == FunctionType::kValue) return true;
      Fail("argument must be a value (a literal, a singular query or a value function)", at);
      return false;
    case FunctionType::kNodes:
      if (arg.kind == Expr::Kind::kQuery) return true;
      if (arg.kind == Expr::Kind::kFunction && arg.result_type == FunctionType::kNodes) return true;
      Fail("argument must be a query", at);
      return false;
    case FunctionType::kLogical: return RequireLogical(arg, at);
  }
  return false;
}

// Where a test-expr or a logical expression stands: queries test existence, functions must not yield values.
bool Parser::RequireLogical(const Expr& e, size_t at) {
  if (IsLogical(e) || e.kind == Expr::Kind::kQuery) return true;
  if (e.kind == Expr::Kind::kFunction) {
    if (e.result_type != FunctionType::kValue) return true;
    Fail(e.op + "() yields a value: compare it instead of testing it", at);
    return false;
  }
  Fail("a literal must be part of a comparison", at);
  return false;
}

bool Parser::RequireComparable(const Expr& e, size_t at) {
  if (e.kind == Expr::Kind::kLiteral) return true;
  if (e.kind == Expr::Kind::kQuery) {
    if (e.query.IsSingular()) return true;
    Fail("only singular queries (names and indices) can be compared", at);
    return false;
  }
  if (e.kind == Expr::Kind::kFunction) {
    if (e.result_type == FunctionType::kValue) return true;
    Fail(e.op + "() does not yield a comparable value", at);
    return false;
  }
  Fail("expected a comparable operand", at);
  return false;
}

}  // namespace ab::jsonpath
