#include "assert/json_schema.h"

#include <re2/re2.h>

#include <algorithm>

#include "assert/compare.h"
#include "assert/compiled_cache.h"
#include "base/json_dump.h"
#include "base/json_ref.h"
#include "jsonpath/jsonpath.h"

namespace ab::assertions {
namespace {

const char* TypeName(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::string: return "string";
    case Json::value_t::array: return "array";
    case Json::value_t::object: return "object";
    case Json::value_t::number_float:
      return v.get<double>() == static_cast<double>(static_cast<int64_t>(v.get<double>())) ? "integer" : "number";
    default: return "integer";
  }
}

bool HasType(const Json& v, const std::string& type) {
  std::string actual = TypeName(v);
  return actual == type || (type == "number" && actual == "integer");
}

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string Where(const std::string& pointer) { return pointer.empty() ? "/" : pointer; }

// A chain of $ref deeper than this is cut off with an error naming the limit (a reference cycle that consumes
// no input, or a hostile schema); recursive schemas that follow a finite instance stay well below it.
constexpr int kMaxRefDepth = 64;

/// The whole schema a $ref is resolved against, and the $ref hops of the path being validated.
struct RefContext {
  const Json* root = nullptr;
  std::vector<std::pair<const Json*, const Json*>> hops;  // (target schema, instance) of each $ref on the path
};

}  // namespace

