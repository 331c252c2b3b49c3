// `agent-bench bench` and `agent-bench merge` as functions the CLI calls: they run (or merge) a bench, print the
// Markdown report to |out| and progress and diagnostics to |err|, write the other report files and save the bench
// as one history entry. Exit codes follow base/exit_codes.h: 0 the bench ran (failing runs are data, not an exit
// code), 2 bad input (nothing ran), 3 the history could not be written, 130 interrupted.
#pragma once

#include <atomic>
#include <ostream>
#include <string>
#include <vector>

#include "base/result.h"
#include "bench/aggregate.h"
#include "bench/orchestrate.h"
#include "bench/record.h"
#include "bench/render.h"

namespace ab::bench {

/// Everything `agent-bench bench` takes from the command line.
struct BenchCommandOptions {
  BenchRunOptions run;
  std::string output_base;                ///< -o; empty = <dir of FILE>/bench_results/bench (+ ".shard-I-of-N")
  std::vector<std::string> report_types;  ///< files besides Markdown on stdout; empty = json, html
  std::string store_path;                 ///< --store; empty = store::DefaultStorePath()
  std::string tag;                        ///< --tag: also tag the saved bench (e.g. baseline)
  bool progress = true;                   ///< a line on |err| per finished run
  bool deterministic = false;             ///< zero wall-clock times in the reports
  /// --otlp-endpoint: the OpenTelemetry collector that gets the bench's spans (POST {endpoint}/v1/traces,
  /// OTLP/HTTP JSON); empty = OTEL_EXPORTER_OTLP_ENDPOINT, else no spans. OTEL_EXPORTER_OTLP_HEADERS adds headers.
  std::string otlp_endpoint;
};

/// Runs the bench: count line, progress, Markdown on |out|, report files, history (a shard of several is not
/// saved: its merge is). |cancel| stops it early; what finished is still reported.
int BenchCommand(const BenchCommandOptions& options, std::ostream& out, std::ostream& err,
                 const std::atomic<bool>& cancel);

/// `agent-bench merge SHARD.json...`: one bench from its shards' JSON reports, reported like BenchCommand and
/// saved as one history entry. |output_base| empty = <dir of the first shard>/bench.
int MergeCommand(const std::vector<std::string>& shard_paths, const std::string& output_base,
                 const std::vector<std::string>& report_types, const std::string& store_path, const std::string& tag,
                 bool deterministic, std::ostream& out, std::ostream& err);

/// The renderers for |names| (empty = json, html); kInvalidArgument with a did-you-mean for an unknown name.
Result<std::vector<const BenchRenderer*>> BenchRenderersFor(const std::vector<std::string>& names);

/// Writes BASE<extension> for each renderer, creating directories; |written| gets the paths. kIo on failure.
[[nodiscard]] Status WriteBenchReports(const BenchSummary& summary, const std::vector<RunRecord>& runs,
                                       const std::string& base, const std::vector<const BenchRenderer*>& renderers,
                                       const BenchRenderOptions& options, std::vector<std::string>* written);

}  // namespace ab::bench
