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

/// The scalar |v| (the value of |key|) as a value of |table|. Anything else is an error at its file:line:col,
/// "unknown |what| 'x' (one of a, b, c)" with a did-you-mean, and nullopt (the field keeps its default).
template <typename E, size_t N>
std::optional<E> ReadChoice(Reader& r, const YAML::Node& v, std::string_view key, const Choice<E> (&table)[N],
                            const std::string& what) {
  std::optional<std::string> text = r.String(v, key);
  if (!text) return std::nullopt;
  if (std::optional<E> value = ParseChoice(table, *text)) return value;
  const std::vector<std::string> names = NamesOf(table);
  r.Error(v, "unknown " + what + " '" + *text + "' (one of " + Join(names, ", ") + ")" + DidYouMean(*text, names));
  return std::nullopt;
}

}  // namespace ab::config
