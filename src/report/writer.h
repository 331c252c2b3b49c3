// Writes report files: parses the -reportType list and renders each type to BASE.<ext> atomically (a reader never
// sees half a report, and an interrupted run leaves the previous report intact).
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
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

/// Writes what |render| streams to |path| through PATH.tmp, fsync and rename; creates the parent directory.
/// On failure the temporary file is removed and |path| is untouched.
Status WriteFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& render);

}  // namespace ab::report
