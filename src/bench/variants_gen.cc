#include "bench/variants_gen.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/json_dump.h"
#include "base/strings.h"

namespace ab::bench {

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
      errors.push_back("input '" + d.name + "' must be " + (d.type == "integer" ? "an " : "a ") + d.type + ", got " +
                       Truncate(DumpJson(v), 60));
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
