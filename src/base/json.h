// The JSON type used everywhere (nlohmann::ordered_json keeps key order, so reports and requests are stable).
#pragma once

#include <nlohmann/json.hpp>

namespace ab {
using Json = nlohmann::ordered_json;
}  // namespace ab
