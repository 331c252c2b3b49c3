#include "gen/yaml_emit.h"

#include <cctype>

#include "base/json_dump.h"

namespace ab::gen {
namespace {

bool PlainKey(const std::string& k) {
  if (k.empty() || !(std::isalpha(static_cast<unsigned char>(k[0])) || k[0] == '_')) return false;
  for (char c : k)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  // Words YAML 1.1 readers take for booleans or null must stay strings.
  for (const char* reserved : {"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
    if (k == reserved) return false;
  return true;
}

std::string Key(const std::string& k) { return PlainKey(k) ? k : DumpJson(Json(k)); }

bool Inline(const Json& v) { return !v.is_structured() || v.empty(); }

std::string Scalar(const Json& v) {
  if (v.is_object()) return "{}";
  if (v.is_array()) return "[]";
  return DumpJson(v);  // strings quoted and escaped, numbers, true/false/null as YAML reads them
}

void Emit(const Json& v, int indent, std::string& out);

void EmitObject(const Json& v, int indent, std::string& out) {
  const std::string pad(static_cast<size_t>(indent), ' ');
  for (auto it = v.begin(); it != v.end(); ++it) {
    out += pad + Key(it.key()) + ":";
    if (Inline(it.value())) {
      out += " " + Scalar(it.value()) + "\n";
    } else {
      out += "\n";
      Emit(it.value(), indent + 2, out);
    }
  }
}

void EmitArray(const Json& v, int indent, std::string& out) {
  const std::string pad(static_cast<size_t>(indent), ' ');
  for (const Json& item : v) {
    if (Inline(item)) {
      out += pad + "- " + Scalar(item) + "\n";
    } else if (item.is_object()) {
      // "- key: value" with the rest of the mapping aligned under the first key.
      std::string body;
      EmitObject(item, indent + 2, body);
      out += pad + "- " + body.substr(static_cast<size_t>(indent) + 2);
    } else {
      out += pad + "-\n";
      Emit(item, indent + 2, out);
    }
  }
}

void Emit(const Json& v, int indent, std::string& out) {
  if (v.is_object() && !v.empty()) return EmitObject(v, indent, out);
  if (v.is_array() && !v.empty()) return EmitArray(v, indent, out);
  out += std::string(static_cast<size_t>(indent), ' ') + Scalar(v) + "\n";
}

}  // namespace

std::string EmitYaml(const Json& value) {
  std::string out;
  Emit(value, 0, out);
  return out;
}

}  // namespace ab::gen
