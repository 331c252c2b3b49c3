// The elicitation and sampling exchanges a server made during a tool call, or outside calls (on the server's record
// of the test): in the JSON report (and read back), the sampling tokens kept apart from the agent's, and the
// console trace's mark.
#include <doctest/doctest.h>

#include "report/fixtures.h"
#include "report/format.h"
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

TEST_CASE("exchanges: requests outside tool calls are written on the server, read back, shown and counted") {
  Run run = testing::MakeScenario("09_failed_with_errors");
  Transcript& t = run.runs[1].transcript;
  ServerProtocol server{.server = "weather",
                        .era = "legacy",
                        .protocol_version = "2025-11-25",
                        .how = "discover",
                        .implementation = "weather 1.0"};
  server.exchanges = {Elicited(), Sampled(20, 4, 0.002)};
  server.exchange_count = 3;  // one more arrived than was kept
  t.servers.push_back(server);
  t.servers.push_back(ServerProtocol{
      .server = "quiet", .era = "modern", .protocol_version = "2026-07-28", .how = "discover", .implementation = ""});
  Json json = RunToJson(run, 0);
  const Json& e = json["detailed_results"][1]["execution"];
  const Json& servers = e["mcpServers"];
  REQUIRE(servers.size() == t.servers.size());
  const Json& requests = servers[servers.size() - 2]["serverRequests"];
  CHECK(requests["count"] == 3);
  REQUIRE(requests["items"].size() == 2);
  CHECK(requests["items"][0]["method"] == "elicitation/create");
  CHECK(requests["items"][0]["content"] == Json{{"city", "Lyon"}});
  CHECK(requests["items"][1]["model"] == "m-1");
  CHECK(requests["items"][1]["usage"]["total"] == 24);
  CHECK_FALSE(servers.back().contains("serverRequests"));  // a server that asked nothing has no entry
  // A server's sampling outside calls is counted in the test's sampling tokens too.
  CHECK(e["samplingTokens"]["total"].get<int64_t>() == SamplingUsage(t).total());
  CHECK(SamplingUsage(t).total() >= 24);

  Result<Run> back = RunFromJson(json);
  REQUIRE(back.has_value());
  const ServerProtocol& read = back->runs[1].transcript.servers[servers.size() - 2];
  CHECK(read.exchange_count == 3);
  REQUIRE(read.exchanges.size() == 2);
  CHECK(read.exchanges[0].content == Json{{"city", "Lyon"}});
  CHECK(read.exchanges[1].usage.cost_usd.value_or(0) == doctest::Approx(0.002));
  CHECK(back->runs[1].transcript.servers.back().exchange_count == 0);
  CHECK(RunToJson(*back, 0).dump() == json.dump());

  // The console trace names the server after the prompt; the summary line counts the requests.
  Transcript small;
  small.prompt = "go";
  small.servers = {server};
  small.final_output = "ok";
  small.final_answer = true;
  CHECK(FormatTrace(small) == "\"go\" [weather: elicitation accept, sampling answered, …] → \"ok\"");
  CHECK(FormatServerProtocols({server}) == "weather 2025-11-25 (legacy; 3 request(s) outside tool calls)");
}

}  // namespace exchanges_test
}  // namespace ab::report
