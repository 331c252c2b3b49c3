#include "bench/configs.h"

#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "base/redact.h"
#include "base/strings.h"
#include "config/provider_types.h"

namespace ab::bench {
namespace {

// Key tables (data, STYLE R15). The inline-provider keys mirror the test file's provider schema, so a provider
// can be moved between the two files unchanged.
const std::vector<std::string> kTopKeys = {"name", "configs", "variants", "runs", "max_concurrent_runs", "inputs",
                                           "generate", "ai_summary"};
const std::vector<std::string> kAiSummaryKeys = {"enabled", "judge_provider"};
const std::vector<std::string> kConfigKeys = {"name", "provider", "model", "temperature", "max_tokens", "seed"};
const std::vector<std::string> kVariantKeys = {"name", "variables"};
const std::vector<std::string> kProviderKeys = {
    "name",     "type",         "token",       "secret",      "model", "baseUrl",  "base_url", "version",
    "auth_type", "project_id",  "location",    "credentials_path", "rate_limits", "retry", "temperature",
    "max_tokens", "seed",       "timeout",     "pricing",     "insecure", "headers", "mock_script"};

bool IsQuoted(const YAML::Node& n) { return n.Tag() == "!"; }

std::string KindName(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a sequence";
    case YAML::NodeType::Null: return "null";
    default: return IsQuoted(n) ? "a string" : "'" + n.Scalar() + "'";
  }
}

/// Converts nodes to typed values, collecting every problem instead of stopping at the first.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  SourceLoc Loc(const YAML::Node& n) const {
    YAML::Mark m = n.Mark();
    if (m.is_null()) return SourceLoc{file_, 0, 0};
    return SourceLoc{file_, m.line + 1, m.column + 1};
  }
  void Fail(const YAML::Node& n, std::string message) { Fail(Loc(n), std::move(message)); }
  void Fail(SourceLoc loc, std::string message) {
    diags_.push_back(Diagnostic{Severity::kError, std::move(loc), std::move(message)});
  }
  Diagnostics& diags() { return diags_; }

  using Visitor = std::function<void(const std::string&, const YAML::Node& key, const YAML::Node& value)>;
  /// Visits a mapping's keys; reports unknown and repeated keys. False if |n| is not a mapping.
  bool ForEachKey(const YAML::Node& n, const std::string& what, const std::vector<std::string>& known,
                  const Visitor& visit) {
    if (!n.IsMap()) {
      Fail(n, what + " must be a mapping, got " + KindName(n));
      return false;
    }
    std::set<std::string> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
      if (!seen.insert(key).second) {
        Fail(it->first, "duplicate key '" + key + "' in " + what);
        continue;
      }
      bool ok = false;
      for (const auto& k : known) ok = ok || k == key;
      if (!ok) {
        Fail(it->first, "unknown key '" + key + "' in " + what + DidYouMean(key, known));
        continue;
      }
      visit(key, it->first, it->second);
    }
    return true;
  }

  std::optional<std::string> String(const YAML::Node& v, const std::string& key) {
    if (v.IsMap() && v.size() == 1 && v.begin()->first.IsMap()) {
      Fail(v, "'" + key + "' looks like an unquoted {{VARIABLE}}: quote it");
      return std::nullopt;
    }
    if (!v.IsScalar()) {
      Fail(v, "'" + key + "' must be a string, got " + KindName(v));
      return std::nullopt;
    }
    return v.Scalar();
  }
  std::optional<long long> Int(const YAML::Node& v, const std::string& key) {
    long long out = 0;
    if (v.IsScalar() && !IsQuoted(v) && YAML::convert<long long>::decode(v, out)) return out;
    Fail(v, "'" + key + "' must be an integer, got " + KindName(v));
    return std::nullopt;
  }
  std::optional<double> Double(const YAML::Node& v, const std::string& key) {
    double out = 0;
    if (v.IsScalar() && !IsQuoted(v) && YAML::convert<double>::decode(v, out)) return out;
    Fail(v, "'" + key + "' must be a number, got " + KindName(v));
    return std::nullopt;
  }
  /// An integer in [min, max], reported at |v| otherwise.
  std::optional<int> Bounded(const YAML::Node& v, const std::string& key, long long min, long long max) {
    std::optional<long long> x = Int(v, key);
    if (!x) return std::nullopt;
    if (*x < min || *x > max) {
      Fail(v, "'" + key + "' must be between " + std::to_string(min) + " and " + std::to_string(max));
      return std::nullopt;
    }
    return static_cast<int>(*x);
  }

 private:
  std::string file_;
  Diagnostics diags_;
};

