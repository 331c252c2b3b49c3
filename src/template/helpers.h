// The helper table: every helper a template may call, its accepted key=value names and positional arity, and
// the argument accessors helpers share. Parse-time checks (Validate) and rendering both read this one table.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "template/template.h"

namespace ab::tmpl {

/// A helper's arguments after names were resolved to their values.
struct HelperArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::string> named;

  /// named[key], or |fallback| when absent.
  std::string Str(const std::string& key, const std::string& fallback) const;
  /// named[key] as an integer; an error names the key and the bad value.
  Result<int64_t> Int(const std::string& key, int64_t fallback) const;
  /// named[key] as a number.
  Result<double> Number(const std::string& key, double fallback) const;
  /// named[key] as true/false (also 1/0, yes/no, case-insensitive).
  Result<bool> Bool(const std::string& key, bool fallback) const;
};

/// Computes a helper's output; errors carry no position (the renderer adds it).
using HelperFn = Result<std::string> (*)(const HelperArgs& args, const Context& ctx);

struct HelperSpec {
  const char* name;
  HelperFn fn;
  std::vector<std::string> keys;  ///< accepted key=value names
  size_t min_positional;
  size_t max_positional;
  const char* usage;  ///< shown when the arity is wrong
};

/// The spec of helper |name|, or nullptr.
const HelperSpec* FindHelper(std::string_view name);
/// All helper names, for did-you-mean.
std::vector<std::string> HelperNames();

// The helpers themselves, grouped by file.
Result<std::string> RandomValueHelper(const HelperArgs& args, const Context& ctx);    // random_helpers.cc
Result<std::string> RandomIntHelper(const HelperArgs& args, const Context& ctx);      // random_helpers.cc
Result<std::string> RandomDecimalHelper(const HelperArgs& args, const Context& ctx);  // random_helpers.cc
Result<std::string> NowHelper(const HelperArgs& args, const Context& ctx);            // now_helper.cc
Result<std::string> FakerHelper(const HelperArgs& args, const Context& ctx);          // faker.cc
Result<std::string> CutHelper(const HelperArgs& args, const Context& ctx);            // string_helpers.cc
Result<std::string> ReplaceHelper(const HelperArgs& args, const Context& ctx);        // string_helpers.cc
Result<std::string> SubstringHelper(const HelperArgs& args, const Context& ctx);      // string_helpers.cc

}  // namespace ab::tmpl
