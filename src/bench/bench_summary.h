// `ai_summary:` for bench reports: a model reads the bench's figures and failed runs and writes what failed, the
// likely causes and what to change. Made when the reports are rendered (bench_command.cc), shown by the HTML and
// Markdown reports only (BenchRenderOptions::ai_summary), never in the bench JSON. A summary that cannot be made
// is a warning, never a failed bench.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "bench/aggregate.h"
#include "bench/record.h"

namespace ab::bench {

/// The prompt for |summary|: per config its runs, success rate and mean cost, then the runs that did not
/// pass (config, variant, test, status, error, tool chain, the start of the answer), cut to about 24 KiB in all;
/// redacted.
std::string BenchAiSummaryPrompt(const BenchSummary& summary, const std::vector<RunRecord>& runs);

/// Where a bench's summary comes from: the bench's test file (or suite) and configs file, and the recording.
struct BenchSummarySource {
  std::string file;          ///< the test file or suite of the bench
  std::string configs_path;  ///< its configs file
  std::string record_dir;    ///< --record: the summary's model call is recorded here
  std::string replay_dir;    ///< --replay: and replayed from here
};

/// The summary when the configs file or the test file/suite enables `ai_summary`: asks its `judge_provider` (a
/// provider of the test file; "" or "$self" = the first config's provider, with the config's model applied).
/// Returns "" when nothing asks for one, and "" with a warning on |err| when it cannot be made.
std::string MakeBenchAiSummary(const BenchSummarySource& source, const BenchSummary& summary,
                               const std::vector<RunRecord>& runs, std::ostream& err);

}  // namespace ab::bench