/// A YAML node as JSON: plain scalars become numbers or booleans when they read as such.
Json ToJson(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      Json out = Json::object();
      for (auto it = n.begin(); it != n.end(); ++it) out[it->first.Scalar()] = ToJson(it->second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      Json out = Json::array();
      for (const auto& item : n) out.push_back(ToJson(item));
      return out;
    }
    case YAML::NodeType::Scalar: {
      if (IsQuoted(n)) return n.Scalar();
      long long i = 0;
      double d = 0;
      bool b = false;
      if (YAML::convert<long long>::decode(n, i)) return i;
      if (YAML::convert<double>::decode(n, d)) return d;
      if (YAML::convert<bool>::decode(n, b)) return b;
      return n.Scalar();
    }
    default: return nullptr;
  }
}

std::optional<InlineProvider> ParseInlineProvider(Reader& r, const YAML::Node& node, const std::string& config) {
  InlineProvider p;
  p.loc = r.Loc(node);
  bool ok = r.ForEachKey(node, "inline provider of config '" + config + "'", kProviderKeys,
                         [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
                           if (key == "type" || key == "token" || key == "model" || key == "baseUrl" ||
                               key == "base_url" || key == "version") {
                             std::optional<std::string> s = r.String(v, key);
                             if (!s) return;
                             if (key == "type") p.type = *s;
                             if (key == "token") p.token = *s;
                             if (key == "model") p.model = *s;
                             if (key == "baseUrl" || key == "base_url") p.base_url = *s;
                             if (key == "version") p.version = *s;
                           }
                         });
  if (!ok) return std::nullopt;
  if (p.type.empty()) {
    r.Fail(node, "inline provider of config '" + config + "' needs a 'type'");
    return std::nullopt;
  }
  if (!config::FindProviderType(p.type)) {
    std::vector<std::string> types;
    for (const auto& t : config::kProviderTypes) types.emplace_back(t.name);
    r.Fail(node["type"], "unknown provider type '" + p.type + "'" + DidYouMean(p.type, types));
  }
  // A literal token must never reach a report; a {{VAR}} template is resolved (and registered) later.
  if (p.token.find("{{") == std::string::npos) RegisterSecret(p.token);
  p.raw = ToJson(node);
  return p;
}

std::optional<BenchConfig> ParseConfig(Reader& r, const YAML::Node& node) {
  BenchConfig c;
  c.loc = r.Loc(node);
  YAML::Node provider_node;
  bool has_provider = false;  // a default YAML::Node is a defined null, so presence needs its own flag
  bool ok = r.ForEachKey(node, "config", kConfigKeys, [&](const std::string& key, const YAML::Node&,
                                                          const YAML::Node& v) {
    if (key == "name") {
      if (auto s = r.String(v, key)) c.name = *s;
    } else if (key == "provider") {
      provider_node = v;
      has_provider = true;
    } else if (key == "model") {
      if (auto s = r.String(v, key)) c.model = *s;
    } else if (key == "temperature") {
      c.temperature = r.Double(v, key);
    } else if (key == "max_tokens") {
      c.max_tokens = r.Bounded(v, key, 1, 10'000'000);
    } else if (key == "seed") {
      c.seed = r.Int(v, key);
    }
  });
  if (!ok) return std::nullopt;
  if (c.name.empty()) {
    r.Fail(node, "a config needs a non-empty 'name'");
    return std::nullopt;
  }
  if (!has_provider) {
    r.Fail(node, "config '" + c.name + "' names neither a provider of the test file nor an inline provider");
  } else if (provider_node.IsMap() && !(provider_node.size() == 1 && provider_node.begin()->first.IsMap())) {
    c.inline_provider = ParseInlineProvider(r, provider_node, c.name);
  } else if (auto s = r.String(provider_node, "provider")) {
    if (s->empty()) r.Fail(provider_node, "config '" + c.name + "' has an empty 'provider'");
    c.provider_ref = *s;
  }
  return c;
}

