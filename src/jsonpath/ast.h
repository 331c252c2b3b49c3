// The parsed form of an RFC 9535 JSONPath query. Plain copyable data: the parser builds it once, the evaluator
// walks it many times. Recursion goes through std::vector members, which may hold an incomplete type (C++17), so
// no pointers and no ownership rules are needed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"

namespace ab::jsonpath::ast {

struct Expr;

/// One selector inside a segment: `.name`, `*`, `[3]`, `[1:5:2]` or `[?filter]`.
struct Selector {
  enum class Kind { kName, kWildcard, kIndex, kSlice, kFilter };
  Kind kind = Kind::kName;
  std::string name;              ///< kName
  int64_t index = 0;             ///< kIndex; negative counts from the end
  std::optional<int64_t> start;  ///< kSlice
  std::optional<int64_t> end;    ///< kSlice
  int64_t step = 1;              ///< kSlice
  std::vector<Expr> filter;      ///< kFilter: exactly one logical expression
};

/// `.x` / `[a,b]` (child) or `..x` / `..[a,b]` (descendant).
struct Segment {
  bool descendant = false;
  std::vector<Selector> selectors;
};

/// `$...` (absolute) or `@...` (relative to the current filter node).
struct Query {
  bool relative = false;
  std::vector<Segment> segments;
  /// True when the query can select at most one node: child segments of one name or index selector each.
  bool IsSingular() const;
};

/// The static type of a function's result (RFC 9535 §2.4.1).
enum class FunctionType { kValue, kLogical, kNodes };

/// A filter expression node. Logical nodes (kOr, kAnd, kNot, kCompare) yield true/false; primaries (kLiteral,
/// kQuery, kFunction) yield a value, a nodelist or a logical depending on where they stand.
struct Expr {
  enum class Kind { kOr, kAnd, kNot, kCompare, kLiteral, kQuery, kFunction };
  Kind kind = Kind::kLiteral;
  std::string op;                                   ///< kCompare: == != < <= > >=; kFunction: the function name
  Json literal;                                     ///< kLiteral
  Query query;                                      ///< kQuery
  std::vector<Expr> args;                           ///< operands of logical nodes and comparisons; function arguments
  FunctionType result_type = FunctionType::kValue;  ///< kFunction
};

}  // namespace ab::jsonpath::ast
