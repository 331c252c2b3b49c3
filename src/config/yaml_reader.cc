#include "config/yaml_reader.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "base/redact.h"
#include "base/strings.h"
#include "config/env_expand.h"
#include "config/keys.h"
#include "config/yaml_json.h"

namespace ab::config {

namespace {

// yaml-cpp reads `token: {{KEY}}` as a flow mapping whose only key is the flow mapping {KEY: null}. Users copy
// that form from the reference's README, so recover the template text instead of rejecting it.
std::optional<std::string> UnquotedTemplate(const YAML::Node& v) {
  if (!v.IsMap() || v.size() != 1) return std::nullopt;
  for (const auto& outer : v) {
    if (!outer.second.IsNull() || !outer.first.IsMap() || outer.first.size() != 1) return std::nullopt;
    for (const auto& inner : outer.first) {
      if (!inner.first.IsScalar() || !inner.second.IsNull()) return std::nullopt;
      return "{{" + inner.first.Scalar() + "}}";
    }
  }
  return std::nullopt;
}

std::string Quote(const YAML::Node& v) { return "'" + Truncate(v.Scalar(), 60) + "'"; }

// The replacement for unknown key |key| of mapping |map| when it is certain: one closest known key (no other at
// the same distance) or a known renaming (requests_per_minute -> rpm), and that key not already in the mapping
// (renaming would make a duplicate). `validate --fix` applies only these.
std::optional<std::string> CertainKeyFix(const std::string& key, const std::vector<std::string>& known,
                                         const YAML::Node& map) {
  std::string pick;
  if (!SuggestClosest(key, known).empty()) {
    pick = UniqueSuggestion(key, known);
  } else if (std::find(known.begin(), known.end(), CommonMistake(key)) != known.end()) {
    pick = CommonMistake(key);
  }
  if (pick.empty() || pick == key) return std::nullopt;
  for (const auto& kv : map)
    if (kv.first.IsScalar() && kv.first.Scalar() == pick) return std::nullopt;
  return pick;
}

}  // namespace

std::string KindName(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a sequence";
    case YAML::NodeType::Scalar: return "a scalar";
    case YAML::NodeType::Null: return "nothing";
    case YAML::NodeType::Undefined: break;
  }
  return "nothing";
}

bool IsQuoted(const YAML::Node& node) { return node.IsScalar() && node.Tag() == "!"; }

SourceLoc Reader::LocAt(int line0, int col0) const {
  if (line0 < 0) return SourceLoc{file_, 0, 0};
  return SourceLoc{file_, line0 + 1, col0 + 1};
}

SourceLoc Reader::Loc(const YAML::Node& node) const {
  if (!node.IsDefined()) return SourceLoc{file_, 0, 0};
  if (node.IsNull()) {
    auto [first, last] = null_values_.equal_range(node.Mark().pos);
    for (auto it = first; it != last; ++it)
      if (it->second.first.is(node)) return it->second.second;
  }
  const YAML::Mark m = node.Mark();
  return LocAt(m.line, m.column);
}

void Reader::Error(const SourceLoc& loc, std::string message) {
  diags_.push_back(Diagnostic{Severity::kError, loc, Redact(message)});
}

void Reader::Warn(const SourceLoc& loc, std::string message) {
  diags_.push_back(Diagnostic{Severity::kWarning, loc, Redact(message)});
}

void Reader::AddReference(Reference::Kind kind, const YAML::Node& value, std::string from) {
  if (!value.IsScalar() || value.Scalar().empty()) return;
  if (value.Scalar().find("{{") != std::string::npos) return;
  refs_.push_back(Reference{kind, value.Scalar(), Loc(value), std::move(from)});
}

Diagnostics Reader::TakeSorted() {
  std::stable_sort(diags_.begin(), diags_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::pair(a.loc.line, a.loc.col) < std::pair(b.loc.line, b.loc.col);
  });
  return std::move(diags_);
}

bool Reader::ForEachKey(const YAML::Node& node, std::string_view what, const std::vector<std::string>& known,
                        const KeyVisitor& visit,
                        const std::function<bool(const std::string&, const YAML::Node&)>& unsupported) {
  // `key:` with nothing after it (often everything below is commented out) reads as an empty mapping.
  if (node.IsNull()) return true;
  if (!node.IsMap()) {
    Error(node, "expected a mapping for " + std::string(what) + ", got " + KindName(node));
    return false;
  }
  std::vector<std::string> seen;
  for (const auto& kv : node) {
    const YAML::Node& key_node = kv.first;
    if (!key_node.IsScalar()) {
      Error(key_node, "expected a plain key in " + std::string(what) + ", got " + KindName(key_node));
      continue;
    }
    const std::string key = key_node.Scalar();
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      Error(key_node, "duplicate key '" + key + "' in " + std::string(what));
      continue;
    }
    seen.push_back(key);
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      if (unsupported && unsupported(key, key_node)) continue;
      std::string hint = DidYouMean(key, known);
      const std::string mistake = CommonMistake(key);
      if (hint.empty() && std::find(known.begin(), known.end(), mistake) != known.end()) {
        hint = ", did you mean '" + mistake + "'?";
      }
      Error(key_node, "unknown key '" + key + "' in " + std::string(what) + hint);
      if (std::optional<std::string> certain = CertainKeyFix(key, known, node)) {
        if (diags_.back().loc.known()) diags_.back().fix = TextFix{diags_.back().loc, key, *certain};
      }
      continue;
    }
    if (kv.second.IsNull()) null_values_.emplace(kv.second.Mark().pos, std::pair(kv.second, Loc(key_node)));
    visit(key, key_node, kv.second);
  }
  return true;
}

