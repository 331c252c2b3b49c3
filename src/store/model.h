// The data the results history keeps: one row per bench (its headline figures) and one row per test execution
// (RunRecord). Plain data shared by the bench layer (which fills it) and every Store implementation (which
// persists it), so a store never needs to know how figures are computed.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/spilled_text.h"

namespace ab::store {

/// How one test execution ended. kSkipped runs are kept for the record but count in no rate.
enum class RunStatus { kPassed, kFailed, kError, kTimeout, kSkipped };
/// "passed", "failed", "error", "timeout", "skipped".
const char* RunStatusName(RunStatus s);
/// The inverse of RunStatusName; nullopt for any other text.
std::optional<RunStatus> ParseRunStatus(std::string_view name);

/// One test of the suite executed once with one config, one variant, one repetition.
struct RunRecord {
  std::string run_id;  ///< deterministic id of (bench, config, variant, repetition), shared by its tests
  std::string bench_id;
  std::string config;
  std::string variant;
  int repetition = 0;    ///< 0-based
  std::string test_key;  ///< "file/session/test"
  std::string agent;
  RunStatus status = RunStatus::kPassed;
  double duration_ms = 0;  ///< wall time of the test
  double llm_ms = 0;
  double tool_ms = 0;
  double wait_ms = 0;  ///< rate-limit waits and retry backoff
  int retries = 0;
  int64_t prompt_tokens = 0;  ///< includes cached_tokens
  int64_t completion_tokens = 0;
  int64_t cached_tokens = 0;
  std::optional<double> cost_usd;  ///< empty when the model has no known price (never a silent 0)
  std::string error;               ///< redacted; empty for a passed run
  Json inputs = Json::object();    ///< the variant's variables
  std::string provider_type;
  std::string model;
  int64_t started_ms = 0;  ///< wall clock, ms since the Unix epoch
  /// The agent's final answer, cut to kMaxFinalAnswerBytes (redacted): what the viewer's grid shows.
  std::string final_answer;
  /// The tools the agent called, in order, each with its outcome: "add_note ok → search error" (ToolChainText).
  std::string tool_chain;
};

/// The longest final answer a RunRecord keeps; the whole one is in the transcript.
inline constexpr size_t kMaxFinalAnswerBytes = 1024;
/// The longest tool chain a RunRecord keeps.
inline constexpr size_t kMaxToolChainBytes = 1024;

/// |answer| redacted and cut to kMaxFinalAnswerBytes (with a marker when cut).
std::string FinalAnswerText(std::string_view answer);
/// "name ok → name error → ..." from (tool name, succeeded) pairs, cut to kMaxToolChainBytes.
std::string ToolChainText(const std::vector<std::pair<std::string, bool>>& calls);

/// What a saved bench is: a bench (configs × variants × repetitions) or one plain `agent-bench -f/-s` run.
inline constexpr const char* kKindBench = "bench";
inline constexpr const char* kKindRun = "run";

/// A test file a run read, with the SHA-256 of its content when it ran: tells a changed test from a flaky one.
struct SourceFile {
  std::string path;
  std::string content_hash;  ///< "sha256:<hex>"
};

/// A bench's identity and headline figures: what `agent-bench history` lists without loading runs.
struct BenchInfo {
  std::string id;
  std::string kind = kKindBench;  ///< kKindBench or kKindRun
  std::string name;               ///< bench name (configs file `name`, else the suite name)
  std::string suite;              ///< suite name or test file the bench ran
  int64_t started_ms = 0;
  int64_t ended_ms = 0;
  std::string tool_version;
  std::vector<std::string> configs;  ///< in configs-file order
  int total_runs = 0;                ///< RunRecords, skipped ones excluded
  int passed_runs = 0;
  std::optional<double> total_cost_usd;  ///< sum of known costs; empty when no run had a known cost
  int cost_unknown_runs = 0;
  double p50_latency_ms = 0;
  std::vector<std::string> tags;  ///< filled by ListBenches / LoadBench
  std::vector<SourceFile> files;  ///< the test files a plain run read (LoadBench fills it; empty for benches)
  double success_rate() const { return total_runs ? static_cast<double>(passed_runs) / total_runs : 0.0; }
};

/// The full transcript of one test run (report::TestRunToJson: conversation, tool calls, assertions) as
/// redacted JSON text, found again by its run's run_id, test_key and agent.
struct StoredTranscript {
  std::string run_id;
  std::string test_key;
  std::string agent;
  /// From TranscriptText. Kept on disk until the bench is saved: a bench of 10 000 runs holds tens of MB of them.
  SpilledText json;
};

/// The largest transcript kept, in bytes of JSON text: room for a default-sized tool result (max_result_bytes,
/// 1 MiB) and the rest of the conversation. A larger one is kept shortened (TranscriptText).
inline constexpr size_t kMaxTranscriptBytes = size_t{2} << 20;

/// |transcript| as compact, redacted JSON text of at most |max_bytes| bytes. A larger transcript is shortened,
/// never refused: long strings are cut first, then the conversation and tool calls are dropped, and the result
/// says so in "transcriptTruncated": {"originalBytes", "limitBytes"}.
std::string TranscriptText(const Json& transcript, size_t max_bytes = kMaxTranscriptBytes);

/// Gathers the transcripts of a bench's runs as they finish, from any thread (bench::BenchRunOptions::on_test),
/// for StoredBench::transcripts. Each is bounded by TranscriptText when added.
class TranscriptCollector {
 public:
  void Add(const RunRecord& run, const Json& transcript);
  /// Everything added so far; the collector is empty afterwards.
  std::vector<StoredTranscript> Take();

