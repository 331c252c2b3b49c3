#include "llm/gemini_schema.h"

#include <set>
#include <string>

namespace ab::llm {
namespace {

// Fields of Gemini's Schema object (ai.google.dev/api/caching#Schema) that we pass through unchanged.
const std::set<std::string>& Plain() {
  static const std::set<std::string> kPlain = {"title", "description", "nullable", "maxItems", "minItems",
                                               "minProperties", "maxProperties", "minLength", "maxLength",
                                               "pattern", "example", "default", "minimum", "maximum",
                                               "propertyOrdering"};
  return kPlain;
}

bool FormatAllowed(const std::string& type, const std::string& format) {
  if (type == "string") return format == "enum" || format == "date-time";
  if (type == "integer") return format == "int32" || format == "int64";
  if (type == "number") return format == "float" || format == "double";
  return false;
}

}  // namespace

Json CleanGeminiSchema(const Json& schema) {
  if (!schema.is_object()) return Json::object();
  Json out = Json::object();
  std::string type;
  if (schema.contains("type")) {
    const Json& t = schema["type"];
    if (t.is_string()) {
      type = t.get<std::string>();
    } else if (t.is_array()) {
      for (const Json& item : t) {
        if (!item.is_string()) continue;
        if (item == "null") {
          out["nullable"] = true;
        } else if (type.empty()) {
          type = item.get<std::string>();
        }
      }
    }
  }
  if (type.empty() && schema.contains("properties")) type = "object";
  if (!type.empty()) out["type"] = type;
  for (const auto& [key, value] : schema.items()) {
    if (Plain().count(key)) out[key] = value;
  }
  if (schema.contains("format") && schema["format"].is_string() && FormatAllowed(type, schema["format"])) {
    out["format"] = schema["format"];
  }
  const Json* values = nullptr;
  Json const_values;
  if (schema.contains("enum") && schema["enum"].is_array()) values = &schema["enum"];
  if (schema.contains("const")) {
    const_values = Json::array({schema["const"]});
    values = &const_values;
  }
  if (values) {
    bool all_strings = !values->empty();
    for (const Json& v : *values) all_strings = all_strings && v.is_string();
    if (all_strings) out["enum"] = *values;
  }
  if (schema.contains("properties") && schema["properties"].is_object()) {
    Json props = Json::object();
    for (const auto& [name, sub] : schema["properties"].items()) props[name] = CleanGeminiSchema(sub);
    out["properties"] = props;
    if (schema.contains("required") && schema["required"].is_array()) {
      Json required = Json::array();
      for (const Json& r : schema["required"]) {
        if (r.is_string() && props.contains(r.get<std::string>())) required.push_back(r);
      }
      if (!required.empty()) out["required"] = std::move(required);
    }
  }
  if (schema.contains("items")) out["items"] = CleanGeminiSchema(schema["items"]);
  if (type == "array" && !out.contains("items")) out["items"] = {{"type", "string"}};
  for (const char* key : {"anyOf", "oneOf"}) {
    if (!schema.contains(key) || !schema[key].is_array()) continue;
    Json options = Json::array();
    for (const Json& sub : schema[key]) {
      if (sub.is_object() && sub.value("type", Json()) == "null") {
        out["nullable"] = true;
      } else {
        options.push_back(CleanGeminiSchema(sub));
      }
    }
    if (options.size() == 1 && !out.contains("type")) {
      for (const auto& [k, v] : options[0].items()) out[k] = v;
    } else if (!options.empty()) {
      out["anyOf"] = std::move(options);
    }
  }
  return out;
}

}  // namespace ab::llm