namespace {

void CheckSchemaAt(const Json& s, const Json& root, const std::string& at, std::vector<std::string>& out, int depth) {
  if (depth > 256) {
    out.push_back(Where(at) + ": schema nested deeper than 256 levels");
    return;
  }
  if (s.is_boolean()) return;
  if (!s.is_object()) {
    out.push_back(Where(at) + ": a schema must be an object or a boolean");
    return;
  }
  static const char* const kTypes[] = {"null", "boolean", "object", "array", "number", "integer", "string"};
  auto check_type_name = [&](const Json& t) {
    for (const char* k : kTypes)
      if (t == k) return;
    out.push_back(Where(at) + ": unknown type " + DumpJson(t));
  };
  if (s.contains("type")) {
    const Json& t = s["type"];
    if (t.is_string()) {
      check_type_name(t);
    } else if (t.is_array()) {
      for (const auto& x : t)
        x.is_string() ? check_type_name(x) : out.push_back(Where(at) + ": 'type' items must be strings");
    } else {
      out.push_back(Where(at) + ": 'type' must be a string or a list");
    }
  }
  if (s.contains("properties")) {
    if (!s["properties"].is_object()) {
      out.push_back(Where(at) + ": 'properties' must be an object");
    } else {
      for (auto it = s["properties"].begin(); it != s["properties"].end(); ++it)
        CheckSchemaAt(*it, root, at + "/properties/" + it.key(), out, depth + 1);
    }
  }
  if (s.contains("required")) {
    const Json& r = s["required"];
    bool ok = r.is_array();
    if (ok)
      for (const auto& x : r) ok = ok && x.is_string();
    if (!ok) out.push_back(Where(at) + ": 'required' must be a list of strings");
  }
  if (s.contains("enum") && !s["enum"].is_array()) out.push_back(Where(at) + ": 'enum' must be a list");
  if (s.contains("items")) CheckSchemaAt(s["items"], root, at + "/items", out, depth + 1);
  if (s.contains("additionalProperties"))
    CheckSchemaAt(s["additionalProperties"], root, at + "/additionalProperties", out, depth + 1);
  if (s.contains("not")) CheckSchemaAt(s["not"], root, at + "/not", out, depth + 1);
  if (s.contains("$ref")) {
    if (!s["$ref"].is_string()) {
      out.push_back(Where(at) + ": '$ref' must be a string");
    } else if (auto target = ResolveLocalRef(root, s["$ref"].get<std::string>()); !target) {
      out.push_back(Where(at) + ": " + target.error().message);
    }
  }
  for (const char* k : {"$defs", "definitions"}) {
    if (!s.contains(k)) continue;
    if (!s[k].is_object()) {
      out.push_back(Where(at) + ": '" + k + "' must be an object");
      continue;
    }
    for (auto it = s[k].begin(); it != s[k].end(); ++it)
      CheckSchemaAt(*it, root, at + "/" + k + "/" + it.key(), out, depth + 1);
  }
  for (const char* k : {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"})
    if (s.contains(k) && !s[k].is_number()) out.push_back(Where(at) + ": '" + k + "' must be a number");
  for (const char* k : {"minLength", "maxLength", "minItems", "maxItems"})
    if (s.contains(k) && !(s[k].is_number_integer() && s[k].get<int64_t>() >= 0))
      out.push_back(Where(at) + ": '" + k + "' must be a non-negative integer");
  if (s.contains("pattern")) {
    if (!s["pattern"].is_string()) {
      out.push_back(Where(at) + ": 'pattern' must be a string");
    } else if (auto re = CompiledRegex(s["pattern"].get<std::string>()); !re) {
      out.push_back(Where(at) + ": " + re.error().message);
    }
  }
  for (const char* k : {"anyOf", "oneOf", "allOf"}) {
    if (!s.contains(k)) continue;
    if (!s[k].is_array() || s[k].empty()) {
      out.push_back(Where(at) + ": '" + k + "' must be a non-empty list");
      continue;
    }
    for (size_t i = 0; i < s[k].size(); ++i)
      CheckSchemaAt(s[k][i], root, at + "/" + k + "/" + std::to_string(i), out, depth + 1);
  }
}

void Validate(const Json& s, const Json& v, const std::string& at, std::vector<std::string>& out, RefContext& ctx) {
  if (s.is_boolean()) {
    if (!s.get<bool>()) out.push_back(Where(at) + ": no value is allowed here");
    return;
  }
  if (!s.is_object()) return;
  if (s.contains("$ref") && s["$ref"].is_string()) {
    // 2020-12: $ref applies next to the keywords beside it (draft-07 producers put none there).
    const std::string& ref = s["$ref"].get_ref<const std::string&>();
    auto target = ResolveLocalRef(*ctx.root, ref);
    if (!target) {
      out.push_back(Where(at) + ": " + target.error().message);
    } else if (ctx.hops.size() >= static_cast<size_t>(kMaxRefDepth)) {
      out.push_back(Where(at) + ": $ref '" + ref + "' not followed: more than " + std::to_string(kMaxRefDepth) +
                    " references deep (the limit on $ref nesting)");
    } else if (std::find(ctx.hops.begin(), ctx.hops.end(), std::make_pair(*target, &v)) != ctx.hops.end()) {
      out.push_back(Where(at) + ": $ref '" + ref +
                    "' refers back to itself without a value to check (a reference cycle)");
    } else {
      ctx.hops.emplace_back(*target, &v);
      Validate(**target, v, at, out, ctx);
      ctx.hops.pop_back();
    }
  }
  if (s.contains("type")) {
    const Json& t = s["type"];
    bool ok = false;
    if (t.is_string()) ok = HasType(v, t.get<std::string>());
    if (t.is_array())
      for (const auto& x : t) ok = ok || (x.is_string() && HasType(v, x.get<std::string>()));
    if (!ok) {
      out.push_back(Where(at) + ": expected " + (t.is_string() ? t.get<std::string>() : DumpJson(t)) + ", got " +
                    TypeName(v));
      return;
    }
  }
  if (s.contains("enum")) {
    bool found = false;
    for (const auto& e : s["enum"]) found = found || jsonpath::JsonEqual(e, v);
    if (!found) out.push_back(Where(at) + ": " + Describe(v) + " is not one of " + DumpJson(s["enum"]));
  }
  if (s.contains("const") && !jsonpath::JsonEqual(s["const"], v)) {
    out.push_back(Where(at) + ": expected " + Describe(s["const"]) + ", got " + Describe(v));
  }
  if (v.is_number()) {
    double d = v.get<double>();
    if (s.contains("minimum") && d < s["minimum"].get<double>())
      out.push_back(Where(at) + ": " + Describe(v) + " is less than the minimum " + DumpJson(s["minimum"]));
    if (s.contains("maximum") && d > s["maximum"].get<double>())
      out.push_back(Where(at) + ": " + Describe(v) + " is greater than the maximum " + DumpJson(s["maximum"]));
    if (s.contains("exclusiveMinimum") && d <= s["exclusiveMinimum"].get<double>())
      out.push_back(Where(at) + ": " + Describe(v) + " must be greater than " + DumpJson(s["exclusiveMinimum"]));
    if (s.contains("exclusiveMaximum") && d >= s["exclusiveMaximum"].get<double>())
      out.push_back(Where(at) + ": " + Describe(v) + " must be less than " + DumpJson(s["exclusiveMaximum"]));
  }
  if (v.is_string()) {
    const std::string& str = v.get_ref<const std::string&>();
    size_t n = CodePoints(str);
    if (s.contains("minLength") && n < s["minLength"].get<size_t>())
      out.push_back(Where(at) + ": string shorter than " + DumpJson(s["minLength"]) + " characters");
    if (s.contains("maxLength") && n > s["maxLength"].get<size_t>())
      out.push_back(Where(at) + ": string longer than " + DumpJson(s["maxLength"]) + " characters");
    if (s.contains("pattern")) {
      auto re = CompiledRegex(s["pattern"].get<std::string>());
      if (re && !RE2::PartialMatch(str, **re))
        out.push_back(Where(at) + ": " + Describe(v) + " does not match /" + s["pattern"].get<std::string>() + "/");
    }
  }
  if (v.is_array()) {
    if (s.contains("minItems") && v.size() < s["minItems"].get<size_t>())
      out.push_back(Where(at) + ": fewer than " + DumpJson(s["minItems"]) + " items");
    if (s.contains("maxItems") && v.size() > s["maxItems"].get<size_t>())
      out.push_back(Where(at) + ": more than " + DumpJson(s["maxItems"]) + " items");
    if (s.contains("items"))
      for (size_t i = 0; i < v.size(); ++i) Validate(s["items"], v[i], at + "/" + std::to_string(i), out, ctx);
  }
  if (v.is_object()) {
    if (s.contains("required")) {
      for (const auto& r : s["required"]) {
        if (!v.contains(r.get<std::string>()))
          out.push_back(Where(at) + ": missing required property '" + r.get<std::string>() + "'");
      }
    }
    const Json* props = s.contains("properties") ? &s["properties"] : nullptr;
    for (auto it = v.begin(); it != v.end(); ++it) {
      std::string child = at + "/" + it.key();
      if (props != nullptr && props->contains(it.key())) {
        Validate((*props)[it.key()], *it, child, out, ctx);
      } else if (s.contains("additionalProperties")) {
        const Json& extra = s["additionalProperties"];
        if (extra.is_boolean() && !extra.get<bool>()) {
          out.push_back(Where(at) + ": property '" + it.key() + "' is not allowed");
        } else {
          Validate(extra, *it, child, out, ctx);
        }
      }
    }
  }
  if (s.contains("allOf"))
    for (const auto& sub : s["allOf"]) Validate(sub, v, at, out, ctx);
  auto count_valid = [&](const Json& list) {
    int n = 0;
    for (const auto& sub : list) {
      std::vector<std::string> tmp;
      Validate(sub, v, at, tmp, ctx);
      if (tmp.empty()) ++n;
    }
    return n;
  };
  if (s.contains("anyOf") && count_valid(s["anyOf"]) == 0)
    out.push_back(Where(at) + ": matches none of the 'anyOf' schemas");
  if (s.contains("oneOf")) {
    int n = count_valid(s["oneOf"]);
    if (n != 1) out.push_back(Where(at) + ": matches " + std::to_string(n) + " of the 'oneOf' schemas, not exactly 1");
  }
  if (s.contains("not")) {
    std::vector<std::string> tmp;
    Validate(s["not"], v, at, tmp, ctx);
    if (tmp.empty()) out.push_back(Where(at) + ": must not match the 'not' schema");
  }
}

}  // namespace

std::vector<std::string> CheckSchema(const Json& schema) {
  std::vector<std::string> out;
  CheckSchemaAt(schema, schema, "", out, 0);
  return out;
}

std::vector<std::string> ValidateJson(const Json& schema, const Json& instance) {
  std::vector<std::string> out;
  RefContext ctx;
  ctx.root = &schema;
  Validate(schema, instance, "", out, ctx);
  return out;
}

}  // namespace ab::assertions