 private:
  std::mutex mu_;
  std::vector<StoredTranscript> items_;
};

/// A bench as saved and loaded: headline figures plus every run.
struct StoredBench {
  BenchInfo info;
  std::vector<RunRecord> runs;
  /// Saved with the bench (replacing earlier ones of the same run; others of the bench are kept). LoadBench
  /// leaves it empty: Store::LoadTranscript reads one run's.
  std::vector<StoredTranscript> transcripts;
};

/// Which benches ListBenches returns; empty fields match everything.
struct BenchFilter {
  std::string suite;   ///< exact suite name
  std::string config;  ///< benches that ran a config of this name
  int limit = 0;       ///< 0 = no limit
  /// kKindBench (the default, so `compare latest` and `history` keep meaning benches), kKindRun, or "" for both.
  std::string kind = kKindBench;
};

/// A verdict of one test × agent in one saved run or bench, oldest first in TestHistory.
struct TestOutcome {
  std::string bench_id;
  int seq = 0;       ///< the run's position in its bench (the API's run id is "<bench_id>~<seq>")
  std::string kind;  ///< of the bench
  int64_t started_ms = 0;
  RunStatus status = RunStatus::kPassed;
  std::string model;
  std::string content_hash;  ///< of the test's file when it ran, "" when unknown
  std::string error;
};

/// How often one test × agent changed its verdict between consecutive runs. Only verdicts count: passed and
/// failed. A run whose test errored or timed out (an outage, a provider down, a server that did not start) says
/// nothing about the test, so it is counted apart (|errors|) and skipped over: P E P is no flip, P E F is one.
struct TestFlips {
  std::string test_key;
  std::string agent;
  std::vector<TestOutcome> outcomes;  ///< oldest first, skipped runs left out (errors kept, shown as such)
  int flips = 0;
  int verdicts = 0;  ///< outcomes that passed or failed
  int errors = 0;    ///< outcomes that errored or timed out: no verdict
  /// flips / (verdicts - 1); 0 with fewer than two verdicts.
  double flip_rate() const {
    return verdicts < 2 ? 0.0 : static_cast<double>(flips) / static_cast<double>(verdicts - 1);
  }
  /// "new" (fewer than two verdicts), "stable" (never changed), "regression" (passed until the last verdict, which
  /// failed), "fixed" (the reverse), or "flaky" (changed more than once).
  std::string Trend() const;
  /// A test flaky enough that a change of its verdict says little: at least kFlakyMinFlips flips and a flip rate of
  /// at least kFlakyFlipRate.
  bool flaky() const;
};
inline constexpr int kFlakyMinFlips = 2;
inline constexpr double kFlakyFlipRate = 0.25;

/// True for the statuses that are a verdict on the test (passed, failed); error, timeout and skipped are not.
bool IsVerdict(RunStatus status);

/// Which test histories FlipRates reads: the newest |runs| saved runs of |kind| (plain runs by default).
struct FlipFilter {
  std::string test;             ///< a part of the test key ("" = every test)
  std::string agent;            ///< exact agent name ("" = every agent)
  std::string kind = kKindRun;  ///< "" = runs and benches
  /// Exact config and variant ("" = any): a bench's configs and variants differ on purpose, so a test's verdicts
  /// are only comparable within one of them.
  std::string config, variant;
  int runs = 50;  ///< how many of the newest saved runs (benches) to read, at most kMaxFlipRuns
};
inline constexpr int kMaxFlipRuns = 1000;

/// Counts the flips of |outcomes| (oldest first) and fills |flips| and the TestFlips' verdict list.
void CountFlips(TestFlips& flips);

}  // namespace ab::store
