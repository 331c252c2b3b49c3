// Internal to the config loader: reads a value of a closed set (config/choices.h) once, where it is written.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/strings.h"
#include "config/choices.h"
#include "config/yaml_reader.h"

namespace ab::config {

/// The scalar |v| (the value of |key|) when it is one of |names|. Anything else is an error at its file:line:col,
/// "unknown |what| 'x' (one of a, b, c|extra)" with a did-you-mean among |names|, and nullopt.
inline std::optional<std::string> ReadOneOf(Reader& r, const YAML::Node& v, std::string_view key,
                                            const std::vector<std::string>& names, const std::string& what,
                                            const std::string& extra = "") {
  std::optional<std::string> text = r.String(v, key);
  if (!text) return std::nullopt;
  for (const std::string& name : names)
    if (name == *text) return text;
  r.Error(v,
          "unknown " + what + " '" + *text + "' (one of " + Join(names, ", ") + extra + ")" + DidYouMean(*text, names));
  return std::nullopt;
}

/// The scalar |v| (the value of |key|) as a value of |table|: ReadOneOf over the table's names, so a wrong value
/// gets the same error, and nullopt (the field keeps its default).
template <typename E, size_t N>
std::optional<E> ReadChoice(Reader& r, const YAML::Node& v, std::string_view key, const Choice<E> (&table)[N],
                            const std::string& what) {
  std::optional<std::string> text = ReadOneOf(r, v, key, NamesOf(table), what);
  if (!text) return std::nullopt;
  return ParseChoice(table, *text);
}

}  // namespace ab::config
