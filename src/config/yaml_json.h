// Internal to the config loader: YAML values to JSON with YAML 1.2 core-schema typing, for assertion fields.
#pragma once

#include <optional>

#include <yaml-cpp/yaml.h>

#include "base/json.h"
#include "config/yaml_reader.h"

namespace ab::config {

/// A plain scalar as a typed JSON value: null (~, null, empty), bool (true/false), integer, float (including
/// .inf/.nan spellings, which become strings since JSON has no such numbers), else string. Quoted scalars stay
/// strings.
Json ScalarToJson(const YAML::Node& scalar);

/// Converts |node| (sequence -> array, mapping -> object). Reports non-scalar mapping keys, nesting deeper than
/// 64 and documents that expand (through aliases) past 100000 nodes, and returns nullopt for those: aliases can
/// make cycles or exponential trees, and the loader must never hang.
std::optional<Json> YamlToJson(const YAML::Node& node, Reader& reader);

}  // namespace ab::config
