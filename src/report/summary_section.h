// The AI summary at the top of the HTML and Markdown reports. The text comes from a model, so it is untrusted:
// HTML gets it escaped (a line starting "- " becomes a list item, "## " a heading; nothing else is markup), and
// Markdown gets it with HTML tags neutralized.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "base/json.h"
#include "report/model.h"

namespace ab::report {

/// Nothing when |summary| is empty.
void RenderAiSummaryHtml(const std::string& summary, std::ostream& out);
void RenderAiSummaryMarkdown(const std::string& summary, std::ostream& out);

/// `bugFindings` of the JSON report: [{toolName, bugType, explanation, serverName}] (the reference's names).
Json BugFindingsToJson(const std::vector<BugFinding>& findings);
std::vector<BugFinding> BugFindingsFromJson(const Json& j);
/// The explorer's findings as a table; nothing when there are none.
void RenderBugFindingsHtml(const std::vector<BugFinding>& findings, std::ostream& out);

}  // namespace ab::report
