// Runs planned units: starts each agent's servers (in parallel), then runs (agent × session) jobs on a pool of
// workers, up to |jobs| at once. Tests within a session stay in order. Results come back in declaration order
// (file, session, test, agent) whatever finished first.
#pragma once

#include <atomic>
#include <vector>

#include "base/result.h"
#include "report/model.h"
#include "runner/options.h"
#include "runner/plan.h"
#include "runner/progress.h"
#include "template/template.h"

namespace ab::runner {

/// Runs every unit. |cancel| stops new work and interrupts calls in flight; the Run is then marked incomplete.
report::Run Execute(std::vector<Unit>& units, const RunOptions& options, ProgressSink& progress,
                    const std::atomic<bool>& cancel);

/// The template context of one file: built-ins (RUN_ID, TEMP_DIR, TEST_DIR), then the file's variables rendered
/// once, in dependency order.
Result<tmpl::Context> FileContext(const PlannedFile& file, const std::string& run_id,
                                  std::optional<unsigned long long> seed);

}  // namespace ab::runner
