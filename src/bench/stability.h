// Stability beyond pass/fail: whether the repetitions of one test with one config and one variant (the same
// input) take the same tool path and give the same answer. Formulas: docs/statistics.md, "Stability".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bench/record.h"

namespace ab::bench {

/// What one run did, beside its record: the tool names it called in order and its final answer. known = false
/// for a run that produced no transcript (an ErrorRecord), which stability leaves out.
struct RunTrace {
  std::vector<std::string> tools;
  std::string output;
  bool known = false;
};

/// A tool sequence ("search → add_note", "(no tools)") and how many repetitions took it.
struct SequenceCount {
  std::string sequence;
  int count = 0;
};

struct Stability {
  std::string config, variant, test_key;
  int runs = 0;  ///< repetitions with a trace
  /// Share of the repetitions that took the modal tool sequence (1 = every repetition took the same path).
  double trajectory_consistency = 0;
  std::vector<SequenceCount> sequences;  ///< distinct sequences, most frequent first (ties: first seen first)
  /// Share of the repetitions whose final answer equals the modal answer, byte for byte / after NormalizeOutput.
  double output_exact_agreement = 0;
  double output_normalized_agreement = 0;
  int distinct_outputs = 0, distinct_normalized_outputs = 0;
};

/// Trimmed, ASCII case-folded, every run of whitespace one space: "  The Answer\n is 4 " -> "the answer is 4".
std::string NormalizeOutput(std::string_view text);

/// The tool names joined by " → ", or "(no tools)".
std::string SequenceText(const std::vector<std::string>& tools);

/// Stability per config × variant × test over |runs| and their |traces| (same length and order; shorter
/// traces leave the rest out). Groups in first-seen order; groups of fewer than 2 traced runs are left out.
std::vector<Stability> ComputeStability(const std::vector<RunRecord>& runs, const std::vector<RunTrace>& traces);

/// The traces a bench keeps in its records (RunRecord::tool_chain and final_answer, in the bench JSON and the
/// history), for benches whose transcripts are gone (merged shards, stored benches). A record with neither and an
/// error or timeout status is unknown (an ErrorRecord); the answer is the record's, cut to kMaxFinalAnswerBytes.
/// All unknown when no record of |runs| has either field (reports written before they were kept).
std::vector<RunTrace> TracesFromRecords(const std::vector<RunRecord>& runs);

/// The tool names of a ToolChainText ("add_note ok → search error" -> add_note, search).
std::vector<std::string> ToolsOfChain(std::string_view chain);

}  // namespace ab::bench
