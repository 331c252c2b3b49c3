#include "serve/fixtures.h"

#include <openssl/evp.h>

#include <map>
#include <set>

#include "base/json_dump.h"

namespace ab::serve {

bool ValidFixtureName(std::string_view name) {
  if (name.empty() || name.size() > 100) return false;
  for (char c : name) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

Result<Json> NormalizeVariants(const Json& variants) {
  if (!variants.is_array() || variants.empty())
    return Error(ErrorCode::kInvalidArgument, "variants: must be a non-empty array of {name, variables}");
  Json out = Json::array();
  std::set<std::string> names;
  for (size_t i = 0; i < variants.size(); ++i) {
    const Json& v = variants[i];
    std::string at = "variants[" + std::to_string(i) + "]";
    if (!v.is_object()) return Error(ErrorCode::kInvalidArgument, at + ": must be an object {name, variables}");
    for (const auto& [key, value] : v.items()) {
      (void)value;
      if (key != "name" && key != "variables")
        return Error(ErrorCode::kInvalidArgument, at + "." + key + ": unknown field (expected name, variables)");
    }
    auto name = v.find("name");
    if (name == v.end() || !name->is_string() || name->get<std::string>().empty())
      return Error(ErrorCode::kInvalidArgument, at + ".name: must be a non-empty string");
    if (!names.insert(name->get<std::string>()).second)
      return Error(ErrorCode::kInvalidArgument,
                   at + ".name: duplicate variant name '" + name->get<std::string>() + "'");
    // Sorted by name: Json keeps insertion order, and the content hash must not depend on it.
    std::map<std::string, std::string> sorted;
    auto in = v.find("variables");
    if (in != v.end()) {
      if (!in->is_object()) return Error(ErrorCode::kInvalidArgument, at + ".variables: must be an object");
      for (const auto& [key, value] : in->items()) {
        if (value.is_string()) sorted[key] = value.get<std::string>();
        else if (value.is_number() || value.is_boolean()) sorted[key] = DumpJson(value);
        else
          return Error(ErrorCode::kInvalidArgument, at + ".variables." + key + ": must be a string, number or boolean");
      }
    }
    Json vars = Json::object();
    for (const auto& [key, value] : sorted) vars[key] = value;
    out.push_back(Json{{"name", *name}, {"variables", vars}});
  }
  return out;
}

std::string ContentHash(const Json& variants) {
  // |variants| is normalized (fixed field order, sorted variables), so equal content dumps the same text.
  std::string text = variants.dump(-1, ' ', false, Json::error_handler_t::replace);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out = "sha256:";
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

}  // namespace ab::serve
