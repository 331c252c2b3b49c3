// A closed set of the spec (a clarification level, a server's tasks policy, a generator's complexity) is an enum
// with one table of how each value is written in YAML. The loader parses the value once, against the table, with a
// did-you-mean (config/parsers.h ReadChoice); the layers after it compare enums, and what they write for people
// (prompts, reports) is the table's spelling, so the strings in reports and JSON stay the same.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ab::config {

/// One value of a closed set and its spelling in YAML.
template <typename E>
struct Choice {
  E value;
  std::string_view name;
};

/// The value spelled exactly |name| in |table|, or nullopt.
template <typename E, size_t N>
constexpr std::optional<E> ParseChoice(const Choice<E> (&table)[N], std::string_view name) {
  for (const Choice<E>& c : table)
    if (c.name == name) return c.value;
  return std::nullopt;
}

/// How |value| is written (every enumerator has a row; "" for one that has none).
template <typename E, size_t N>
constexpr std::string_view NameOf(const Choice<E> (&table)[N], E value) {
  for (const Choice<E>& c : table)
    if (c.value == value) return c.name;
  return {};
}

/// The spellings of |table|, in its order (for "one of ..." and the did-you-mean).
template <typename E, size_t N>
std::vector<std::string> NamesOf(const Choice<E> (&table)[N]) {
  std::vector<std::string> names;
  for (const Choice<E>& c : table) names.emplace_back(c.name);
  return names;
}

}  // namespace ab::config
