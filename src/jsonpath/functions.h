// The RFC 9535 function extensions: their signatures (for the parser's type checks) and their implementations
// (for the evaluator). Internal to the jsonpath library.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "jsonpath/ast.h"

namespace ab::jsonpath {

/// A function's declared parameter and result types.
struct FunctionSignature {
  std::string_view name;
  std::vector<ast::FunctionType> params;
  ast::FunctionType result;
};

/// The signature of the function |name|, or nullptr when no such function exists.
const FunctionSignature* FindFunction(std::string_view name);

/// An argument or result at run time: a value (nullopt = Nothing), a logical, or a nodelist.
struct FunctionValue {
  ast::FunctionType type = ast::FunctionType::kValue;
  std::optional<Json> value;
  bool logical = false;
  std::vector<const Json*> nodes;
};

/// Calls the function |name| (already type-checked by the parser) on |args|.
FunctionValue CallFunction(std::string_view name, const std::vector<FunctionValue>& args);

}  // namespace ab::jsonpath
