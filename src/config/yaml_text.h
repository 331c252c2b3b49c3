// YAML files read as plain data (mock LLM scripts): one document to JSON by the loader's rules (YAML 1.2 core
// schema: `yes` stays a string, `0x10` is the integer 16, quoted scalars stay strings), with the loader's limits.
// Files with a schema of their own are read into typed structs instead (config/loader.h, config/bench_spec.h,
// config/calibration_spec.h); none of these headers exposes yaml-cpp.
#pragma once

#include <string>
#include <string_view>

#include "base/json.h"
#include "base/result.h"

namespace ab::config {

/// The single YAML document in |text| as JSON (an empty document is null). |origin| names the file in messages.
/// No ${VAR} expansion: that is a test-file feature. Errors: kParse (invalid YAML, with yaml-cpp's line and
/// column), kConfig (a non-scalar mapping key, nesting deeper than 64, more than 100000 nodes through aliases).
Result<Json> YamlTextToJson(std::string_view text, const std::string& origin);

}  // namespace ab::config
