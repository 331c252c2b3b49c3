#include "config/yaml_write.h"

#include <yaml-cpp/yaml.h>

#include "base/json_dump.h"
#include "config/yaml_json.h"

namespace ab::config {
namespace {

constexpr int kMaxWriteDepth = 64;

// A string written plain must read back as the same string by the one reader (config/yaml_json.h): "0x10",
// "1e3", "~", "" or "true" would come back as a number, null or a boolean, and "yes" as true for a boolean key,
// so those are written in double quotes. yaml-cpp quotes what YAML syntax needs (": ", a leading "-" ...) itself.
bool NeedsQuotes(const std::string& s) {
  if (s.empty() || BoolWord(s)) return true;
  return !ScalarToJson(YAML::Node(s), /*expand_env=*/false).is_string();
}

void Emit(YAML::Emitter& out, const Json& j, int depth) {
  if (depth > kMaxWriteDepth) {
    out << YAML::DoubleQuoted << DumpJson(j);
  } else if (j.is_object()) {
    out << YAML::BeginMap;
    for (auto it = j.begin(); it != j.end(); ++it) {
      out << YAML::Key << it.key() << YAML::Value;
      Emit(out, it.value(), depth + 1);
    }
    out << YAML::EndMap;
  } else if (j.is_array()) {
    out << YAML::BeginSeq;
    for (const Json& item : j) Emit(out, item, depth + 1);
    out << YAML::EndSeq;
  } else if (j.is_null()) {
    out << YAML::Null;
  } else if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    if (NeedsQuotes(s)) out << YAML::DoubleQuoted;
    out << s;
  } else {
    out << DumpJson(j);  // numbers and booleans: their JSON spelling is their YAML spelling
  }
}

}  // namespace

Result<std::string> SetTopLevelKey(std::string_view yaml_text, const std::string& key, const Json& value) {
  try {
    YAML::Node doc = YAML::Load(std::string(yaml_text));
    if (!doc.IsMap()) return Error(ErrorCode::kConfig, "the document is not a mapping");
    YAML::Emitter out;
    out << YAML::BeginMap;
    bool written = false;
    for (const auto& kv : doc) {
      out << YAML::Key << kv.first << YAML::Value;
      if (kv.first.IsScalar() && kv.first.Scalar() == key) {
        Emit(out, value, 0);
        written = true;
      } else {
        out << kv.second;
      }
    }
    if (!written) {
      out << YAML::Key << key << YAML::Value;
      Emit(out, value, 0);
    }
    out << YAML::EndMap;
    if (!out.good()) return Error(ErrorCode::kConfig, "cannot write the document: " + out.GetLastError());
    return std::string(out.c_str());
  } catch (const YAML::Exception& e) {
    return Error(ErrorCode::kParse, e.what());
  }
}

}  // namespace ab::config
