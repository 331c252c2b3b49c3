// OTLP spans of a bench: the JSON encoding, the span tree built from records and transcripts, the headers
// variable, and the export to a local receiver (including a receiver that fails, which is only an error value).
#include "bench/trace.h"

#include <doctest/doctest.h>

#include <set>

#include "base/redact.h"
#include "bench/otlp.h"
#include "fixtures.h"
#include "otlp_receiver.h"

namespace ab::bench {
namespace {

using ab::testing::OtlpReceiver;

bool IsHex(const std::string& s, size_t length) {
  return s.size() == length && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

/// A bench of two runs (config a passes, config b fails), each with one test whose transcript has two LLM turns
/// and one tool call; |recorder| got the transcripts the way the orchestrator hands them over.
BenchResult MakeBench(TraceRecorder& recorder) {
  BenchResult result;
  result.summary.meta.id = "b-1";
  result.summary.meta.name = "nightly";
  result.summary.meta.suite = "suite";
  result.summary.meta.started_ms = 1'700'000'000'000;
  result.summary.meta.ended_ms = 1'700'000'005'000;
  int64_t t = result.summary.meta.started_ms + 100;
  for (const char* config : {"a", "b"}) {
    RunRecord r = testing::Run(config, "f.yaml/s/t",
                               config == std::string("a") ? RunStatus::kPassed : RunStatus::kFailed, 900, 0.01);
    r.started_ms = t;
    r.model = std::string("model-") + config;
    report::TestRun run;
    run.model = r.model;
    run.provider_type = "MOCK";
    LlmTurn first;
    first.iteration = 1;
    first.started_ms = t + 10;
    first.latency_ms = 300;
    first.usage.prompt_tokens = 120;
    first.usage.completion_tokens = 30;
    LlmTurn second = first;
    second.iteration = 2;
    second.started_ms = t + 500;
    ToolCall tool;
    tool.name = "search";
    tool.server = "web";
    tool.iteration = 1;
    tool.started_ms = t + 320;
    tool.duration_ms = 150;
    if (config == std::string("b")) {
      tool.status = ToolCallStatus::kToolError;
      tool.error = "no results";
    }
    run.transcript.turns = {first, second};
    run.transcript.tool_calls = {tool};
    recorder.OnTest(r, run);
    result.runs.push_back(r);
    t += 1000;
  }
  result.summary = Summarize(result.summary.meta, result.runs);
  return result;
}

TEST_CASE("trace: a bench span, a span per run and a span per LLM and tool call, correctly linked") {
  TraceRecorder recorder;
  BenchResult result = MakeBench(recorder);
  std::vector<otlp::Span> spans = recorder.Spans(result);
  REQUIRE(spans.size() == 1 + 2 * (1 + 3));
  const otlp::Span& bench = spans[0];
  CHECK(bench.name == "bench:nightly");
  CHECK(bench.parent_span_id.empty());
  CHECK(bench.start_ns == 1'700'000'000'000 * 1'000'000);
  CHECK(bench.end_ns == 1'700'000'005'000 * 1'000'000);
  std::set<std::string> ids;
  for (const otlp::Span& s : spans) {
    CHECK(s.trace_id == bench.trace_id);  // one trace
    CHECK(IsHex(s.trace_id, 32));
    CHECK(IsHex(s.span_id, 16));
    CHECK(ids.insert(s.span_id).second);  // unique span ids
  }
  // Run a, then its calls in time order; then run b.
  const otlp::Span& run_a = spans[1];
  CHECK(run_a.name == "run:a/default/1");
  CHECK(run_a.parent_span_id == bench.span_id);
  CHECK(run_a.start_ns == (1'700'000'000'100) * 1'000'000);
  CHECK(run_a.end_ns == (1'700'000'000'100 + 900) * 1'000'000);
  CHECK_FALSE(run_a.error);
  CHECK(spans[2].name == "llm:model-a");
  CHECK(spans[3].name == "tool:search");
  CHECK(spans[4].name == "llm:model-a");
  for (int i = 2; i <= 4; ++i) CHECK(spans[i].parent_span_id == run_a.span_id);
  CHECK(spans[2].start_ns == (1'700'000'000'110) * 1'000'000);
  CHECK(spans[2].end_ns == (1'700'000'000'110 + 300) * 1'000'000);
  const otlp::Span& run_b = spans[5];
  CHECK(run_b.name == "run:b/default/1");
  CHECK(spans[7].name == "tool:search");
  CHECK(spans[7].parent_span_id == run_b.span_id);
  CHECK(spans[7].error);
  CHECK(spans[7].status_message == "no results");

  Json j = otlp::ToOtlpJson(spans, "agent-bench", "1.2.3");
  const Json& resource = j["resourceSpans"][0];
  CHECK(resource["resource"]["attributes"][0]["key"] == "service.name");
  CHECK(resource["resource"]["attributes"][0]["value"]["stringValue"] == "agent-bench");
  const Json& out = resource["scopeSpans"][0]["spans"];
  REQUIRE(out.size() == spans.size());
  CHECK(out[0]["startTimeUnixNano"] == "1700000000000000000");  // a string, as the protobuf JSON mapping says
  CHECK_FALSE(out[0].contains("parentSpanId"));
  CHECK(out[1]["parentSpanId"] == bench.span_id);
  CHECK(OtlpReceiver::Attr(out[0], "bench.name") == Json{{"stringValue", "nightly"}});
  CHECK(OtlpReceiver::Attr(out[0], "bench.total_runs") == Json{{"intValue", "2"}});
  CHECK(OtlpReceiver::Attr(out[0], "bench.duration_ms") == Json{{"intValue", "5000"}});
  CHECK(OtlpReceiver::Attr(out[0], "bench.cheapest_config")["stringValue"].is_string());
  CHECK(OtlpReceiver::Attr(out[0], "bench.success_rate") == Json{{"doubleValue", 0.5}});
  CHECK(OtlpReceiver::Attr(out[1], "bench.run_id") == Json{{"stringValue", MakeRunId("bench", "a", "default", 0)}});
  CHECK(OtlpReceiver::Attr(out[1], "bench.config") == Json{{"stringValue", "a"}});
  CHECK(OtlpReceiver::Attr(out[1], "bench.repetition") == Json{{"intValue", "0"}});
  CHECK(OtlpReceiver::Attr(out[1], "bench.status") == Json{{"stringValue", "passed"}});
  CHECK(OtlpReceiver::Attr(out[5], "bench.status") == Json{{"stringValue", "failed"}});
  CHECK(OtlpReceiver::Attr(out[2], "gen_ai.usage.input_tokens") == Json{{"intValue", "120"}});
  CHECK(OtlpReceiver::Attr(out[3], "tool.server") == Json{{"stringValue", "web"}});
  CHECK(out[7]["status"]["code"] == 2);
}

TEST_CASE("trace: OTEL_EXPORTER_OTLP_HEADERS is parsed, decoded and its values become secrets") {
  auto h = otlp::ParseHeaders("x-team = blue, Authorization=Bearer%20tok-123456789,,");
  REQUIRE(h.has_value());
  REQUIRE(h->size() == 2);
  CHECK((*h)[0] == std::pair<std::string, std::string>{"x-team", "blue"});
  CHECK((*h)[1] == std::pair<std::string, std::string>{"Authorization", "Bearer tok-123456789"});
  CHECK(Redact("sent Bearer tok-123456789").find("tok-123456789") == std::string::npos);
  auto bad = otlp::ParseHeaders("a=b,justATokenSecret99");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message.find("justATokenSecret99") == std::string::npos);
  CHECK(bad.error().message.find("entry 2") != std::string::npos);
  CHECK(otlp::TracesUrl("http://c:4318/") == "http://c:4318/v1/traces");
  CHECK(otlp::TracesUrl("http://c:4318") == "http://c:4318/v1/traces");
}

TEST_CASE("trace: spans reach a local OTLP receiver with their headers, and a failing receiver is an error value") {
  TraceRecorder recorder;
  BenchResult result = MakeBench(recorder);
  std::vector<otlp::Span> spans = recorder.Spans(result);
  std::unique_ptr<llm::HttpClient> http = llm::MakeHttpClient();
  {
    OtlpReceiver receiver;
    otlp::ExportOptions options;
    options.endpoint = receiver.endpoint();
    options.headers = {{"x-api-key", "k-0123456789"}};
    Status sent = otlp::Export(*http, options, spans, "9.9.9");
    REQUIRE_MESSAGE(sent.ok(), sent.ToString());
    auto requests = receiver.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].path == "/v1/traces");
    CHECK(requests[0].content_type == "application/json");
    auto key = requests[0].headers.find("x-api-key");
    REQUIRE(key != requests[0].headers.end());
    CHECK(key->second == "k-0123456789");
    std::vector<Json> got = receiver.Spans();
    REQUIRE(got.size() == spans.size());
    CHECK(got[0]["name"] == "bench:nightly");
    CHECK(got[1]["parentSpanId"] == got[0]["spanId"]);
    CHECK(got[2]["parentSpanId"] == got[1]["spanId"]);
  }
  {
    OtlpReceiver failing(503);
    otlp::ExportOptions options;
    options.endpoint = failing.endpoint();
    options.headers = {{"Authorization", "Bearer sekret-0123456789"}};
    Status sent = otlp::Export(*http, options, spans, "9.9.9");
    REQUIRE_FALSE(sent.ok());
    CHECK(sent.error().message.find("503") != std::string::npos);
    CHECK(sent.error().message.find("sekret") == std::string::npos);
  }
  {
    // A span quoting a secret (a test's error echoing a server's token) reaches the collector redacted.
    RegisterSecret("otlp-leak-7Hq2Wm9x");
    OtlpReceiver receiver;
    otlp::ExportOptions options;
    options.endpoint = receiver.endpoint();
    std::vector<otlp::Span> leaky = spans;
    leaky[0].error = true;
    leaky[0].status_message = "server said token=otlp-leak-7Hq2Wm9x";
    leaky[0].attributes.push_back({"error.text", std::string("\"otlp-leak-7Hq2Wm9x\"")});
    REQUIRE(otlp::Export(*http, options, leaky, "9.9.9").ok());
    std::vector<Json> got = receiver.Spans();
    REQUIRE(got.size() == spans.size());
    CHECK(got[0].dump().find("otlp-leak") == std::string::npos);
    CHECK(got[0].dump().find("[REDACTED]") != std::string::npos);
  }
  otlp::ExportOptions nobody;
  nobody.endpoint = "http://127.0.0.1:1";
  nobody.timeout = std::chrono::milliseconds(5000);
  CHECK_FALSE(otlp::Export(*http, nobody, spans, "9.9.9").ok());
}

}  // namespace
}  // namespace ab::bench
