// The bench-related subcommands as functions the CLI calls: they open the history, do the work, print to |out|
// (results) and |err| (diagnostics) and return the process exit code, so each is testable without a process.
// Exit codes follow base/exit_codes.h: 0 ok, 1 regression found, 2 bad arguments or unknown bench, 3 the
// history could not be opened or written.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "base/result.h"
#include "bench/aggregate.h"
#include "bench/compare.h"
#include "bench/record.h"

namespace ab::bench {

/// `agent-bench history [--suite S] [--config C]`: benches newest first with their headline figures.
int HistoryCommand(const std::string& store_path, const std::string& suite_filter, const std::string& config_filter,
                   std::ostream& out, std::ostream& err);

/// `agent-bench compare A B [--force] [--json]`: A and B are ids, id prefixes, tags or "latest". Prints the
/// comparison as Markdown (or JSON); returns 1 when B regressed against A, 2 when the benches ran different
/// suites and options.force is not set (the message names both suites).
int CompareCommand(const std::string& store_path, const std::string& a, const std::string& b, std::ostream& out,
                   std::ostream& err, const CompareOptions& options = {}, bool json = false);

/// `agent-bench tag REF TAG`: points TAG (e.g. baseline) at the bench REF resolves to.
int TagCommand(const std::string& store_path, const std::string& ref, const std::string& tag, std::ostream& out,
               std::ostream& err);

/// Saves a finished (or merged) bench as one history entry, replacing an entry with the same id, with the
/// transcripts of its runs (none for a merged bench).
[[nodiscard]] Status SaveToHistory(const std::string& store_path, const BenchSummary& summary,
                                   const std::vector<RunRecord>& runs,
                                   std::vector<store::StoredTranscript> transcripts = {});

}  // namespace ab::bench
