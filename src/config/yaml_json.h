// Internal to config/: YAML values to JSON with YAML 1.2 core-schema typing, for assertion fields and (through
// config/yaml_text.h, which hides yaml-cpp) for every other YAML file agent-bench reads as data.
#pragma once

#include <optional>

#include <yaml-cpp/yaml.h>

#include "base/json.h"
#include "config/yaml_reader.h"

namespace ab::config {

/// A plain scalar as a typed JSON value: null (~, null, empty), bool (true/false), integer, float (including
/// .inf/.nan spellings, which become strings since JSON has no such numbers), else string. Quoted scalars stay
/// strings. Strings get ${VAR} expansion (config/env_expand.h) when |expand_env|, as test files do.
Json ScalarToJson(const YAML::Node& scalar, bool expand_env = true);

/// Converts |node| (sequence -> array, mapping -> object). Reports non-scalar mapping keys, nesting deeper than
/// 64 and documents that expand (through aliases) past 100000 nodes, and returns nullopt for those: aliases can
/// make cycles or exponential trees, and the loader must never hang.
std::optional<Json> YamlToJson(const YAML::Node& node, Reader& reader, bool expand_env = true);

}  // namespace ab::config
