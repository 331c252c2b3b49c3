// Writes JSON values as block-style YAML for the files the generator and explorer produce. Every string is
// double-quoted with JSON escapes (a valid YAML double-quoted scalar), so no model text can change the structure
// of the file it lands in, and `{{VAR}}` templates stay strings.
#pragma once

#include <string>

#include "base/json.h"

namespace ab::gen {

/// |value| as a YAML document (objects become block mappings in key order as stored, arrays block sequences;
/// empty ones `{}` / `[]`). Keys that are plain identifiers are written bare, others quoted.
std::string EmitYaml(const Json& value);

}  // namespace ab::gen
