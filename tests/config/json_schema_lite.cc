#include "json_schema_lite.h"

#include <re2/re2.h>

namespace ab::config::testing {

namespace {

class Validator {
 public:
  explicit Validator(const Json& root) : root_(root) {}

  void Check(const Json& schema, const Json& doc, const std::string& path, std::vector<std::string>& errors) {
    if (schema.contains("$ref")) {
      const std::string ref = schema["$ref"].get<std::string>();
      const std::string prefix = "#/definitions/";
      if (ref.rfind(prefix, 0) != 0 || !root_["definitions"].contains(ref.substr(prefix.size()))) {
        errors.push_back(path + ": unresolvable $ref " + ref);
        return;
      }
      Check(root_["definitions"][ref.substr(prefix.size())], doc, path, errors);
    }
    if (schema.contains("type") && !TypeMatches(schema["type"], doc)) {
      errors.push_back(path + ": wrong type, expected " + schema["type"].dump());
      return;
    }
    if (schema.contains("enum")) {
      bool found = false;
      for (const Json& e : schema["enum"]) found = found || e == doc;
      if (!found) errors.push_back(path + ": " + doc.dump() + " not in enum");
    }
    if (schema.contains("pattern") && doc.is_string() &&
        !RE2::PartialMatch(doc.get<std::string>(), RE2(schema["pattern"].get<std::string>()))) {
      errors.push_back(path + ": '" + doc.get<std::string>() + "' does not match " + schema["pattern"].dump());
    }
    if (doc.is_number()) {
      if (schema.contains("minimum") && doc.get<double>() < schema["minimum"].get<double>())
        errors.push_back(path + ": below minimum");
      if (schema.contains("maximum") && doc.get<double>() > schema["maximum"].get<double>())
        errors.push_back(path + ": above maximum");
    }
    if (doc.is_object()) CheckObject(schema, doc, path, errors);
    if (doc.is_array()) {
      if (schema.contains("minItems") && doc.size() < schema["minItems"].get<size_t>())
        errors.push_back(path + ": too few items");
      if (schema.contains("items")) {
        for (size_t i = 0; i < doc.size(); ++i) Check(schema["items"], doc[i], path + "/" + std::to_string(i), errors);
      }
    }
    if (schema.contains("anyOf") || schema.contains("oneOf")) {
      const bool one = schema.contains("oneOf");
      int matches = 0;
      for (const Json& alt : schema[one ? "oneOf" : "anyOf"]) {
        std::vector<std::string> sub;
        Check(alt, doc, path, sub);
        matches += sub.empty() ? 1 : 0;
      }
      if (matches == 0 || (one && matches > 1)) {
        errors.push_back(path + ": " + std::to_string(matches) + " alternatives of " + (one ? "oneOf" : "anyOf") +
                         " match");
      }
    }
  }

 private:
  static bool TypeMatches(const Json& type, const Json& doc) {
    if (type.is_array()) {
      for (const Json& t : type)
        if (TypeMatches(t, doc)) return true;
      return false;
    }
    const std::string t = type.get<std::string>();
    if (t == "object") return doc.is_object();
    if (t == "array") return doc.is_array();
    if (t == "string") return doc.is_string();
    if (t == "boolean") return doc.is_boolean();
    if (t == "null") return doc.is_null();
    if (t == "integer") return doc.is_number_integer();
    if (t == "number") return doc.is_number();
    return false;
  }

  void CheckObject(const Json& schema, const Json& doc, const std::string& path, std::vector<std::string>& errors) {
    if (schema.contains("required")) {
      for (const Json& key : schema["required"])
        if (!doc.contains(key.get<std::string>())) errors.push_back(path + ": missing " + key.get<std::string>());
    }
    for (const auto& [key, value] : doc.items()) {
      if (schema.contains("properties") && schema["properties"].contains(key)) {
        Check(schema["properties"][key], value, path + "/" + key, errors);
      } else if (schema.contains("additionalProperties")) {
        const Json& extra = schema["additionalProperties"];
        if (extra.is_boolean()) {
          if (!extra.get<bool>()) errors.push_back(path + ": unexpected key " + key);
        } else {
          Check(extra, value, path + "/" + key, errors);
        }
      }
    }
  }

  const Json& root_;
};

}  // namespace

std::vector<std::string> ValidateAgainstSchema(const Json& root, const Json& doc) {
  std::vector<std::string> errors;
  Validator(root).Check(root, doc, "", errors);
  return errors;
}

}  // namespace ab::config::testing
