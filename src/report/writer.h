// Writes report files: parses the -reportType list and renders each type to BASE.<ext> atomically (a reader never
// sees half a report, an interrupted run leaves the previous report intact, and a symbolic link planted at a
// report's path is replaced, never followed: see base/safe_file.h).
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/safe_file.h"
#include "report/model.h"

namespace ab::report {

/// "html,json, md" -> {"html", "json", "md"}: lower-cased, trimmed, "markdown" → "md", duplicates dropped, order
/// kept. Errors (kInvalidArgument): an unknown type (with a did-you-mean), "console", or an empty list.
Result<std::vector<std::string>> ParseReportTypes(std::string_view csv);

/// Renders |run| once per type in |types| (html, json, md/markdown, junit) to |base| + extension (.html, .json,
/// .md, .xml). A known extension already on |base| ("results.json") is dropped first. Creates the parent
/// directory. Appends each path written to |written| (may be null). Stops at the first error.
Status WriteReports(const Run& run, const std::string& base, const std::vector<std::string>& types,
                    const RenderOptions& options, std::vector<std::string>* written);

}  // namespace ab::report
