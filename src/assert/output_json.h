// Finding the JSON in a model's final answer: the whole answer, or the first ```json fenced block (models often
// wrap JSON in prose and a fence).
#pragma once

#include <optional>
#include <string>

#include "base/json.h"

namespace ab::assertions {

/// The JSON value of |text| (trimmed), else of its first ```json (or bare ```) fenced block; nullopt when
/// neither parses.
std::optional<Json> ParseOutputJson(const std::string& text);

}  // namespace ab::assertions
