// Parses a template into text runs and mustache expressions. Syntax only: it does not know which names are
// helpers (helpers.h decides that) nor what any name is bound to.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace ab::tmpl {

/// One argument of an expression, as written.
struct Arg {
  enum class Kind { kString, kNumber, kBool, kName };
  Kind kind = Kind::kString;
  std::string text;   ///< unquoted string, number or bool spelling, or the name
  size_t offset = 0;  ///< byte offset in the template, for messages
};

/// The inside of one {{ ... }}: a head name and its arguments.
struct Expr {
  std::string head;
  size_t offset = 0;  ///< byte offset of |head|
  std::vector<Arg> positional;
  std::vector<std::pair<std::string, Arg>> named;  ///< key=value, in written order
};

/// A run of literal text, or an expression when |is_expr|.
struct Node {
  bool is_expr = false;
  std::string text;
  Expr expr;
};

/// Splits |tpl| into nodes. Handles "\{{" (a literal "{{"), "{{{x}}}" (same as "{{x}}": nothing is escaped),
/// comments "{{! ... }}" and "{{!-- ... --}}" (dropped), and "{{ x }}" with spaces. Errors name the position.
Result<std::vector<Node>> Parse(std::string_view tpl);

/// "line 2, column 5" (or "column 5" on a one-line template) for byte |offset| of |tpl|; columns count
/// characters, not bytes.
std::string Position(std::string_view tpl, size_t offset);

}  // namespace ab::tmpl
