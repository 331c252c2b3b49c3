// The bench configs file, read with the config Reader (positions, key tables, did-you-mean) and the one set of
// scalar rules (config/yaml_json.h). Messages keep the wording bench users know ("'runs' must be an integer").
#include "config/bench_spec.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "base/redact.h"
#include "base/strings.h"
#include "config/keys.h"
#include "config/parsers.h"
#include "config/provider_types.h"
#include "config/yaml_json.h"
#include "config/yaml_reader.h"

namespace ab::config {
namespace {

// Key tables (data, STYLE R15). An inline provider takes the test file's provider keys (KeysOf("provider")), so a
// provider can be moved between the two files unchanged.
const std::vector<std::string> kBenchTopKeys = {"name",   "configs",  "variants",  "runs", "max_concurrent_runs",
                                                "inputs", "generate", "ai_summary"};
const std::vector<std::string> kAiSummaryKeys = {"enabled", "judge_provider"};
const std::vector<std::string> kConfigKeys = {"name", "provider", "model", "temperature", "max_tokens", "seed"};
const std::vector<std::string> kVariantKeys = {"name", "variables"};
const std::vector<std::string> kInputKeys = {"name", "type", "description", "required", "default", "enum"};
const std::vector<std::string> kGenerateKeys = {"count", "hints", "provider", "seed"};
const std::vector<std::string> kInputTypes = {"string", "integer", "number", "boolean"};

/// The kind of |n| as bench messages name it: a quoted scalar is "a string", a plain one is quoted back.
std::string BenchKind(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a sequence";
    case YAML::NodeType::Scalar: return IsQuoted(n) ? "a string" : "'" + n.Scalar() + "'";
    default: return "null";
  }
}

/// Typed values of the configs file over the config Reader, in the file's own wording.
class BenchReader {
 public:
  explicit BenchReader(Reader& r) : r_(r) {}
  Reader& reader() { return r_; }

  void Fail(const YAML::Node& n, std::string message) { r_.Error(n, std::move(message)); }
  void Fail(const SourceLoc& loc, std::string message) { r_.Error(loc, std::move(message)); }

  /// Visits a mapping's keys (unknown and repeated keys reported by the Reader); false if |n| is not a mapping.
  bool Keys(const YAML::Node& n, const std::string& what, const std::vector<std::string>& known,
            const std::function<void(const std::string&, const YAML::Node&)>& visit) {
    if (!n.IsMap()) {
      Fail(n, what + " must be a mapping, got " + BenchKind(n));
      return false;
    }
    return r_.ForEachKey(n, what, known,
                         [&](const std::string& key, const YAML::Node&, const YAML::Node& v) { visit(key, v); });
  }

