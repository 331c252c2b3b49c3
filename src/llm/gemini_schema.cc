#include "llm/gemini_schema.h"

#include <set>
#include <string>

#include "base/json_ref.h"

namespace ab::llm {
namespace {

// Fields of Gemini's Schema object (ai.google.dev/api/caching#Schema) that we pass through unchanged.
const std::set<std::string>& Plain() {
  static const std::set<std::string> kPlain = {
      "title",     "description", "nullable", "maxItems", "minItems", "minProperties", "maxProperties",   "minLength",
      "maxLength", "pattern",     "example",  "default",  "minimum",  "maximum",       "propertyOrdering"};
  return kPlain;
}

bool FormatAllowed(const std::string& type, const std::string& format) {
  if (type == "string") return format == "enum" || format == "date-time";
  if (type == "integer") return format == "int32" || format == "int64";
  if (type == "number") return format == "float" || format == "double";
  return false;
}

// Local $refs are inlined this many levels deep; a recursive structure is cut off below that with a permissive
// schema, and a schema whose refs fan out is cut off after kMaxInlined inlinings (each copies a subtree).
constexpr int kMaxRefDepth = 6;
constexpr int kMaxInlined = 500;

struct Inliner {
  const Json* root = nullptr;
  int inlined = 0;
};

/// The schema a local "#/..." ref points to in |root|, or null (remote refs are never fetched).
const Json* Resolve(const Json& root, const std::string& ref) {
  Result<const Json*> target = ResolveLocalRef(root, ref);
  return target ? *target : nullptr;
}

Json Clean(const Json& schema, Inliner& in, int ref_depth);

/// |schema|'s $ref replaced by what it points to (cleaned), with the keywords beside the $ref (description,
/// title ...) kept on top; a permissive schema when the ref cannot or may not be followed.
Json Inline(const Json& schema, Inliner& in, int ref_depth) {
  const std::string ref = schema["$ref"].is_string() ? schema["$ref"].get<std::string>() : "";
  const Json* target = Resolve(*in.root, ref);
  Json out = Json::object();
  if (target && ref_depth < kMaxRefDepth && in.inlined < kMaxInlined) {
    ++in.inlined;
    out = Clean(*target, in, ref_depth + 1);
  } else {
    // The model still learns what belongs here: the name of the structure.
    std::string name = ref.substr(ref.find_last_of('/') + 1);
    out["description"] = target ? "a " + name + " (nested too deep to describe here)" : "any value (" + ref + ")";
  }
  Json rest = schema;
  rest.erase("$ref");
  if (!rest.empty()) {
    Json extra = Clean(rest, in, ref_depth);
    for (auto& [k, v] : extra.items()) out[k] = v;
  }
  return out;
}

Json Clean(const Json& schema, Inliner& in, int ref_depth) {
  if (!schema.is_object()) return Json::object();
  if (schema.contains("$ref") && in.root) return Inline(schema, in, ref_depth);
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
    for (const auto& [name, sub] : schema["properties"].items()) props[name] = Clean(sub, in, ref_depth);
    out["properties"] = props;
    if (schema.contains("required") && schema["required"].is_array()) {
      Json required = Json::array();
      for (const Json& r : schema["required"]) {
        if (r.is_string() && props.contains(r.get<std::string>())) required.push_back(r);
      }
      if (!required.empty()) out["required"] = std::move(required);
    }
  }
  if (schema.contains("items")) out["items"] = Clean(schema["items"], in, ref_depth);
  if (type == "array" && !out.contains("items")) out["items"] = {{"type", "string"}};
  for (const char* key : {"anyOf", "oneOf"}) {
    if (!schema.contains(key) || !schema[key].is_array()) continue;
    Json options = Json::array();
    for (const Json& sub : schema[key]) {
      if (sub.is_object() && sub.value("type", Json()) == "null") {
        out["nullable"] = true;
      } else {
        options.push_back(Clean(sub, in, ref_depth));
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

}  // namespace

Json CleanGeminiSchema(const Json& schema) {
  Inliner in;
  in.root = &schema;
  return Clean(schema, in, 0);
}

}  // namespace ab::llm
