// agent-bench as a library: run test files or a bench from a program, and read results back. These headers are
// the stable surface (plain structs and functions, no internal types); everything under src/ may change between
// versions. Link with find_package(agent-bench) -> agent_bench::agent_bench, or pkg-config agent-bench.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agent_bench {

/// The library's version, e.g. "0.1.0" (the same as `agent-bench --version`).
std::string Version();

/// What `agent-bench run` is asked to do.
struct RunFileOptions {
  std::vector<std::string> test_files;               ///< -f, in order
  std::vector<std::string> suite_files;              ///< -s, in order
  std::string output_base;                           ///< -o; empty = <dir of the first file>/test_results/report
  std::vector<std::string> report_types = {"json"};  ///< files written next to output_base: json, html, md, junit
  int jobs = 0;                                      ///< 0 = settings.max_concurrent
  bool deterministic = false;                        ///< normalized times and ids in the reports
  std::string record_dir;                            ///< save every LLM exchange there
  std::string replay_dir;                            ///< answer from recordings only (no network, no credentials)
};

/// What a run or a bench printed and where its JSON report is.
struct Outcome {
  /// The CLI's exit code: 0 all passed / criteria met (a bench: it ran), 1 failures, 2 bad input (nothing ran),
  /// 3 nothing could run (or the bench history could not be written).
  int exit_code = 0;
  std::string output;       ///< what the CLI prints on stdout (console report; a bench's Markdown)
  std::string diagnostics;  ///< what the CLI prints on stderr (file:line:col errors, warnings)
  std::string json_report;  ///< the JSON report: output_base + ".json" ("" without output_base or "json")
};

/// Loads, checks, runs and reports test files, as `agent-bench run` does, without a console or progress lines.
/// Never throws for bad input: that is exit_code 2 with the reasons in diagnostics.
Outcome RunFile(const RunFileOptions& options);

/// What `agent-bench bench` is asked to do.
struct BenchOptions {
  std::string file;          ///< a test file or a suite
  std::string configs_file;  ///< the configs file (providers/models × variants)
  std::string output_base;   ///< -o; empty = <dir of file>/bench_results/bench
  std::string store_path;    ///< the history store; empty = the default
  int runs = 0;              ///< > 0 replaces the configs file's `runs`
  int jobs = 0;              ///< > 0 replaces `max_concurrent_runs`
  bool deterministic = false;
};

/// Runs a bench (every config × variant × repetition), writes its reports and saves it in the history. Its
/// json_report is the bench's own JSON report (statistics per config and variant), which ReadResults does not read.
Outcome RunBench(const BenchOptions& options);

/// One test of one agent, as a report holds it.
struct TestResult {
  std::string file, suite, session, test, agent;
  std::string provider_type, model;
  std::string status;  ///< "passed", "failed", "error" (could not run: provider/server), "skipped"
  int assertions = 0;
  int assertions_failed = 0;
  std::vector<std::string> errors;  ///< "kind: message" ("llm: HTTP 500 ..."), kind as in the JSON report
  std::string final_output;
  double latency_ms = 0;
  int64_t prompt_tokens = 0, completion_tokens = 0;
  std::optional<double> cost_usd;
};

/// A whole run read from its JSON report.
struct Results {
  std::string run_id;
  std::string tool_version;
  std::vector<TestResult> tests;  ///< file, session, test, agent order
  int passed = 0, failed = 0, errored = 0, skipped = 0;
  bool incomplete = false;  ///< interrupted before every test ran
  bool criteria_met = false;
};

/// Reads a JSON report (results.json from RunFile or `agent-bench run -reportType json`). nullopt when it cannot
/// be read or is not a report; |error| (if given) then says why.
std::optional<Results> ReadResults(const std::string& json_report, std::string* error = nullptr);

}  // namespace agent_bench
