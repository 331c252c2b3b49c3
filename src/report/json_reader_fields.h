// Internal to report/json_reader*: field accessors that never throw. A missing or mistyped field reads as the
// default, because an older or hand-edited report should still regenerate.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/time.h"

namespace ab::report::json_in {

inline std::string Str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
inline double Num(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}
inline int64_t Int(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return 0;
  return it->is_number_float() ? static_cast<int64_t>(it->get<double>()) : it->get<int64_t>();
}
inline int IntI(const Json& j, const char* key) { return static_cast<int>(Int(j, key)); }
inline bool Bool(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}
inline const Json& Sub(const Json& j, const char* key) {
  static const Json kNull;
  auto it = j.find(key);
  return it != j.end() ? *it : kNull;
}
inline std::optional<double> OptNum(const Json& j, const char* key) {
  const Json& v = Sub(j, key);
  if (!v.is_number()) return std::nullopt;
  return v.get<double>();
}
inline int64_t Time(const Json& j, const char* key) { return ParseRfc3339(Str(j, key)).value_or(0); }
inline std::vector<std::string> Strings(const Json& j, const char* key) {
  std::vector<std::string> out;
  const Json& v = Sub(j, key);
  if (!v.is_array()) return out;
  for (const auto& s : v) {
    if (s.is_string()) out.push_back(s.get<std::string>());
  }
  return out;
}

}  // namespace ab::report::json_in
