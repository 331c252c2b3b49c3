// Compiled regular expressions and JSONPath queries, cached by their (rendered) source text, so an assertion
// evaluated for every test and agent compiles its pattern once. Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "jsonpath/jsonpath.h"

namespace re2 {
class RE2;
}

namespace ab::assertions {

/// The compiled RE2 for |pattern|, or a kInvalidArgument error with RE2's message. The cache may drop entries
/// at any time, so the pointer is shared: holders keep it alive.
Result<std::shared_ptr<const re2::RE2>> CompiledRegex(const std::string& pattern);

/// The parsed JSONPath for |path|, or a kParse error "invalid JSONPath 'x': at column N: ...".
Result<std::shared_ptr<const jsonpath::Path>> CompiledPath(const std::string& path);

}  // namespace ab::assertions
