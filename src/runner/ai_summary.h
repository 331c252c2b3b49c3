// `ai_summary:`: a model reads the results and writes what failed, the likely causes and what to change. Made
// when reports are rendered (a run, or `agent-bench report results.json`, which reloads the run's files so the
// current prompt and model apply) and put in report::Run::ai_summary, which only the HTML and Markdown reports
// show. A summary that cannot be made is a warning on |err|, never a failed run.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "config/model.h"
#include "llm/provider.h"
#include "report/model.h"
#include "runner/plan.h"

namespace ab::runner {

/// The prompt sent for |run|: totals, then each failed or errored run with its failed assertions, errors and the
/// start of its answer, cut to about 24 KiB in all.
std::string AiSummaryPrompt(const report::Run& run);

/// Asks |provider| for the summary of |run| (bounded by 120 s).
Result<std::string> WriteAiSummary(llm::Provider& provider, const report::Run& run);
/// The same with a prompt made elsewhere (a bench's); |prompt| must already be redacted.
Result<std::string> WriteAiSummary(llm::Provider& provider, const std::string& prompt);

/// The `ai_summary:` of the first unit (suite first, then its files) that enables it; nullptr when none does.
const config::AiSummary* FindAiSummaryConfig(const std::vector<Unit>& units);

/// Asks the provider |name| of |units| for a summary of |prompt| ("" or "$self": |self_name|), made as a run
/// makes its providers (|record_dir|/|replay_dir| record or replay the call). Errors name the provider.
Result<std::string> AskAiSummary(std::vector<Unit>& units, std::string name, const std::string& self_name,
                                 const std::string& run_id, const std::string& prompt, const std::string& record_dir,
                                 const std::string& replay_dir);

/// Fills run.ai_summary when a unit's suite or file enables `ai_summary`; |record_dir|/|replay_dir| as for a run.
void AttachAiSummary(report::Run& run, std::vector<Unit>& units, const std::string& record_dir,
                     const std::string& replay_dir, std::ostream& err);

/// The same for a run read back from JSON: loads run.test_files again (they may have changed since).
void AttachAiSummaryFromFiles(report::Run& run, std::ostream& err, const std::string& record_dir = "",
                              const std::string& replay_dir = "");

}  // namespace ab::runner
