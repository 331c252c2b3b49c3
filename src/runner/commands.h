// The runner's entry points, one per CLI subcommand that needs it. Each returns a process exit code
// (base/exit_codes.h) and prints diagnostics to |err|.
#pragma once

#include <atomic>
#include <ostream>
#include <string>
#include <vector>

#include "runner/options.h"

namespace ab::runner {

/// Loads, checks, runs and reports. 0 all passed / criteria met, 1 failures, 2 bad input, 3 nothing could run,
/// 130 interrupted (|cancel| set).
int RunCommand(const RunOptions& options, std::ostream& out, std::ostream& err, const std::atomic<bool>& cancel);

struct ValidateOptions {
  bool fix = false;      ///< --fix: first apply the certain did-you-mean corrections in place
  bool dry_run = false;  ///< --dry-run: with --fix, print the corrections but change no file
};

/// `agent-bench validate FILE...` for test files and suites (cli/validate.h sends other kinds elsewhere): every
/// error of every file, with file:line:col, each file's in line order, checked as a run checks it (assertions,
/// templates and their names, mock scripts and credentials files: CheckStatic, CheckNames, CheckFiles). A test file
/// that a suite beside it lists is checked as a member of that suite. With --fix, first renames every misspelled
/// key that has exactly one suggestion (printing "file:line:col: 'old' -> 'new'"), then validates the result. 0
/// when all are valid, else 2.
int ValidateCommand(const std::vector<std::string>& paths, std::ostream& out, std::ostream& err,
                    const ValidateOptions& options = {});

/// `agent-bench tools`: connects to the servers of the files and lists their tools.
int ToolsCommand(const std::vector<std::string>& paths, const std::string& server, bool json, std::ostream& out,
                 std::ostream& err);

/// `agent-bench report RESULTS.json -o BASE -reportType ...`: re-renders reports from a JSON report. The AI
/// summary's model call is recorded to |record_dir| or replayed from |replay_dir| when given.
int RegenerateReportCommand(const std::string& json_path, const std::string& output_base,
                            const std::vector<std::string>& types, bool deterministic, std::ostream& out,
                            std::ostream& err, const std::string& record_dir = "", const std::string& replay_dir = "");

}  // namespace ab::runner
