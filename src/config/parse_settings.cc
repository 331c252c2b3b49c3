// Settings, criteria and variables: the run-wide knobs of a file.
#include <algorithm>

#include "base/strings.h"
#include "config/env_expand.h"
#include "config/keys.h"
#include "config/parsers.h"

namespace ab::config {

namespace {

// Bounds that catch typos (an extra zero, a negative) without getting in the way of real use.
constexpr long long kMaxIterationsError = 100000;
constexpr int kMaxIterationsWarn = 100;

struct ToolTimeoutSpelling {
  std::string key;
  YAML::Node key_node;
  Millis value{};
};

// `tool_timeout` (README), `tool_tool_timeout` (what the reference's code reads) and legacy `timeout` all set
// Settings::tool_timeout. The README's own example writes two of them, so equal values are fine; different ones
// get a warning and the documented spelling wins.
void ResolveToolTimeout(Reader& r, const std::vector<ToolTimeoutSpelling>& given, Settings& s) {
  if (given.empty()) return;
  static const std::vector<std::string> kPriority = {"tool_timeout", "tool_tool_timeout", "timeout"};
  const ToolTimeoutSpelling* winner = nullptr;
  for (const std::string& key : kPriority) {
    for (const auto& g : given)
      if (g.key == key && winner == nullptr) winner = &g;
  }
  s.tool_timeout = winner->value;
  for (const auto& g : given) {
    if (&g != winner && g.value != winner->value) {
      r.Warn(g.key_node, "'" + g.key + "' (" + FormatDuration(g.value) + ") conflicts with '" + winner->key + "' (" +
                             FormatDuration(winner->value) + "); using '" + winner->key + "'");
    }
  }
}

// The reference's generator and explorer write every setting, unset ones as Go zero values ("", 0, null); for
// the reference they mean "not set" (default timeout, 10 iterations, suite-only, ...), and so they do here.
bool IsUnsetZero(const std::string& key, const YAML::Node& v) {
  if (v.IsNull()) return true;
  if (!v.IsScalar()) return false;
  if (Trim(v.Scalar()).empty()) return true;
  static const std::vector<std::string> kZeroMeansDefault = {"max_iterations", "tool_timeout", "tool_tool_timeout",
                                                             "timeout"};
  return v.Scalar() == "0" &&
         std::find(kZeroMeansDefault.begin(), kZeroMeansDefault.end(), key) != kZeroMeansDefault.end();
}

}  // namespace

Settings ReadSettings(Reader& r, const YAML::Node& node) {
  Settings s;
  s.loc = r.Loc(node);
  if (node.IsNull()) return s;
  std::vector<ToolTimeoutSpelling> timeouts;
  r.ForEachKey(node, "settings", KeysOf("settings"),
               [&](const std::string& key, const YAML::Node& key_node, const YAML::Node& v) {
                 if (IsUnsetZero(key, v)) return;
                 if (key == "verbose") {
                   s.verbose = r.Bool(v, key);
                   return;
                 }
                 if (key == "max_iterations") {
                   std::optional<long long> n = r.Int(v, key);
                   if (!n) return;
                   if (*n < 1 || *n > kMaxIterationsError) {
                     return r.Error(v, "'max_iterations' must be between 1 and " + std::to_string(kMaxIterationsError) +
                                           ", got " + std::to_string(*n));
                   }
                   if (*n > kMaxIterationsWarn)
                     r.Warn(v, "'max_iterations' is " + std::to_string(*n) + " (more than 100)");
                   s.max_iterations = static_cast<int>(*n);
                   return;
                 }
                 if (key == "tool_timeout" || key == "tool_tool_timeout" || key == "timeout") {
                   if (std::optional<Millis> d = r.Duration(v, key)) timeouts.push_back({key, key_node, *d});
                   return;
                 }
                 if (key == "test_timeout") {
                   s.test_timeout = r.Duration(v, key);
                   return;
                 }
                 if (key == "test_delay") {
                   s.test_delay = r.Duration(v, key);
                   return;
                 }
                 if (key == "session_delay") {
                   s.session_delay = r.Duration(v, key);
                   return;
                 }
                 if (key == "variable_policy") {
                   std::optional<std::string> p = r.String(v, key);
                   if (!p) return;
                   std::optional<VariablePolicy> policy = ParseVariablePolicy(*p);
                   if (!policy) {
                     const auto& policies = VariablePolicies();
                     return r.Error(v, "unknown variable_policy '" + *p + "' (one of " + Join(policies, ", ") + ")" +
                                           DidYouMean(*p, policies));
                   }
                   s.variable_policy = policy;
                   return;
                 }
                 if (key == "max_concurrent") {
                   std::optional<long long> n = r.Int(v, key);
                   if (n && (*n < 0 || *n > 1024)) return r.Error(v, "'max_concurrent' must be between 0 and 1024");
                   if (n) s.max_concurrent = static_cast<int>(*n);
                   return;
                 }
                 if (key == "max_result_bytes") {
                   std::optional<long long> n = r.Int(v, key);
                   if (n && *n < 1) return r.Error(v, "'max_result_bytes' must be positive");
                   s.max_result_bytes = n;
                 }
               });
  ResolveToolTimeout(r, timeouts, s);
  return s;
}

Criteria ReadCriteria(Reader& r, const YAML::Node& node) {
  Criteria c;
  c.loc = r.Loc(node);
  if (node.IsNull()) return c;
  r.ForEachKey(
      node, "criteria", KeysOf("criteria"), [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
        if (v.IsNull() || (v.IsScalar() && Trim(v.Scalar()).empty())) return;  // a zero value: not set
        if (!v.IsScalar()) {
          return r.Error(v, "expected a number for '" + key + "' (e.g. 0.8 or \"80%\"), got " + KindName(v));
        }
        std::string text(Trim(v.Scalar()));
        const bool percent = EndsWith(text, "%");
        if (percent) text = std::string(Trim(text.substr(0, text.size() - 1)));
        char* end = nullptr;
        double rate = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size()) {
          return r.Error(v, "expected a number for '" + key + "' (e.g. 0.8 or \"80%\"), got '" + v.Scalar() + "'");
        }
        if (percent) rate /= 100;
        if (!(rate >= 0 && rate <= 1)) {
          return r.Error(v, "'success_rate' must be between 0 and 1 (or 0% and 100%), got '" + v.Scalar() + "'");
        }
        c.success_rate = rate;
      });
  return c;
}

std::vector<Variable> ReadVariables(Reader& r, const YAML::Node& node) {
  std::vector<Variable> out;
  if (node.IsNull()) return out;
  if (!node.IsMap()) {
    r.Error(node, "expected a mapping of name: value for 'variables', got " + KindName(node));
    return out;
  }
  for (const auto& kv : node) {
    if (!kv.first.IsScalar()) {
      r.Error(kv.first, "expected a variable name, got " + KindName(kv.first));
      continue;
    }
    const std::string name = kv.first.Scalar();
    if (std::any_of(out.begin(), out.end(), [&](const Variable& v) { return v.name == name; })) {
      r.Error(kv.first, "duplicate variable '" + name + "'");
      continue;
    }
    const YAML::Node& v = kv.second;
    std::optional<std::string> value;
    if (v.IsScalar() || v.IsNull()) {
      value = v.IsNull() ? std::string() : ExpandEnv(v.Scalar());
    } else {
      // Warns and recovers for an unquoted {{template}}; reports any other list or mapping.
      value = r.String(v, name);
    }
    if (value) out.push_back(Variable{name, *value, r.Loc(kv.first)});
  }
  return out;
}

}  // namespace ab::config
