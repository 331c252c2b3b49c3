// Writing YAML documents that agent-bench read or will read (serve's job configs file). Lives in config/ with
// the reader, so yaml-cpp is called from one folder and a written file reads back by the same rules.
#pragma once

#include <string>
#include <string_view>

#include "base/json.h"
#include "base/result.h"

namespace ab::config {

/// |yaml_text| (one document, a mapping) with its top-level key |key| set to |value| (added at the end when
/// absent), emitted again as YAML. JSON strings become YAML strings, numbers and booleans their YAML spelling,
/// null a null; the other keys keep their values (comments and formatting are not kept). kParse (yaml-cpp's
/// message, with its line and column) when the text is not YAML, kConfig when it is not a mapping.
Result<std::string> SetTopLevelKey(std::string_view yaml_text, const std::string& key, const Json& value);

}  // namespace ab::config
