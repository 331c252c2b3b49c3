// Internal to config/: YAML values to JSON with YAML 1.2 core-schema typing, for assertion fields and (through
// config/yaml_text.h, which hides yaml-cpp) for every other YAML file agent-bench reads as data.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string_view>

#include "base/json.h"
#include "config/yaml_reader.h"

namespace ab::config {

/// A plain scalar as a typed JSON value: null (~, null, empty), bool (true/false), integer, float (including
/// .inf/.nan spellings, which become strings since JSON has no such numbers), else string. Quoted scalars stay
/// strings. Strings get ${VAR} expansion (config/env_expand.h) when |expand_env|, as test files do.
Json ScalarToJson(const YAML::Node& scalar, bool expand_env = true);

/// The integer a plain (unquoted) scalar is by the rules of ScalarToJson (`42`, `-3`, `0x10`, `0o17`), or nullopt
/// (quoted, not a scalar, a float such as `1e3`, out of 64-bit range). Every integer key of every YAML file reads
/// through this, so `0x10` means 16 in test files, bench configs and calibration specs alike.
std::optional<long long> PlainInt(const YAML::Node& scalar);
/// The number a plain scalar is by the rules of ScalarToJson (an integer or a float: `0.5`, `1e3`, `0x10`), or
/// nullopt (quoted, `.inf`/`.nan`, text).
std::optional<double> PlainNumber(const YAML::Node& scalar);
/// The value of a boolean *key* (`enabled: yes`): true/yes/on and false/no/off in any case, as YAML 1.1 and the
/// reference's Go decoder read a scalar into a bool field. Only keys typed boolean accept the words; as data
/// (ScalarToJson) `yes` stays the string "yes".
std::optional<bool> BoolWord(std::string_view text);

/// Converts |node| (sequence -> array, mapping -> object). Reports non-scalar mapping keys, nesting deeper than
/// 64 and documents that expand (through aliases) past 100000 nodes, and returns nullopt for those: aliases can
/// make cycles or exponential trees, and the loader must never hang.
std::optional<Json> YamlToJson(const YAML::Node& node, Reader& reader, bool expand_env = true);

}  // namespace ab::config
