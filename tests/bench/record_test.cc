// Run records from the runner's TestRun, and their JSON round trip.
#include "bench/record.h"

#include <doctest/doctest.h>

#include "base/redact.h"

namespace ab::bench {
namespace {

PlannedRun Planned() {
  PlannedRun p;
  p.bench_id = "bench";
  p.config = "gpt";
  p.variant = "short";
  p.repetition = 3;
  p.run_id = MakeRunId("bench", "gpt", "short", 3);
  return p;
}

report::TestRun TestRunOf(report::RunStatus status) {
  report::TestRun t;
  t.file = "f.yaml";
  t.session = "s";
  t.test = "t";
  t.agent = "a";
  t.provider_type = "OPENAI";
  t.model = "gpt-4o";
  t.status = status;
  t.passed = status == report::RunStatus::kPassed;
  t.transcript.latency_ms = 1234;
  t.transcript.llm_ms = 1000;
  t.transcript.tool_ms = 200;
  t.transcript.wait_ms = 34;
  t.transcript.rate_limits.retry_count = 2;
  t.transcript.usage.prompt_tokens = 500;
  t.transcript.usage.completion_tokens = 70;
  t.transcript.usage.cached_tokens = 100;
  t.transcript.usage.cost_usd = 0.0042;
  t.transcript.started_ms = 1700000000000;
  return t;
}

TEST_CASE("record: FromTestRun copies the measurements") {
  Variant v{"short", {{"topic", "cats"}}, {}};
  RunRecord r = FromTestRun(TestRunOf(report::RunStatus::kPassed), Planned(), v);
  CHECK(r.run_id == Planned().run_id);
  CHECK(r.config == "gpt");
  CHECK(r.variant == "short");
  CHECK(r.repetition == 3);
  CHECK(r.test_key == "f.yaml/s/t");
  CHECK(r.status == RunStatus::kPassed);
  CHECK(r.duration_ms == 1234);
  CHECK(r.llm_ms == 1000);
  CHECK(r.tool_ms == 200);
  CHECK(r.wait_ms == 34);
  CHECK(r.retries == 2);
  CHECK(r.prompt_tokens == 500);
  CHECK(r.completion_tokens == 70);
  CHECK(r.cached_tokens == 100);
  CHECK(r.cost_usd == 0.0042);
  CHECK(r.inputs == Json{{"topic", "cats"}});
  CHECK(r.model == "gpt-4o");
  CHECK(r.error.empty());
}

TEST_CASE("record: statuses, errors and redaction") {
  RegisterSecret("sk-record-secret-999");
  report::TestRun failed = TestRunOf(report::RunStatus::kFailed);
  failed.assertions.push_back(AssertionResult{"output_contains", false, "missing sk-record-secret-999", {}, {}, {}});
  RunRecord f = FromTestRun(failed, Planned(), Variant{});
  CHECK(f.status == RunStatus::kFailed);
  CHECK(f.error == "output_contains: missing [REDACTED]");

  report::TestRun err = TestRunOf(report::RunStatus::kError);
  err.transcript.errors.push_back(TranscriptError{ErrorKind::kLlm, "HTTP 500", 1});
  CHECK(FromTestRun(err, Planned(), Variant{}).status == RunStatus::kError);
  CHECK(FromTestRun(err, Planned(), Variant{}).error == "llm: HTTP 500");

  report::TestRun timeout = TestRunOf(report::RunStatus::kFailed);
  timeout.transcript.timed_out = true;
  CHECK(FromTestRun(timeout, Planned(), Variant{}).status == RunStatus::kTimeout);

  report::TestRun unpriced = TestRunOf(report::RunStatus::kPassed);
  unpriced.transcript.usage.cost_usd.reset();
  CHECK_FALSE(FromTestRun(unpriced, Planned(), Variant{}).cost_usd.has_value());

  RunRecord e = ErrorRecord(Planned(), Variant{"short", {}, {}}, "f.yaml/s/t", "server did not start");
  CHECK(e.status == RunStatus::kError);
  CHECK(e.cost_usd == 0.0);  // nothing ran: known to cost nothing, not unknown
  CHECK(e.run_id == Planned().run_id);
  CHECK(e.error == "server did not start");
}

TEST_CASE("record: a run that never reached the model costs 0, unknown only for an answered unpriced call") {
  report::TestRun no_call = TestRunOf(report::RunStatus::kError);
  no_call.transcript.usage = Usage{};
  no_call.transcript.errors.push_back(TranscriptError{ErrorKind::kServer, "server did not start", 0});
  CHECK(FromTestRun(no_call, Planned(), Variant{}).cost_usd == 0.0);

  // The only model call failed (no answer, nothing billed): 0, known.
  report::TestRun failed_call = TestRunOf(report::RunStatus::kError);
  failed_call.transcript.usage = Usage{};
  LlmTurn refused;
  refused.error = "HTTP 500";
  failed_call.transcript.turns.push_back(refused);
  CHECK(FromTestRun(failed_call, Planned(), Variant{}).cost_usd == 0.0);

  // Two answered calls, both priced: their sum; a failed call in between adds nothing.
  report::TestRun priced = TestRunOf(report::RunStatus::kPassed);
  LlmTurn a, b;
  a.usage.cost_usd = 0.001;
  b.usage.cost_usd = 0.002;
  priced.transcript.turns = {a, refused, b};
  CHECK(FromTestRun(priced, Planned(), Variant{}).cost_usd == doctest::Approx(0.003));

  // One answered call without a price makes the whole run's cost unknown, never a partial sum.
  LlmTurn unpriced_turn;
  priced.transcript.turns = {a, unpriced_turn};
  CHECK_FALSE(FromTestRun(priced, Planned(), Variant{}).cost_usd.has_value());
}

TEST_CASE("record: JSON round trip and errors") {
  RunRecord r = FromTestRun(TestRunOf(report::RunStatus::kPassed), Planned(), Variant{"v", {{"k", "v"}}, {}});
  Result<RunRecord> back = RunFromJson(RunToJson(r));
  REQUIRE(back.has_value());
  CHECK(RunToJson(*back) == RunToJson(r));
  r.cost_usd.reset();
  CHECK_FALSE(RunFromJson(RunToJson(r))->cost_usd.has_value());

  Json bad = RunToJson(r);
  bad.erase("duration_ms");
  CHECK(RunFromJson(bad).error().message == "run: missing field 'duration_ms'");
  bad = RunToJson(r);
  bad["status"] = "great";
  CHECK(RunFromJson(bad).error().message == "run: unknown status 'great'");
  bad = RunToJson(r);
  bad["retries"] = "two";
  CHECK(RunFromJson(bad).error().message == "run: field 'retries' has the wrong type");
}

}  // namespace
}  // namespace ab::bench
