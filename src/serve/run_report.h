// One run of the history as a standalone HTML page: src/report's HTML report over the run's stored transcript
// (GET /api/v1/runs/{id}/report, the drawer's "report" link). The page is self-contained (inline style and
// script, no fetch of any kind) and escapes every text, as the report written by `agent-bench run` does.
#pragma once

#include <string>

#include "base/json.h"
#include "serve/history.h"

namespace ab::serve {

/// The page for |run| from |transcript| (as Store::LoadTranscript returns it).
std::string RunReportHtml(const RunView& run, const Json& transcript);

/// The Content-Security-Policy the page is served with: its own inline style and script, nothing from anywhere.
inline constexpr const char* kRunReportCsp =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

}  // namespace ab::serve
