// JSONPath (RFC 9535): parse a query once, evaluate it against many documents. Supports the whole RFC grammar:
// root `$`, child and descendant segments, names, wildcards, indices, slices, unions and filters with comparisons,
// logical operators, existence tests and the functions length(), count(), match(), search() and value().
// Thread-safe: a Path is immutable after Parse and may be evaluated from several threads.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/json.h"
#include "base/result.h"
#include "jsonpath/ast.h"

namespace ab::jsonpath {

/// A parsed, validated query.
class Path {
 public:
  Path(std::string text, ast::Query query) : text_(std::move(text)), query_(std::move(query)) {}
  /// The query as written.
  const std::string& text() const { return text_; }
  /// True when the query selects at most one node (only name and index selectors, no descendants).
  bool IsSingular() const { return query_.IsSingular(); }
  const ast::Query& query() const { return query_; }

 private:
  std::string text_;
  ast::Query query_;
};

/// Parses |text|. Errors are kParse with a message of the form "at column N: what was expected" (1-based column,
/// in bytes), covering both syntax and RFC 9535 well-typedness (e.g. a non-singular query in a comparison).
Result<Path> Parse(std::string_view text);

/// The nodelist |path| selects in |root|, in document order for arrays (object members in their stored order).
/// Pointers point into |root| and stay valid as long as it is not modified.
std::vector<const Json*> Select(const Path& path, const Json& root);

/// RFC 9535 value equality: numbers compare numerically (1 == 1.0), objects regardless of member order.
bool JsonEqual(const Json& a, const Json& b);

}  // namespace ab::jsonpath