  std::optional<std::string> String(const YAML::Node& v, const std::string& key) {
    if (v.IsMap() && v.size() == 1 && v.begin()->first.IsMap()) {
      Fail(v, "'" + key + "' looks like an unquoted {{VARIABLE}}: quote it");
      return std::nullopt;
    }
    if (!v.IsScalar()) {
      Fail(v, "'" + key + "' must be a string, got " + BenchKind(v));
      return std::nullopt;
    }
    return v.Scalar();
  }
  std::optional<long long> Int(const YAML::Node& v, const std::string& key) {
    if (std::optional<long long> n = PlainInt(v)) return n;
    Fail(v, "'" + key + "' must be an integer, got " + BenchKind(v));
    return std::nullopt;
  }
  std::optional<double> Double(const YAML::Node& v, const std::string& key) {
    if (std::optional<double> d = PlainNumber(v)) return d;
    Fail(v, "'" + key + "' must be a number, got " + BenchKind(v));
    return std::nullopt;
  }
  std::optional<bool> Bool(const YAML::Node& v, const std::string& key) {
    if (v.IsScalar() && !IsQuoted(v))
      if (std::optional<bool> b = BoolWord(v.Scalar())) return b;
    Fail(v, "'" + key + "' must be true or false, got " + BenchKind(v));
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
  Reader& r_;
};

std::optional<InlineProvider> ParseInlineProvider(BenchReader& b, YAML::Node node, const std::string& config) {
  InlineProvider p;
  p.loc = b.reader().Loc(node);
  const std::string what = "inline provider of config '" + config + "'";
  std::optional<std::string> type;
  YAML::Node type_node;
  bool has_type = false;  // a default YAML::Node is a defined null, so presence needs its own flag
  bool ok = b.Keys(node, what, KeysOf("provider"), [&](const std::string& key, const YAML::Node& v) {
    if (key != "type") return;
    type_node = v;
    has_type = true;
    type = b.String(v, key);
  });
  if (!ok || (has_type && !type)) return std::nullopt;
  if (!type || type->empty()) {
    b.Fail(node, what + " needs a 'type'");
    return std::nullopt;
  }
  if (!FindProviderType(*type)) {
    b.Fail(type_node, "unknown provider type '" + *type + "'" + DidYouMean(*type, ProviderTypes()));
    return std::nullopt;
  }
  // The test file's provider parser reads the node itself; it requires a name, which is the config's.
  if (!node["name"]) node["name"] = config;
  Reader scratch(b.reader().file());
  p.provider = ReadProvider(scratch, node);
  p.provider.name = config;
  p.provider.loc = p.loc;
  for (Diagnostic& d : scratch.TakeSorted())
    if (d.severity == Severity::kError) p.problems.push_back(std::move(d));
  return p;
}

std::optional<BenchConfig> ParseConfig(BenchReader& b, const YAML::Node& node) {
  BenchConfig c;
  c.loc = b.reader().Loc(node);
  YAML::Node provider_node;
  bool has_provider = false;  // a default YAML::Node is a defined null, so presence needs its own flag
  bool ok = b.Keys(node, "config", kConfigKeys, [&](const std::string& key, const YAML::Node& v) {
    if (key == "name") {
      if (auto s = b.String(v, key)) c.name = *s;
    } else if (key == "provider") {
      provider_node = v;
      has_provider = true;
    } else if (key == "model") {
      if (auto s = b.String(v, key)) c.model = *s;
    } else if (key == "temperature") {
      c.temperature = b.Double(v, key);
    } else if (key == "max_tokens") {
      c.max_tokens = b.Bounded(v, key, 1, 10'000'000);
    } else if (key == "seed") {
      c.seed = b.Int(v, key);
    }
  });
  if (!ok) return std::nullopt;
  if (c.name.empty()) {
    b.Fail(node, "a config needs a non-empty 'name'");
    return std::nullopt;
  }
  if (!has_provider) {
    b.Fail(node, "config '" + c.name + "' names neither a provider of the test file nor an inline provider");
  } else if (provider_node.IsMap() && !(provider_node.size() == 1 && provider_node.begin()->first.IsMap())) {
    c.inline_provider = ParseInlineProvider(b, provider_node, c.name);
  } else if (auto s = b.String(provider_node, "provider")) {
    if (s->empty()) b.Fail(provider_node, "config '" + c.name + "' has an empty 'provider'");
    c.provider_ref = *s;
  }
  return c;
}

std::optional<Variant> ParseVariant(BenchReader& b, const YAML::Node& node) {
  Variant v;
  v.loc = b.reader().Loc(node);
  YAML::Node vars;
  bool ok = b.Keys(node, "variant", kVariantKeys, [&](const std::string& key, const YAML::Node& value) {
    if (key == "name") {
      if (auto s = b.String(value, key)) v.name = *s;
    } else {
      vars = value;
    }
  });
  if (!ok) return std::nullopt;
  if (v.name.empty()) {
    b.Fail(node, "a variant needs a non-empty 'name'");
    return std::nullopt;
  }
  if (!vars || vars.IsNull()) return v;
  if (!vars.IsMap()) {
    b.Fail(vars, "'variables' of variant '" + v.name + "' must be a mapping, got " + BenchKind(vars));
    return v;
  }
  std::set<std::string> seen;
  for (auto it = vars.begin(); it != vars.end(); ++it) {
    std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
    if (!seen.insert(key).second) {
      b.Fail(it->first, "duplicate variable '" + key + "' in variant '" + v.name + "'");
      continue;
    }
    if (auto s = b.String(it->second, key)) v.variables.emplace_back(key, *s);
  }
  return v;
}

/// A single scalar of `inputs`/`generate` (their values are text: a default, a hint, an enum entry).
std::optional<std::string> InputScalar(BenchReader& b, const YAML::Node& v, const std::string& key) {
  if (!v.IsScalar()) {
    b.Fail(v, "'" + key + "' must be a single value");
    return std::nullopt;
  }
  return v.Scalar();
}

std::optional<long long> InputInt(BenchReader& b, const YAML::Node& v, const std::string& key, long long lo,
                                  long long hi) {
  std::optional<long long> n = PlainInt(v);
  if (!n || *n < lo || *n > hi) {
    b.Fail(v, "'" + key + "' must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
    return std::nullopt;
  }
  return n;
}

void ParseGenerate(BenchReader& b, const YAML::Node& value, GeneratedInputs& out) {
  VariantGeneration g;
  g.loc = b.reader().Loc(value);
  b.Keys(value, "generate", kGenerateKeys, [&](const std::string& k, const YAML::Node& v) {
    if (k == "count") {
      if (auto n = InputInt(b, v, k, 1, 100)) g.count = static_cast<int>(*n);
    } else if (k == "seed") {
      if (auto n = InputInt(b, v, k, 0, (1LL << 62))) g.seed = *n;
    } else if (auto s = InputScalar(b, v, k)) {
      (k == "hints" ? g.hints : g.provider) = *s;
    }
  });
  out.generate = g;
}

void ParseInputs(BenchReader& b, const YAML::Node& value, GeneratedInputs& out) {
  if (!value.IsSequence()) return b.Fail(value, "'inputs' must be a list of {name, type, ...}");
  for (const YAML::Node& item : value) {
    InputDecl d;
    d.loc = b.reader().Loc(item);
    b.Keys(item, "an input", kInputKeys, [&](const std::string& k, const YAML::Node& v) {
      if (k == "enum") {
        if (!v.IsSequence()) return b.Fail(v, "'enum' must be a list of values");
        for (const YAML::Node& e : v)
          if (auto s = InputScalar(b, e, k)) d.enum_values.push_back(*s);
        return;
      }
      if (k == "required") {
        if (auto r = b.Bool(v, k)) d.required = *r;
        return;
      }
      auto s = InputScalar(b, v, k);
      if (!s) return;
      if (k == "name") {
        d.name = *s;
      } else if (k == "type") {
        if (std::find(kInputTypes.begin(), kInputTypes.end(), *s) == kInputTypes.end())
          return b.Fail(
              v, "'type' must be string, integer, number or boolean, got '" + *s + "'" + DidYouMean(*s, kInputTypes));
        d.type = *s;
      } else if (k == "description") {
        d.description = *s;
      } else {
        d.default_value = *s;
      }
    });
    if (d.name.empty()) b.Fail(item, "an input needs a 'name'");
    for (const auto& prev : out.inputs)
      if (prev.name == d.name && !d.name.empty()) b.Fail(item, "input '" + d.name + "' is declared twice");
    out.inputs.push_back(std::move(d));
  }
}

/// Reports a second definition of a name at its own position, pointing back to the first.
template <typename T>
void CheckUniqueNames(BenchReader& b, const std::vector<T>& items, const std::string& what) {
  for (size_t i = 0; i < items.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (items[i].name == items[j].name) {
        b.Fail(items[i].loc, "duplicate " + what + " name '" + items[i].name + "' (first defined at " +
                                 items[j].loc.ToString() + ")");
        break;
      }
    }
  }
}

void ParseBenchTop(BenchReader& b, const YAML::Node& root, BenchSpec& spec) {
  bool has_configs = false;
  bool ok = b.Keys(root, "the configs file", kBenchTopKeys, [&](const std::string& key, const YAML::Node& v) {
    if (key == "name") {
      if (auto s = b.String(v, key)) spec.name = *s;
    } else if (key == "runs") {
      if (auto n = b.Bounded(v, key, 1, 100'000)) spec.runs = *n;
    } else if (key == "max_concurrent_runs") {
      if (auto n = b.Bounded(v, key, 1, 10'000)) spec.max_concurrent_runs = *n;
    } else if (key == "ai_summary") {
      b.Keys(v, "ai_summary", kAiSummaryKeys, [&](const std::string& k, const YAML::Node& x) {
        if (k == "judge_provider") {
          if (auto s = b.String(x, k)) spec.ai_summary_provider = *s;
        } else if (auto e = b.Bool(x, k)) {
          spec.ai_summary = *e;
        }
      });
    } else if (key == "generate") {
      ParseGenerate(b, v, spec.generated);
    } else if (key == "inputs") {
      ParseInputs(b, v, spec.generated);
    } else if (key == "configs" || key == "variants") {
      if (!v.IsSequence()) {
        if (!v.IsNull()) b.Fail(v, "'" + key + "' must be a sequence, got " + BenchKind(v));
        return;
      }
      for (const auto& item : v) {
        if (key == "configs") {
          if (auto c = ParseConfig(b, item)) spec.configs.push_back(std::move(*c));
        } else if (auto x = ParseVariant(b, item)) {
          spec.variants.push_back(std::move(*x));
        }
      }
      has_configs = has_configs || key == "configs";
    }
  });
  if (!ok) return;
  if (!has_configs || spec.configs.empty()) {
    b.Fail(b.reader().Loc(root), "the configs file needs a non-empty 'configs' list");
  }
  CheckUniqueNames(b, spec.configs, "config");
  CheckUniqueNames(b, spec.variants, "variant");
}

}  // namespace

Result<BenchSpec> ParseBenchSpec(std::string_view text, const std::string& file, Diagnostics* diagnostics) {
  Reader r(file);
  BenchReader b(r);
  BenchSpec spec;
  spec.file = file;
  try {
    YAML::Node root = YAML::Load(std::string(text));
    if (!root || root.IsNull()) {
      b.Fail(SourceLoc{file, 1, 1}, "the configs file is empty: it needs a 'configs' list");
    } else {
      ParseBenchTop(b, root, spec);
    }
  } catch (const YAML::Exception& e) {
    b.Fail(SourceLoc{file, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1},
           "invalid YAML: " + e.msg);
  }
  if (spec.variants.empty()) spec.variants.push_back(Variant{std::string(kDefaultVariant), {}, {}});
  const Diagnostics& diags = r.diagnostics();
  if (diags.empty()) return spec;
  if (diagnostics) diagnostics->insert(diagnostics->end(), diags.begin(), diags.end());
  const Diagnostic& first = diags.front();
  return Error(ErrorCode::kConfig, Redact(first.message), first.loc);
}

Result<BenchSpec> LoadBenchSpec(const std::string& path, Diagnostics* diagnostics) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::kIo, "cannot read configs file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return ParseBenchSpec(text.str(), path, diagnostics);
}

}  // namespace ab::config
