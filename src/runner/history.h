// The history of plain runs: every `agent-bench -f/-s` run is saved to the results history (the store bench uses,
// default .agent-bench/history.db) as a bench of kind "run", with each test's redacted, capped transcript, the
// SHA-256 of every test file it read, and per test × agent the verdict, model, final answer, tool chain, time,
// tokens and cost. A history that cannot be written costs the run a warning, never its exit code.
// `agent-bench history` reads it back: recent runs and how often each test changed its verdict (the flip rate),
// which tells a flaky test (changes back and forth) from a regression (changed once and stayed).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "base/result.h"
#include "report/model.h"
#include "store/model.h"

namespace ab::runner {

/// The fields of |record| that come from |test|: test key, agent, status (a timed-out test is kTimeout), times,
/// tokens, cost (no model call costs 0), the first error or failed assertion (redacted, not cut), provider, model,
/// start, final answer and tool chain. Plain runs and bench runs are recorded alike through it; ids, config, variant
/// and repetition are the caller's.
void FillRunRecord(const report::TestRun& test, store::RunRecord& record);

/// "sha256:<hex>" of each file's content, in order; "" for a file that cannot be read (or is over 64 MiB).
std::vector<store::SourceFile> HashSourceFiles(const std::vector<std::string>& paths);

/// |run| as the history keeps it: a bench of kind "run" with id |id|, one config per agent (the agent's name), one
/// RunRecord per test × agent, and each test's transcript (redacted, capped at store::kMaxTranscriptBytes).
store::StoredBench StoredRun(const report::Run& run, const std::string& id,
                             const std::vector<store::SourceFile>& files);

/// A new history id for a run started at |started_ms|: "YYYYMMDD-HHMMSS-xxxxxx" (time-ordered, random suffix).
std::string NewHistoryRunId(int64_t started_ms);

/// Saves |run| to the history at |location| (a SQLite path or a PostgreSQL URL; "" = the default) and returns the
/// id it was saved under. The error names the location (password redacted) and what failed.
Result<std::string> SaveRunToHistory(const report::Run& run, const std::string& location);

struct HistoryQuery {
  std::string location;            ///< --store
  std::string test;                ///< --test: a part of the test key ("" = every test)
  std::string agent;               ///< --agent: exact agent name
  int runs = 50;                   ///< how many of the newest saved runs to read
  bool silent_when_empty = false;  ///< print nothing when the history has no runs (after the benches' table)
};

/// `agent-bench history` for plain runs: the newest runs, then per test × agent the verdicts and the flip rate
/// (every test with --test, else only those that changed). Returns an exit code: 0, 3 when the history cannot
/// be read.
int RunHistoryCommand(const HistoryQuery& query, std::ostream& out, std::ostream& err);

/// `agent-bench history --calibrations [--judge TEXT]`: every stored judge calibration per judge key, oldest first,
/// with Cohen's kappa and its 95% interval, agreement and bias, so a judge whose kappa drifts shows. |judge_filter|
/// keeps the keys that contain it. Returns 0, or 3 when the history cannot be read.
int CalibrationHistoryCommand(const std::string& location, const std::string& judge_filter, std::ostream& out,
                              std::ostream& err);

}  // namespace ab::runner
