#include "mcp/header_params.h"

#include <algorithm>
#include <cctype>

#include "base/strings.h"

namespace ab::mcp {
namespace {

constexpr int kMaxSchemaDepth = 64;  // a hostile schema nested deeper is refused, not recursed into

std::string Base64(std::string_view data) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(data[i]) << 16) | (static_cast<unsigned char>(data[i + 1]) << 8) |
                 static_cast<unsigned char>(data[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < data.size()) {
    unsigned v = static_cast<unsigned char>(data[i]) << 16;
    if (i + 1 < data.size()) v |= static_cast<unsigned char>(data[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < data.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// Counts every "x-mcp-header" key in the schema, wherever it is; compared with the ones found on a properties
// chain, a difference means an annotation in a place the spec forbids (items, anyOf, $defs ...).
int CountAnnotations(const Json& node, int depth) {
  if (depth > kMaxSchemaDepth) return 0;
  int count = 0;
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "x-mcp-header") ++count;
      count += CountAnnotations(value, depth + 1);
    }
  } else if (node.is_array()) {
    for (const auto& item : node) count += CountAnnotations(item, depth + 1);
  }
  return count;
}

Status Collect(const Json& schema, std::vector<std::string>& path, std::vector<HeaderParam>& out, int depth) {
  if (depth > kMaxSchemaDepth) return Error(ErrorCode::kProtocol, "inputSchema nested deeper than 64 levels");
  auto props = schema.find("properties");
  if (props == schema.end() || !props->is_object()) return Status::Ok();
  for (const auto& [key, property] : props->items()) {
    if (!property.is_object()) continue;
    path.push_back(key);
    const std::string where = "parameter '" + Join(path, ".") + "'";
    if (auto it = property.find("x-mcp-header"); it != property.end()) {
      if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
        return Error(ErrorCode::kProtocol, where + ": x-mcp-header must be a non-empty string");
      }
      const std::string& name = it->get_ref<const std::string&>();
      if (!IsHeaderToken(name)) {
        return Error(ErrorCode::kProtocol,
                     where + ": x-mcp-header is not a valid header name (space, colon, control or non-ASCII)");
      }
      std::string type = property.contains("type") && property["type"].is_string() ? property["type"].get<std::string>()
                                                                                   : std::string();
      if (type != "string" && type != "integer" && type != "boolean") {
        return Error(ErrorCode::kProtocol, where +
                                               ": x-mcp-header is only allowed on string, integer or boolean "
                                               "parameters, not on '" +
                                               (type.empty() ? "untyped" : type) + "'");
      }
      for (const HeaderParam& other : out) {
        if (ToLower(other.name) == ToLower(name)) {
          return Error(ErrorCode::kProtocol, where + ": x-mcp-header '" + name +
                                                 "' is used twice (names are "
                                                 "case-insensitive)");
        }
      }
      out.push_back(HeaderParam{path, name, type});
    }
    if (Status nested = Collect(property, path, out, depth + 1); !nested.ok()) return nested;
    path.pop_back();
  }
  return Status::Ok();
}

}  // namespace

bool IsHeaderToken(std::string_view name) {
  if (name.empty()) return false;
  static constexpr std::string_view kExtra = "!#$%&'*+-.^_`|~";
  return std::all_of(name.begin(), name.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 128 && (std::isalnum(u) || kExtra.find(c) != std::string_view::npos);
  });
}

std::string EncodeHeaderValue(std::string_view value) {
  bool plain = std::all_of(value.begin(), value.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u <= 0x7e;
  });
  if (plain && !value.empty() && (value.front() == ' ' || value.back() == ' ')) plain = false;
  if (plain && StartsWith(value, "=?base64?") && EndsWith(value, "?=")) plain = false;
  if (plain) return std::string(value);
  return "=?base64?" + Base64(value) + "?=";
}

Result<std::vector<HeaderParam>> HeaderParamsOf(const Json& input_schema) {
  std::vector<HeaderParam> out;
  if (!input_schema.is_object()) return out;
  std::vector<std::string> path;
  if (Status st = Collect(input_schema, path, out, 0); !st.ok()) return st.error();
  if (CountAnnotations(input_schema, 0) != static_cast<int>(out.size())) {
    return Error(ErrorCode::kProtocol,
                 "x-mcp-header appears outside a chain of 'properties' from the schema root "
                 "(items, composition keywords and $ref are not allowed)");
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> HeaderParamValues(const std::vector<HeaderParam>& params,
                                                                   const Json& arguments) {
  std::vector<std::pair<std::string, std::string>> headers;
  for (const HeaderParam& param : params) {
    const Json* node = &arguments;
    for (const std::string& key : param.path) {
      if (!node->is_object()) {
        node = nullptr;
        break;
      }
      auto it = node->find(key);
      if (it == node->end()) {
        node = nullptr;
        break;
      }
      node = &*it;
    }
    if (node == nullptr || node->is_null()) continue;
    std::string text;
    if (node->is_string()) text = node->get<std::string>();
    else if (node->is_boolean()) text = node->get<bool>() ? "true" : "false";
    else if (node->is_number()) text = node->dump();
    else continue;  // an object or array where the schema promised a primitive: the server will judge the body
    headers.emplace_back("Mcp-Param-" + param.name, EncodeHeaderValue(text));
  }
  return headers;
}

}  // namespace ab::mcp
