#include "config/yaml_json.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

#include "config/env_expand.h"
#include "config/yaml_text.h"

namespace ab::config {

namespace {

constexpr int kMaxDepth = 64;
constexpr long kMaxNodes = 100000;

bool AllOf(std::string_view s, int (*pred)(int)) {
  if (s.empty()) return false;
  for (char c : s)
    if (!pred(static_cast<unsigned char>(c))) return false;
  return true;
}

int IsOctal(int c) { return c >= '0' && c <= '7'; }

// [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+ (YAML 1.2 core schema).
bool LooksInt(std::string_view s) {
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
    return AllOf(s.substr(2), s[1] == 'o' ? &IsOctal : &isxdigit);
  }
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return AllOf(s, &isdigit);
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool LooksFloat(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i - start;
  };
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t int_digits = digits();
  size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    frac_digits = digits();
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

class Converter {
 public:
  Converter(Reader& reader, bool expand_env) : reader_(reader), expand_env_(expand_env) {}

  std::optional<Json> Convert(const YAML::Node& node, int depth) {
    if (++nodes_ > kMaxNodes) {
      if (!reported_) reader_.Error(node, "value too large: more than 100000 nodes (recursive YAML aliases?)");
      reported_ = true;
      return std::nullopt;
    }
    if (depth > kMaxDepth) {
      if (!reported_) reader_.Error(node, "value nested deeper than 64 levels");
      reported_ = true;
      return std::nullopt;
    }
    switch (node.Type()) {
      case YAML::NodeType::Scalar: return ScalarToJson(node, expand_env_);
      case YAML::NodeType::Sequence: {
        Json arr = Json::array();
        for (const YAML::Node& item : node) {
          std::optional<Json> j = Convert(item, depth + 1);
          if (!j) return std::nullopt;
          arr.push_back(std::move(*j));
        }
        return arr;
      }
      case YAML::NodeType::Map: {
        Json obj = Json::object();
        for (const auto& kv : node) {
          if (!kv.first.IsScalar()) {
            reader_.Error(kv.first, "expected a plain key, got " + KindName(kv.first));
            return std::nullopt;
          }
          std::optional<Json> j = Convert(kv.second, depth + 1);
          if (!j) return std::nullopt;
          obj[kv.first.Scalar()] = std::move(*j);
        }
        return obj;
      }
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined: break;
    }
    return Json(nullptr);
  }

 private:
  Reader& reader_;
  bool expand_env_;
  long nodes_ = 0;
  bool reported_ = false;
};

}  // namespace

Json ScalarToJson(const YAML::Node& scalar, bool expand_env) {
  if (scalar.IsNull()) return Json(nullptr);
  const std::string& s = scalar.Scalar();
  auto text = [&] { return Json(expand_env ? ExpandEnv(s) : s); };
  if (IsQuoted(scalar) || scalar.Tag() == "tag:yaml.org,2002:str") return text();
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return Json(nullptr);
  if (s == "true" || s == "True" || s == "TRUE") return Json(true);
  if (s == "false" || s == "False" || s == "FALSE") return Json(false);
  if (LooksInt(s)) {
    int base = 10;
    std::string digits = s;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
      base = s[1] == 'o' ? 8 : 16;
      digits = s.substr(2);
    }
    errno = 0;
    const long long n = std::strtoll(digits.c_str(), nullptr, base);
    if (errno == 0) return Json(n);
    // Too large for 64 bits: keep the magnitude as a float rather than wrapping.
    return Json(std::strtod(s.c_str(), nullptr));
  }
  if (LooksFloat(s)) return Json(std::strtod(s.c_str(), nullptr));
  return text();
}

std::optional<long long> PlainInt(const YAML::Node& scalar) {
  if (!scalar.IsScalar() || IsQuoted(scalar)) return std::nullopt;
  const Json j = ScalarToJson(scalar, /*expand_env=*/false);
  if (j.is_number_integer()) return j.get<long long>();
  return std::nullopt;
}

std::optional<double> PlainNumber(const YAML::Node& scalar) {
  if (!scalar.IsScalar() || IsQuoted(scalar)) return std::nullopt;
  const Json j = ScalarToJson(scalar, /*expand_env=*/false);
  if (j.is_number() && std::isfinite(j.get<double>())) return j.get<double>();
  return std::nullopt;
}

std::optional<bool> BoolWord(std::string_view text) {
  std::string s;
  for (char c : text) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s == "true" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "no" || s == "off") return false;
  return std::nullopt;
}

std::optional<Json> YamlToJson(const YAML::Node& node, Reader& reader, bool expand_env) {
  Converter converter(reader, expand_env);
  return converter.Convert(node, 0);
}

Result<Json> YamlTextToJson(std::string_view text, const std::string& origin) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return Error(ErrorCode::kParse, origin + ": " + e.what());
  }
  Reader reader(origin);
  std::optional<Json> doc;
  try {
    doc = YamlToJson(root, reader, /*expand_env=*/false);
  } catch (const YAML::Exception& e) {  // yaml-cpp throws from iteration on some malformed documents
    return Error(ErrorCode::kParse, origin + ": " + e.what());
  }
  if (!doc) {
    const Diagnostics& diags = reader.diagnostics();
    if (diags.empty()) return Error(ErrorCode::kConfig, origin + ": the document cannot be read as data");
    return Error(ErrorCode::kConfig, diags.front().ToString());
  }
  return std::move(*doc);
}

}  // namespace ab::config
