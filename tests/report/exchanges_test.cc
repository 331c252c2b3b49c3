// The elicitation and sampling exchanges a server made during a tool call: in the JSON report (and read back),
// the sampling tokens kept apart from the agent's, and the console trace's mark on the call.
#include <doctest/doctest.h>

#include "report/fixtures.h"
#include "report/json.h"
#include "report/json_reader.h"
#include "report/trace.h"

namespace ab::report {
namespace exchanges_test {  // named: the report tests are built in unity batches

ServerExchange Sampled(int64_t prompt, int64_t completion, std::optional<double> cost) {
  ServerExchange x;
  x.method = "sampling/createMessage";
  x.via = "input_required";
  x.at_ms = 1700000000000;
  x.asked = {{"systemPrompt", "sys"}, {"maxTokens", 50}};
  x.action = "answered";
  x.provider = "judge";
  x.model = "m-1";
  x.text = "Rain, then sun";
  x.stop_reason = "endTurn";
  x.usage.prompt_tokens = prompt;
  x.usage.completion_tokens = completion;
  x.usage.cost_usd = cost;
  x.latency_ms = 12.5;
  return x;
}

ServerExchange Elicited() {
  ServerExchange x;
  x.method = "elicitation/create";
  x.via = "request";
  x.at_ms = 1700000000000;
  x.asked = {{"message", "Which city?"}};
  x.action = "accept";
  x.content = {{"city", "Lyon"}};
  return x;
}

TEST_CASE("exchanges: written on the tool call, read back, sampling tokens apart from the agent's") {
  Run run = testing::MakeScenario("09_failed_with_errors");
  Transcript& t = run.runs[1].transcript;
  REQUIRE_FALSE(t.tool_calls.empty());
  const int64_t agent_tokens = t.usage.total();
  ToolProgress& p = t.tool_calls[0].progress;
  p.exchanges = {Elicited(), Sampled(30, 5, 0.001), Sampled(10, 2, 0.0005)};
  p.exchange_count = 4;  // one more arrived than was kept
  Json json = RunToJson(run, 0);
  const Json& e = json["detailed_results"][1]["execution"];
  const Json& requests = e["toolCalls"][0]["serverRequests"];
  CHECK(requests["count"] == 4);
  REQUIRE(requests["items"].size() == 3);
  CHECK(requests["items"][0]["content"] == Json{{"city", "Lyon"}});
  CHECK_FALSE(requests["items"][0].contains("model"));
  CHECK(requests["items"][1]["via"] == "input_required");
  CHECK(requests["items"][1]["text"] == "Rain, then sun");
  CHECK(requests["items"][1]["usage"]["total"] == 35);
  CHECK(e["samplingTokens"]["total"] == 47);
  CHECK(e["samplingTokens"]["costUsd"].get<double>() == doctest::Approx(0.0015));
  CHECK(e["tokensUsed"] == agent_tokens);  // the agent's own count does not move
  CHECK_FALSE(json["detailed_results"][0]["execution"].contains("samplingTokens"));

  Result<Run> back = RunFromJson(json);
  REQUIRE(back.has_value());
  const ToolProgress& q = back->runs[1].transcript.tool_calls[0].progress;
  CHECK(q.exchange_count == 4);
  REQUIRE(q.exchanges.size() == 3);
  CHECK(q.exchanges[2].usage.completion_tokens == 2);
  CHECK(q.exchanges[1].latency_ms == 12.5);
  CHECK(RunToJson(*back, 0).dump() == json.dump());
}

TEST_CASE("exchanges: an unpriced sampling answer leaves the sampling cost unknown, never a partial sum") {
  Transcript t;
  ToolCall c;
  c.progress.exchanges = {Sampled(30, 5, 0.001), Sampled(10, 2, std::nullopt)};
  t.tool_calls.push_back(c);
  Usage u = SamplingUsage(t);
  CHECK(u.total() == 47);
  CHECK_FALSE(u.cost_usd.has_value());
}

TEST_CASE("exchanges: the console trace marks a call the server asked something during") {
  Transcript t;
  t.prompt = "go";
  ToolCall c;
  c.name = "summarize";
  c.progress.exchanges = {Sampled(1, 1, 0.0), Elicited(), Elicited()};
  c.progress.exchange_count = 3;
  t.tool_calls.push_back(c);
  t.final_output = "ok";
  t.final_answer = true;
  CHECK(FormatTrace(t) == "\"go\" → summarize{} ok [sampling answered, elicitation accept, …] → \"ok\"");
}

}  // namespace exchanges_test
}  // namespace ab::report
