#include "bench/trace.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "base/redact.h"

namespace ab::bench {
namespace {

constexpr int64_t kNsPerMs = 1'000'000;

/// |ms| (epoch milliseconds) plus |plus_ms| in epoch nanoseconds, exactly (a double cannot hold epoch ns).
int64_t ToNs(int64_t ms, double plus_ms = 0) { return ms * kNsPerMs + std::llround(plus_ms * 1e6); }

otlp::Attribute Str(const char* key, std::string value) { return {key, std::move(value)}; }
otlp::Attribute Int(const char* key, int64_t value) { return {key, value}; }
otlp::Attribute Dbl(const char* key, double value) { return {key, value}; }

/// The worst status of a run's tests: error, then timeout, then failed, then passed (skipped when all were).
RunStatus CombinedStatus(const std::vector<const RunRecord*>& records) {
  bool any_error = false, any_timeout = false, any_failed = false, any_passed = false;
  for (const RunRecord* r : records) {
    any_error = any_error || r->status == RunStatus::kError;
    any_timeout = any_timeout || r->status == RunStatus::kTimeout;
    any_failed = any_failed || r->status == RunStatus::kFailed;
    any_passed = any_passed || r->status == RunStatus::kPassed;
  }
  if (any_error) return RunStatus::kError;
  if (any_timeout) return RunStatus::kTimeout;
  if (any_failed) return RunStatus::kFailed;
  return any_passed ? RunStatus::kPassed : RunStatus::kSkipped;
}

}  // namespace

void TraceRecorder::OnTest(const RunRecord& record, const report::TestRun& run) {
  std::vector<Call> calls;
  for (const LlmTurn& turn : run.transcript.turns) {
    Call c;
    c.llm = true;
    c.name = run.model;
    c.provider_type = run.provider_type;
    c.test_key = record.test_key;
    c.agent = record.agent;
    c.iteration = turn.iteration;
    c.started_ms = turn.started_ms;
    c.duration_ms = turn.wait_ms + turn.latency_ms;
    c.wait_ms = turn.wait_ms;
    c.retries = turn.retries;
    c.input_tokens = turn.usage.prompt_tokens;
    c.output_tokens = turn.usage.completion_tokens;
    c.error = turn.error;
    calls.push_back(std::move(c));
  }
  for (const ToolCall& tool : run.transcript.tool_calls) {
    Call c;
    c.llm = false;
    c.name = tool.name;
    c.server = tool.server;
    c.test_key = record.test_key;
    c.agent = record.agent;
    c.iteration = tool.iteration;
    c.started_ms = tool.started_ms;
    c.duration_ms = tool.duration_ms;
    c.status = ToolCallStatusName(tool.status);
    c.error = tool.error;
    calls.push_back(std::move(c));
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto& into = calls_[record.run_id];
  into.insert(into.end(), std::make_move_iterator(calls.begin()), std::make_move_iterator(calls.end()));
}

std::vector<otlp::Span> TraceRecorder::Spans(const BenchResult& result) const {
  const BenchSummary& summary = result.summary;
  const BenchMeta& meta = summary.meta;
  const std::string& trace_id = trace_id_;
  std::vector<otlp::Span> spans;

  otlp::Span bench;
  bench.trace_id = trace_id;
  bench.span_id = RandomTraceHex(8);
  bench.name = "bench:" + meta.name;
  bench.start_ns = meta.started_ms * kNsPerMs;
  bench.end_ns = meta.ended_ms * kNsPerMs;
  bench.attributes = {Str("bench.name", meta.name),
                      Str("bench.id", meta.id),
                      Str("bench.suite", meta.suite),
                      Int("bench.total_runs", summary.overall.runs),
                      Int("bench.passed_runs", summary.overall.passed),
                      Dbl("bench.success_rate", summary.overall.success_rate),
                      Int("bench.duration_ms", meta.ended_ms - meta.started_ms),
                      Str("bench.cheapest_config", summary.cheapest),
                      Str("bench.fastest_config", summary.fastest),
                      Str("bench.most_reliable_config", summary.most_reliable),
                      Int("bench.repetitions", meta.repetitions)};
  if (result.incomplete) {
    bench.error = true;
    bench.status_message = "interrupted";
  }
  spans.push_back(std::move(bench));
  const std::string bench_span_id = spans.front().span_id;

  // Records arrive in matrix order, the tests of one run together.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const RunRecord*>> by_run;
  for (const RunRecord& r : result.runs) {
    auto [it, inserted] = by_run.try_emplace(r.run_id);
    if (inserted) order.push_back(r.run_id);
    it->second.push_back(&r);
  }
  std::lock_guard<std::mutex> lock(mu_);
  for (const std::string& run_id : order) {
    const std::vector<const RunRecord*>& records = by_run[run_id];
    const RunRecord& first = *records.front();
    auto found = calls_.find(run_id);
    static const std::vector<Call> kNone;
    const std::vector<Call>& calls = found == calls_.end() ? kNone : found->second;

    int64_t start = std::numeric_limits<int64_t>::max(), end = 0;
    for (const RunRecord* r : records) {
      if (r->started_ms <= 0) continue;  // an error record of a test that never started
      start = std::min(start, ToNs(r->started_ms));
      end = std::max(end, ToNs(r->started_ms, r->duration_ms));
    }
    for (const Call& c : calls) {
      if (c.started_ms <= 0) continue;
      start = std::min(start, ToNs(c.started_ms));
      end = std::max(end, ToNs(c.started_ms, c.duration_ms));
    }
    if (end == 0) {  // nothing ran (the run failed before its tests): the span covers the bench
      start = spans.front().start_ns;
      end = spans.front().end_ns;
    }
    int passed = 0;
    for (const RunRecord* r : records) passed += r->status == RunStatus::kPassed ? 1 : 0;
    RunStatus status = CombinedStatus(records);

    otlp::Span run;
    run.trace_id = trace_id;
    run.span_id = RandomTraceHex(8);
    run.parent_span_id = bench_span_id;
    run.name = "run:" + first.config + "/" + first.variant + "/" + std::to_string(first.repetition + 1);
    run.start_ns = start;
    run.end_ns = end;
    run.attributes = {Str("bench.run_id", run_id),
                      Str("bench.id", first.bench_id),
                      Str("bench.config", first.config),
                      Str("bench.variant", first.variant),
                      Int("bench.repetition", first.repetition),
                      Str("bench.status", RunStatusName(status)),
                      Int("bench.tests", static_cast<int64_t>(records.size())),
                      Int("bench.passed_tests", passed)};
    if (!first.model.empty()) run.attributes.push_back(Str("gen_ai.request.model", first.model));
    if (status == RunStatus::kError || status == RunStatus::kTimeout) {
      run.error = true;
      for (const RunRecord* r : records) {
        if (!r->error.empty()) {
          run.status_message = Redact(r->error);
          break;
        }
      }
    }
    std::string run_span_id = run.span_id;
    spans.push_back(std::move(run));

    std::vector<const Call*> sorted;
    for (const Call& c : calls) sorted.push_back(&c);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Call* a, const Call* b) { return a->started_ms < b->started_ms; });
    for (const Call* c : sorted) {
      otlp::Span s;
      s.trace_id = trace_id;
      s.span_id = RandomTraceHex(8);
      s.parent_span_id = run_span_id;
      s.start_ns = ToNs(c->started_ms);
      s.end_ns = ToNs(c->started_ms, c->duration_ms);
      s.attributes = {Str("bench.run_id", run_id), Str("test.key", c->test_key), Str("test.agent", c->agent),
                      Int("agent.iteration", c->iteration)};
      if (c->llm) {
        s.name = "llm:" + c->name;
        s.attributes.push_back(Str("gen_ai.request.model", c->name));
        s.attributes.push_back(Str("gen_ai.system", c->provider_type));
        s.attributes.push_back(Int("gen_ai.usage.input_tokens", c->input_tokens));
        s.attributes.push_back(Int("gen_ai.usage.output_tokens", c->output_tokens));
        s.attributes.push_back(Dbl("llm.wait_ms", c->wait_ms));
        s.attributes.push_back(Int("llm.retries", c->retries));
      } else {
        s.name = "tool:" + c->name;
        s.attributes.push_back(Str("tool.name", c->name));
        s.attributes.push_back(Str("tool.server", c->server));
        s.attributes.push_back(Str("tool.status", c->status));
      }
      if (!c->error.empty()) {
        s.error = true;
        s.status_message = Redact(c->error);
      }
      spans.push_back(std::move(s));
    }
  }
  return spans;
}

}  // namespace ab::bench
