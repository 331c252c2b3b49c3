#include "bench/variants_gen.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/json_dump.h"
#include "base/strings.h"

namespace ab::bench {
namespace {

const std::vector<std::string> kInputKeys = {"name", "type", "description", "required", "default", "enum"};
const std::vector<std::string> kGenerateKeys = {"count", "hints", "provider", "seed"};
const std::vector<std::string> kTypes = {"string", "integer", "number", "boolean"};

SourceLoc Loc(const std::string& file, const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  return m.is_null() ? SourceLoc{file, 0, 0} : SourceLoc{file, m.line + 1, m.column + 1};
}

struct Ctx {
  const std::string& file;
  Diagnostics& diags;
  void Fail(const YAML::Node& n, std::string message) {
    diags.push_back(Diagnostic{Severity::kError, Loc(file, n), std::move(message)});
  }
  // Visits a mapping's keys, reporting unknown ones with a did-you-mean.
  template <typename Fn>
  void Keys(const YAML::Node& n, const std::string& what, const std::vector<std::string>& known, Fn fn) {
    if (!n.IsMap()) return Fail(n, what + " must be a mapping");
    for (const auto& kv : n) {
      const std::string key = kv.first.Scalar();
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        Fail(kv.first, "unknown key '" + key + "' in " + what + DidYouMean(key, known));
        continue;
      }
      fn(key, kv.second);
    }
  }
  std::optional<std::string> Scalar(const YAML::Node& v, const std::string& key) {
    if (!v.IsScalar()) {
      Fail(v, "'" + key + "' must be a single value");
      return std::nullopt;
    }
    return v.Scalar();
  }
  std::optional<long long> Int(const YAML::Node& v, const std::string& key, long long lo, long long hi) {
    auto s = Scalar(v, key);
    if (!s) return std::nullopt;
    char* end = nullptr;
    long long n = std::strtoll(s->c_str(), &end, 10);
    if (s->empty() || *end != '\0' || n < lo || n > hi) {
      Fail(v, "'" + key + "' must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
      return std::nullopt;
    }
    return n;
  }
};

}  // namespace

void ParseGeneratedInputs(const std::string& key, const YAML::Node& value, const std::string& file,
                          GeneratedInputs& out, Diagnostics& diagnostics) {
  Ctx c{file, diagnostics};
  if (key == "generate") {
    VariantGeneration g;
    g.loc = Loc(file, value);
    c.Keys(value, "generate", kGenerateKeys, [&](const std::string& k, const YAML::Node& v) {
      if (k == "count") {
        if (auto n = c.Int(v, k, 1, 100)) g.count = static_cast<int>(*n);
      } else if (k == "seed") {
        if (auto n = c.Int(v, k, 0, (1LL << 62))) g.seed = *n;
      } else if (auto s = c.Scalar(v, k)) {
        (k == "hints" ? g.hints : g.provider) = *s;
      }
    });
    out.generate = g;
    return;
  }
  if (!value.IsSequence()) return c.Fail(value, "'inputs' must be a list of {name, type, ...}");
  for (const YAML::Node& item : value) {
    InputDecl d;
    d.loc = Loc(file, item);
    c.Keys(item, "an input", kInputKeys, [&](const std::string& k, const YAML::Node& v) {
      if (k == "enum") {
        if (!v.IsSequence()) return c.Fail(v, "'enum' must be a list of values");
        for (const YAML::Node& e : v)
          if (auto s = c.Scalar(e, k)) d.enum_values.push_back(*s);
        return;
      }
      auto s = c.Scalar(v, k);
      if (!s) return;
      if (k == "name") d.name = *s;
      else if (k == "type") {
        if (std::find(kTypes.begin(), kTypes.end(), *s) == kTypes.end())
          return c.Fail(v, "'type' must be string, integer, number or boolean, got '" + *s + "'" + DidYouMean(*s, kTypes));
        d.type = *s;
      } else if (k == "description") d.description = *s;
      else if (k == "required") d.required = *s == "true";
      else d.default_value = *s;
    });
    if (d.name.empty()) c.Fail(item, "an input needs a 'name'");
    for (const auto& prev : out.inputs)
      if (prev.name == d.name && !d.name.empty()) c.Fail(item, "input '" + d.name + "' is declared twice");
    out.inputs.push_back(std::move(d));
  }
}

std::vector<std::string> CheckVariantValues(const Json& values, const std::vector<InputDecl>& inputs,
                                            std::vector<std::pair<std::string, std::string>>* out) {
  std::vector<std::string> errors;
  if (!values.is_object()) return {"the inputs must be an object of input name to value"};
  std::vector<std::string> names;
  for (const auto& d : inputs) names.push_back(d.name);
  for (auto it = values.begin(); it != values.end(); ++it)
    if (std::find(names.begin(), names.end(), it.key()) == names.end())
      errors.push_back("there is no input '" + it.key() + "'" + DidYouMean(it.key(), names));
  std::vector<std::pair<std::string, std::string>> vars;
  for (const auto& d : inputs) {
    if (!values.contains(d.name) || values[d.name].is_null()) {
      if (d.required) errors.push_back("input '" + d.name + "' is required");
      else if (d.default_value) vars.emplace_back(d.name, *d.default_value);
      continue;
    }
    const Json& v = values[d.name];
    std::string text;
    if (d.type == "string" && v.is_string()) text = v.get<std::string>();
    else if (d.type == "integer" && v.is_number_integer()) text = std::to_string(v.get<long long>());
    else if (d.type == "number" && v.is_number() && std::isfinite(v.get<double>())) text = DumpJson(v);
    else if (d.type == "boolean" && v.is_boolean()) text = v.get<bool>() ? "true" : "false";
    else {
      errors.push_back("input '" + d.name + "' must be " + (d.type == "integer" ? "an " : "a ") + d.type + ", got " + Truncate(DumpJson(v), 60));
      continue;
    }
    if (text.size() > 4096 || text.find("{{") != std::string::npos) {
      errors.push_back("input '" + d.name + "' must be at most 4096 characters, without \"{{\"");
      continue;
    }
    if (!d.enum_values.empty() && std::find(d.enum_values.begin(), d.enum_values.end(), text) == d.enum_values.end()) {
      errors.push_back("input '" + d.name + "' must be one of: " + Join(d.enum_values, ", ") + " (got '" + text + "')");
      continue;
    }
    vars.emplace_back(d.name, text);
  }
  if (errors.empty() && out) *out = std::move(vars);
  return errors;
}

std::string VariantsHash(const Json& variants) {
  // FNV-1a over the canonical text: stable across runs and machines, enough to tell fixtures apart.
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char ch : DumpJson(variants)) {
    h ^= ch;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace ab::bench
