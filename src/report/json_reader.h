// Reads a JSON report written by RenderJson back into the model, so every other format can be regenerated from
// results.json (-generate-report). Reports from the reference (no schema_version) are read on a best-effort basis.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/json.h"
#include "base/result.h"
#include "report/model.h"

namespace ab::report {

/// Parses the file at |path|. Errors: kIo (unreadable), kParse (not JSON, or not a report), kUnsupported
/// (schema_version newer than this build).
Result<Run> ReadJsonReport(const std::string& path);
/// The same from an already parsed document.
Result<Run> RunFromJson(const Json& doc);

/// Parses "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)" to ms since the epoch; empty on malformed input.
std::optional<int64_t> ParseRfc3339(std::string_view text);

}  // namespace ab::report
