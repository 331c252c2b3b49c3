// The result model every renderer prints: run → test runs (file × session × test × agent) → assertions and the
// transcript. Plain data, no I/O. The runner fills it; report/json_reader.cc can rebuild it from a JSON report.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/spilled_text.h"
#include "base/transcript.h"
#include "base/verdict.h"

namespace ab::report {

enum class RunStatus { kPassed, kFailed, kError, kSkipped };
const char* RunStatusName(RunStatus s);  ///< "passed", "failed", "error", "skipped"

/// One agent running one test.
struct TestRun {
  std::string file;   ///< source test file as given
  std::string suite;  ///< suite name, "" outside suites
  std::string session;
  std::string test;
  std::string agent;
  std::string provider_name;
  std::string provider_type;  ///< OPENAI, ANTHROPIC ...
  std::string model;
  int file_index = 0, session_index = 0, test_index = 0, agent_index = 0;  ///< declaration order
  RunStatus status = RunStatus::kPassed;  ///< kError: infrastructure failure (server/provider), not an assertion
  bool passed = false;
  std::vector<AssertionResult> assertions;
  Transcript transcript;
  /// This run already converted to compact, redacted JSON (TestRunToJson), kept by whoever converted it first
  /// (the journal, the JSON reader) so the JSON and HTML reports stream it instead of converting again. It waits
  /// on disk, not in memory, until the reports read it. Empty: not converted yet. Whoever changes a converted run
  /// must clear it (Normalized does).
  SpilledText json;
  /// "file/session/test": unique key of the test across files (the reference merged same-named tests).
  std::string Key() const { return file + "/" + session + "/" + test; }
};

/// A server-side bug the explorer met (`bugFindings` in the JSON report).
struct BugFinding {
  std::string tool;
  std::string kind;  ///< tool_error, rpc_error, timeout, crash, inconsistent
  std::string explanation;
  std::string server;
};

struct Totals {
  int total = 0, passed = 0, failed = 0, errored = 0, skipped = 0;
  double success_rate() const { return total ? static_cast<double>(passed) / total : 0.0; }
};

struct Run {
  std::string tool_version;
  std::string run_id;
  int64_t started_ms = 0;
  int64_t ended_ms = 0;
  std::vector<std::string> test_files;  ///< the -f / -s files
  std::string suite_name;
  std::vector<std::string> agents;              ///< declaration order
  std::vector<TestRun> runs;                    ///< deterministic order: file, session, test, agent
  std::optional<double> required_success_rate;  ///< criteria.success_rate
  bool incomplete = false;                      ///< interrupted before every test ran
  std::vector<std::string> warnings;
  /// A model's summary of the results (`ai_summary:`), plain text with "- " bullets and "## " headings, made just
  /// before rendering (runner/ai_summary.h). Shown by the HTML and Markdown reports; never written to JSON.
  std::string ai_summary;
  std::vector<BugFinding> bug_findings;  ///< explorer runs only

  Totals totals() const;
  bool criteria_met() const;  ///< success rate ≥ required, or every run passed when no criterion is set
};

/// Options every renderer honours.
struct RenderOptions {
  bool deterministic = false;  ///< zero times, fixed ids, no absolute paths: for golden files
  bool color = false;          ///< ANSI colours (console only)
};

}  // namespace ab::report
