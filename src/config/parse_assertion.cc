// Assertion items as written: a leaf ({type, fields...}) or a combinator (anyOf / allOf: a list, not: one item).
// Types and fields are not validated here: the assertion registry owns them and reads AssertionSpec.
#include <algorithm>

#include "base/strings.h"
#include "config/keys.h"
#include "config/parsers.h"
#include "config/yaml_json.h"

namespace ab::config {

namespace {

// Far above the assertion layer's own limit; only here so that recursive YAML aliases cannot recurse forever.
constexpr int kMaxCombinatorDepth = 64;

void ReadCombinator(Reader& r, const std::string& key, const YAML::Node& value, int depth, AssertionSpec& spec) {
  spec.type = key;
  if (key == "not") {
    if (!value.IsMap()) {
      r.Error(value, "'not' takes a single assertion (a mapping), got " + KindName(value));
      return;
    }
    if (std::optional<AssertionSpec> child = ReadAssertion(r, value, depth + 1)) spec.children.push_back(*child);
    return;
  }
  if (!value.IsSequence()) {
    r.Error(value, "'" + key + "' takes a list of assertions, got " + KindName(value));
    return;
  }
  if (value.size() == 0) {
    r.Error(value, "empty '" + key + "': list at least one assertion");
    return;
  }
  for (const YAML::Node& item : value) {
    if (std::optional<AssertionSpec> child = ReadAssertion(r, item, depth + 1)) spec.children.push_back(*child);
  }
}

// "anyof", "all_of", "AnyOf" -> the combinator meant; "" otherwise. Plain edit distance would also map short
// field names like "tool" to "not", so only case and '_' differences count.
std::string LikelyCombinator(const std::string& key) {
  std::string norm;
  for (char c : ToLower(key))
    if (c != '_' && c != '-') norm += c;
  for (const std::string& c : CombinatorKeys())
    if (norm == ToLower(c) && key != c) return c;
  return "";
}

}  // namespace

std::optional<AssertionSpec> ReadAssertion(Reader& r, const YAML::Node& node, int depth) {
  if (depth > kMaxCombinatorDepth) {
    r.Error(node, "assertions nested deeper than 64 combinators");
    return std::nullopt;
  }
  if (!node.IsMap()) {
    r.Error(node, "expected a mapping for assertion, got " + KindName(node));
    return std::nullopt;
  }
  AssertionSpec spec;
  spec.loc = r.Loc(node);
  const auto& combinators = CombinatorKeys();
  // Pass 1: which shape is this item?
  std::optional<YAML::Node> combinator_key, type_key;
  for (const auto& kv : node) {
    if (!kv.first.IsScalar()) continue;
    const std::string& key = kv.first.Scalar();
    if (std::find(combinators.begin(), combinators.end(), key) != combinators.end()) {
      if (combinator_key) {
        r.Error(kv.first, "'" + key + "' next to '" + combinator_key->Scalar() +
                              "': write one combinator per item, or nest them");
        return std::nullopt;
      }
      combinator_key.emplace(kv.first);
    } else if (key == "type") {
      type_key.emplace(kv.first);
    }
  }
  if (combinator_key && type_key) {
    r.Error(*type_key, "an assertion has either 'type' or '" + combinator_key->Scalar() + "', not both");
    return std::nullopt;
  }
  if (type_key) {
    // `type: anyOf` with `assertions:` under it is how some other tools write combinators.
    const YAML::Node type_value = node[type_key->Scalar()];
    if (type_value.IsScalar() &&
        std::find(combinators.begin(), combinators.end(), type_value.Scalar()) != combinators.end()) {
      const std::string c = type_value.Scalar();
      r.Error(type_value, "'" + c + "' is a combinator, not an assertion type: write '" + c +
                              ":' followed by the list of assertions (- " + c + ": [{type: ...}, {type: ...}])");
      return std::nullopt;
    }
  }
  bool ok = true;
  std::vector<std::string> seen;
  for (const auto& kv : node) {
    const YAML::Node& key_node = kv.first;
    if (!key_node.IsScalar()) {
      r.Error(key_node, "expected a plain key in assertion, got " + KindName(key_node));
      ok = false;
      continue;
    }
    const std::string key = key_node.Scalar();
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      r.Error(key_node, "duplicate key '" + key + "' in assertion");
      ok = false;
      continue;
    }
    seen.push_back(key);
    if (combinator_key) {
      if (key == combinator_key->Scalar()) {
        ReadCombinator(r, key, kv.second, depth, spec);
      } else {
        r.Error(key_node, "unknown key '" + key + "' in '" + combinator_key->Scalar() + "' assertion");
        ok = false;
      }
      continue;
    }
    if (key == "type") {
      std::optional<std::string> type = r.String(kv.second, key);
      if (!type) ok = false;
      SetIf(spec.type, type);
      continue;
    }
    std::optional<Json> value = YamlToJson(kv.second, r);
    if (!value) {
      ok = false;
      continue;
    }
    spec.fields[key] = std::move(*value);
    spec.field_locs[key] = r.Loc(key_node);
  }
  if (!combinator_key && !type_key) {
    // A misspelled combinator ("anyof", "all_of") leaves an item without a type: point at the likely cause.
    std::string hint;
    for (const std::string& key : seen) {
      if (std::string c = LikelyCombinator(key); !c.empty()) {
        hint = ", did you mean '" + c + "' instead of '" + key + "'?";
        break;
      }
    }
    r.Error(node, "assertion is missing required key 'type'" + hint);
    return std::nullopt;
  }
  if (!ok) return std::nullopt;
  return spec;
}

}  // namespace ab::config
