// The report renderers and the table that picks one by name. Each renderer is a free function that streams one
// format of a finished Run to an std::ostream (R6); none of them fails: a failed test is data.
#pragma once

#include <ostream>
#include <string_view>
#include <vector>

#include "report/model.h"

namespace ab::report {

/// Console summary: a comparison table per test, detailed results, execution summary (console.cc).
void RenderConsole(const Run& run, std::ostream& out, const RenderOptions& options);
/// What -q keeps of it: each failed or errored run (trace, failing assertions, errors) and the verdict line.
void RenderConsoleFailures(const Run& run, std::ostream& out, const RenderOptions& options);
/// The reference's JSON report plus our additions, pretty-printed (json.cc).
void RenderJson(const Run& run, std::ostream& out, const RenderOptions& options);
/// One self-contained offline HTML page (html.cc).
void RenderHtml(const Run& run, std::ostream& out, const RenderOptions& options);
/// GitHub-flavoured Markdown, fit for $GITHUB_STEP_SUMMARY (markdown.cc).
void RenderMarkdown(const Run& run, std::ostream& out, const RenderOptions& options);
/// JUnit XML in the GitLab/Jenkins dialect (junit.cc).
void RenderJunit(const Run& run, std::ostream& out, const RenderOptions& options);

using RenderFn = void (*)(const Run&, std::ostream&, const RenderOptions&);

struct Renderer {
  const char* name;       ///< report type as the user writes it: console, json, html, md, junit
  const char* extension;  ///< file extension with the dot; "" for console (not written to a file)
  RenderFn render;
};

/// Every renderer, console first.
const std::vector<Renderer>& Renderers();
/// The renderer called |name| (case-insensitive; "markdown" is an alias of "md"), or nullptr.
const Renderer* FindRenderer(std::string_view name);

}  // namespace ab::report
