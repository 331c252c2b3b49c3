// Serializing JSON that may hold text from peers or user files. nlohmann's dump() throws (type_error 316) on
// invalid UTF-8 in a string; DumpJson writes U+FFFD instead, so no report, request or log line can abort a run.
#pragma once

#include <string>

#include "base/json.h"

namespace ab {

/// j.dump(indent) with invalid UTF-8 replaced by U+FFFD. Never throws.
std::string DumpJson(const Json& j, int indent = -1);

}  // namespace ab
