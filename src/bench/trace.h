// The OpenTelemetry view of a bench: one trace with a `bench:<name>` span, a span per planned run (config ×
// variant × repetition, carrying its run_id) and, under each run, a span per LLM call and per tool call taken
// from the tests' transcripts. TraceRecorder collects the call timings while the bench runs (plug OnTest into
// BenchRunOptions::on_test) and builds the spans once it is over; otlp::Export sends them.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "base/trace_id.h"
#include "bench/orchestrate.h"
#include "bench/otlp.h"

namespace ab::bench {

class TraceRecorder {
 public:
  /// Keeps the LLM and tool call timings of one finished test. Thread-safe (called from the bench's workers).
  void OnTest(const RunRecord& record, const report::TestRun& run);

  /// The spans of |result|: the bench span first, then each run in matrix order followed by its calls in time
  /// order. Runs without any record are left out; call spans of runs the result does not hold are dropped.
  std::vector<otlp::Span> Spans(const BenchResult& result) const;

  /// The trace id every span gets, chosen up front so the MCP requests of the bench can carry it too.
  const std::string& trace_id() const { return trace_id_; }

 private:
  std::string trace_id_ = RandomTraceHex(16);
  struct Call {
    bool llm = true;
    std::string name;  ///< model for an LLM call, tool name for a tool call
    std::string test_key;
    std::string agent;
    std::string server;         ///< tool calls
    std::string provider_type;  ///< LLM calls
    int iteration = 0;
    int64_t started_ms = 0;
    double duration_ms = 0;
    double wait_ms = 0;
    int retries = 0;
    int64_t input_tokens = 0, output_tokens = 0;
    std::string status;  ///< tool calls: ok, tool_error ...
    std::string error;   ///< empty when the call went well
  };
  mutable std::mutex mu_;
  std::map<std::string, std::vector<Call>> calls_;  ///< by run_id
};

}  // namespace ab::bench