std::optional<std::string> Reader::String(const YAML::Node& v, std::string_view key) {
  if (v.IsNull()) return std::string();
  if (v.IsScalar()) return ExpandEnv(v.Scalar());
  if (auto t = UnquotedTemplate(v)) {
    Warn(v,
         "unquoted template " + *t + " for '" + std::string(key) + "' reads as a YAML mapping; write \"" + *t + "\"");
    return t;
  }
  Error(v, "expected a string for '" + std::string(key) + "', got " + KindName(v));
  return std::nullopt;
}

std::optional<bool> Reader::Bool(const YAML::Node& v, std::string_view key) {
  if (v.IsNull()) return std::nullopt;
  if (v.IsScalar()) {
    if (std::optional<bool> b = BoolWord(Trim(v.Scalar()))) return b;
    Error(v, "expected true or false for '" + std::string(key) + "', got " + Quote(v));
    return std::nullopt;
  }
  Error(v, "expected true or false for '" + std::string(key) + "', got " + KindName(v));
  return std::nullopt;
}

std::optional<long long> Reader::Int(const YAML::Node& v, std::string_view key) {
  if (v.IsNull()) return std::nullopt;
  if (v.IsScalar()) {
    // Plain scalars by the one YAML 1.2 rule (0x10 is 16); a quoted "100" is still read as decimal, as test files
    // always were.
    if (std::optional<long long> n = PlainInt(v)) return n;
    const std::string s(Trim(v.Scalar()));
    char* end = nullptr;
    errno = 0;
    const long long n = std::strtoll(s.c_str(), &end, 10);
    if (IsQuoted(v) && !s.empty() && end == s.c_str() + s.size() && errno == 0) return n;
    Error(v, "expected an integer for '" + std::string(key) + "', got " + Quote(v));
    return std::nullopt;
  }
  Error(v, "expected an integer for '" + std::string(key) + "', got " + KindName(v));
  return std::nullopt;
}

std::optional<double> Reader::Double(const YAML::Node& v, std::string_view key) {
  if (v.IsNull()) return std::nullopt;
  if (v.IsScalar()) {
    if (std::optional<double> d = PlainNumber(v)) return d;
    const std::string s(Trim(v.Scalar()));
    char* end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    if (IsQuoted(v) && !s.empty() && end == s.c_str() + s.size() && std::isfinite(d)) return d;
    Error(v, "expected a number for '" + std::string(key) + "', got " + Quote(v));
    return std::nullopt;
  }
  Error(v, "expected a number for '" + std::string(key) + "', got " + KindName(v));
  return std::nullopt;
}

std::optional<Millis> Reader::Duration(const YAML::Node& v, std::string_view key) {
  if (v.IsNull()) return std::nullopt;
  if (!v.IsScalar()) {
    Error(v, "expected a duration for '" + std::string(key) + "' (e.g. 30s), got " + KindName(v));
    return std::nullopt;
  }
  Result<Millis> d = ParseDuration(v.Scalar());
  if (!d) {
    Error(v, "'" + std::string(key) + "': " + d.error().message);
    return std::nullopt;
  }
  // Every duration of a configuration is a timeout or a delay; above the maximum it is a typo, and a huge one
  // would overflow the deadline it becomes.
  if (*d > kMaxConfigDuration) {
    Error(v, "'" + std::string(key) + "': " + std::string(Trim(v.Scalar())) + " is longer than the maximum of " +
                 std::to_string(kMaxConfigDuration.count() / 86'400'000) + " days (" +
                 std::to_string(kMaxConfigDuration.count() / 3'600'000) + "h)");
    return std::nullopt;
  }
  return *d;
}

bool Reader::ExpectSequence(const YAML::Node& v, std::string_view key) {
  if (v.IsSequence() || v.IsNull()) return true;
  Error(v, "expected a list for '" + std::string(key) + "', got " + KindName(v));
  return false;
}

std::optional<std::vector<std::string>> Reader::StringList(const YAML::Node& v, std::string_view key) {
  if (!ExpectSequence(v, key)) return std::nullopt;
  std::vector<std::string> out;
  bool ok = true;
  for (const YAML::Node& item : v) {
    if (auto s = String(item, key)) {
      out.push_back(*s);
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> Reader::StringMap(const YAML::Node& v,
                                                                                  std::string_view key) {
  if (v.IsNull()) return std::vector<std::pair<std::string, std::string>>{};
  if (!v.IsMap()) {
    Error(v, "expected a mapping for '" + std::string(key) + "', got " + KindName(v));
    return std::nullopt;
  }
  std::vector<std::pair<std::string, std::string>> out;
  bool ok = true;
  for (const auto& kv : v) {
    if (!kv.first.IsScalar()) {
      Error(kv.first, "expected a plain key in '" + std::string(key) + "', got " + KindName(kv.first));
      ok = false;
      continue;
    }
    const std::string name = kv.first.Scalar();
    if (std::any_of(out.begin(), out.end(), [&](const auto& p) { return p.first == name; })) {
      Error(kv.first, "duplicate key '" + name + "' in '" + std::string(key) + "'");
      ok = false;
      continue;
    }
    if (!kv.second.IsScalar() && !kv.second.IsNull()) {
      Error(kv.second, "expected a scalar for '" + std::string(key) + "." + name + "', got " + KindName(kv.second));
      ok = false;
      continue;
    }
    out.emplace_back(name, kv.second.IsNull() ? std::string() : ExpandEnv(kv.second.Scalar()));
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace ab::config
