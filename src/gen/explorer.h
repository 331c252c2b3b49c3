// `agent-bench -e explore.yaml`: goal-driven exploration. Each round the model (without tools) decides the next
// prompt toward `explorer.goal`; the agent runs it against the real servers; a trajectory that used tools becomes
// a test (tool_called for each tool that answered, no_hallucinated_tools), which is replayed on a fresh
// conversation and kept only if it passes again. Server-side bugs met on the way (tool errors, JSON-RPC errors,
// timeouts, crashes, and a call that answers differently when replayed) become bug findings. Output:
// DIR/explorer_<timestamp>/ with suite.yaml, the session file and report.json / report.html (with bugFindings).
#pragma once

#include <atomic>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/transcript.h"
#include "report/model.h"

namespace ab::gen {

struct ExplorerOptions {
  std::string config_path;
  std::string output_dir = "generated_tests";
  std::optional<unsigned long long> seed;
  std::string record_dir;
  std::string replay_dir;
};

/// Exit codes: 0 at least one test was kept; 1 none was (or the budget stopped it first); 2 bad config;
/// 3 the servers or provider could not start; 130 interrupted.
int RunExplorer(const ExplorerOptions& options, std::ostream& out, std::ostream& err, const std::atomic<bool>& cancel);

/// The server-side bugs in |t|: every tool call that ended in a tool error, a JSON-RPC error, a timeout or a
/// transport failure (the server died or sent garbage). |replay| (may be null): a call with the same name and
/// arguments that succeeded in one run and failed in the other is an "inconsistent" finding. Exposed for tests.
std::vector<report::BugFinding> FindBugs(const Transcript& t, const Transcript* replay);

}  // namespace ab::gen