std::optional<Variant> ParseVariant(Reader& r, const YAML::Node& node) {
  Variant v;
  v.loc = r.Loc(node);
  YAML::Node vars;
  bool ok = r.ForEachKey(node, "variant", kVariantKeys,
                         [&](const std::string& key, const YAML::Node&, const YAML::Node& value) {
                           if (key == "name") {
                             if (auto s = r.String(value, key)) v.name = *s;
                           } else {
                             vars = value;
                           }
                         });
  if (!ok) return std::nullopt;
  if (v.name.empty()) {
    r.Fail(node, "a variant needs a non-empty 'name'");
    return std::nullopt;
  }
  if (!vars || vars.IsNull()) return v;
  if (!vars.IsMap()) {
    r.Fail(vars, "'variables' of variant '" + v.name + "' must be a mapping, got " + KindName(vars));
    return v;
  }
  std::set<std::string> seen;
  for (auto it = vars.begin(); it != vars.end(); ++it) {
    std::string key = it->first.Scalar();
    if (!seen.insert(key).second) {
      r.Fail(it->first, "duplicate variable '" + key + "' in variant '" + v.name + "'");
      continue;
    }
    if (auto s = r.String(it->second, key)) v.variables.emplace_back(key, *s);
  }
  return v;
}

/// Reports a second definition of a name at its own position, pointing back to the first.
template <typename T>
void CheckUniqueNames(Reader& r, const std::vector<T>& items, const std::string& what) {
  for (size_t i = 0; i < items.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (items[i].name == items[j].name) {
        r.Fail(items[i].loc, "duplicate " + what + " name '" + items[i].name + "' (first defined at " +
                                 items[j].loc.ToString() + ")");
        break;
      }
    }
  }
}

void ParseTop(Reader& r, const YAML::Node& root, BenchSpec& spec) {
  bool has_configs = false;
  bool ok = r.ForEachKey(root, "the configs file", kTopKeys,
                         [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
    if (key == "name") {
      if (auto s = r.String(v, key)) spec.name = *s;
    } else if (key == "runs") {
      if (auto n = r.Bounded(v, key, 1, 100'000)) spec.runs = *n;
    } else if (key == "max_concurrent_runs") {
      if (auto n = r.Bounded(v, key, 1, 10'000)) spec.max_concurrent_runs = *n;
    } else if (key == "ai_summary") {
      r.ForEachKey(v, "ai_summary", kAiSummaryKeys, [&](const std::string& k, const YAML::Node&, const YAML::Node& x) {
        bool b = false;
        if (k == "judge_provider") {
          if (auto s = r.String(x, k)) spec.ai_summary_provider = *s;
        } else if (x.IsScalar() && !IsQuoted(x) && YAML::convert<bool>::decode(x, b)) {
          spec.ai_summary = b;
        } else {
          r.Fail(x, "'enabled' must be true or false, got " + KindName(x));
        }
      });
    } else if (key == "inputs" || key == "generate") {
      ParseGeneratedInputs(key, v, spec.file, spec.generated, r.diags());
    } else if (key == "configs" || key == "variants") {
      if (!v.IsSequence()) {
        if (!v.IsNull()) r.Fail(v, "'" + key + "' must be a sequence, got " + KindName(v));
        return;
      }
      for (const auto& item : v) {
        if (key == "configs") {
          if (auto c = ParseConfig(r, item)) spec.configs.push_back(std::move(*c));
        } else if (auto x = ParseVariant(r, item)) {
          spec.variants.push_back(std::move(*x));
        }
      }
      has_configs = has_configs || key == "configs";
    }
  });
  if (!ok) return;
  if (!has_configs || spec.configs.empty()) {
    r.Fail(r.Loc(root), "the configs file needs a non-empty 'configs' list");
  }
  CheckUniqueNames(r, spec.configs, "config");
  CheckUniqueNames(r, spec.variants, "variant");
}

}  // namespace

Result<BenchSpec> ParseBenchSpec(std::string_view text, const std::string& file, Diagnostics* diagnostics) {
  Reader r(file);
  BenchSpec spec;
  spec.file = file;
  try {
    YAML::Node root = YAML::Load(std::string(text));
    if (!root || root.IsNull()) {
      r.Fail(SourceLoc{file, 1, 1}, "the configs file is empty: it needs a 'configs' list");
    } else {
      ParseTop(r, root, spec);
    }
  } catch (const YAML::Exception& e) {
    r.Fail(SourceLoc{file, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1},
           "invalid YAML: " + e.msg);
  }
  if (spec.variants.empty()) spec.variants.push_back(Variant{std::string(kDefaultVariant), {}, {}});
  if (r.diags().empty()) return spec;
  if (diagnostics) diagnostics->insert(diagnostics->end(), r.diags().begin(), r.diags().end());
  const Diagnostic& first = r.diags().front();
  return Error(ErrorCode::kConfig, Redact(first.message), first.loc);
}

Result<BenchSpec> LoadBenchSpec(const std::string& path, Diagnostics* diagnostics) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::kIo, "cannot read configs file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return ParseBenchSpec(text.str(), path, diagnostics);
}

}  // namespace ab::bench
