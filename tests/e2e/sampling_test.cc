// End to end: real stdio servers (tests/mcp/servers/sampling_server.py) ask the client for sampling and
// elicitation in both MCP eras; the mock provider's model answers sampling, the servers get its text, and the JSON
// report records each exchange on its tool call, with the sampling tokens kept apart from the agent's; a request made
// before any tool call is on the server's record of the first test.
#include <doctest/doctest.h>

#include <fstream>

#include "base/json.h"
#include "paths.h"
#include "process.h"

namespace ab::e2e {
namespace {

const Json* FindSamplingTest(const Json& report, const std::string& test) {
  if (!report.is_object()) return nullptr;
  for (const auto& r : report["detailed_results"])
    if (r["execution"]["testName"] == test) return &r;
  return nullptr;
}

std::string SamplingResultText(const Json& call) {
  return call["result"].is_object() ? call["result"]["content"][0].value("text", "") : "";
}

}  // namespace

TEST_CASE("sampling is answered by the provider's model in both eras, declined without one, and recorded") {
  std::string dir = MakeTempDir("sampling");
  ProcessResult p = RunProcess(
      {kBin, "-f", kData + "sampling.yaml", "-o", dir + "/report", "-reportType", "json,html", "--no-progress"}, {},
      120);
  INFO(p.err);
  CHECK(p.exit_code == 0);
  // The console summary counts the two sampling answers (35 tokens each) apart from the agent's tokens.
  CHECK_MESSAGE(
      p.out.find("Sampling Tokens:  70 (servers' sampling requests; prompt 62, completion 8") != std::string::npos,
      p.out);
  Json report = Json::parse(ReadFile(dir + "/report.json"), nullptr, false);
  REQUIRE(report.is_object());

  for (const std::string era : {"2025-11-25", "2026-07-28"}) {
    CAPTURE(era);
    const bool modern = era == "2026-07-28";
    const Json* run =
        FindSamplingTest(report, modern ? "A 2026-07-28 server's sampling input request is answered by the provider"
                                        : "A 2025-11-25 server's sampling request is answered by the provider");
    REQUIRE(run);
    const Json& e = (*run)["execution"];
    REQUIRE(e["toolCalls"].size() == 1);
    const Json& call = e["toolCalls"][0];
    // The server got the model's text in a proper CreateMessageResult, and saw the capability advertised.
    CHECK(SamplingResultText(call) ==
          "server got: Rain, then sun | role=assistant model=mock-model stop=endTurn cap=yes");
    REQUIRE(call["serverRequests"]["count"] == 1);
    const Json& x = call["serverRequests"]["items"][0];
    CHECK(x["method"] == "sampling/createMessage");
    CHECK(x["via"] == (modern ? "input_required" : "request"));
    CHECK(x["action"] == "answered");
    CHECK(x["provider"] == "mock");
    CHECK(x["model"] == "mock-model");
    CHECK(x["text"] == "Rain, then sun");
    CHECK(x["stopReason"] == "endTurn");
    CHECK(x["asked"]["systemPrompt"] == "You summarize weather reports in three words.");
    CHECK(x["asked"]["messages"][0]["content"]["text"] == "SAMPLE-REQUEST: rain on Monday, sun after");
    CHECK(x["asked"]["maxTokens"] == 5000);
    CHECK(x["usage"]["total"] == 35);
    // The sampling tokens are counted apart: the agent's own totals are its two turns only.
    CHECK(e["samplingTokens"]["prompt"] == 31);
    CHECK(e["samplingTokens"]["completion"] == 4);
    long long agent_tokens = 0;
    for (const Json& turn : e["llmTurns"]) agent_tokens += turn["usage"]["total"].get<long long>();
    CHECK(e["tokensUsed"] == agent_tokens);
  }

  const Json* declined = FindSamplingTest(report, "A server without a sampling provider is declined");
  REQUIRE(declined);
  const Json& dcall = (*declined)["execution"]["toolCalls"][0];
  CHECK(SamplingResultText(dcall) ==
        "server got error -1: User rejected sampling request (agent-bench `sampling: decline`) cap=no");
  CHECK(dcall["serverRequests"]["items"][0]["action"] == "declined");
  CHECK_FALSE((*declined)["execution"].contains("samplingTokens"));

  const Json* asked = FindSamplingTest(report, "Elicitation in both eras is recorded");
  REQUIRE(asked);
  const Json& calls = (*asked)["execution"]["toolCalls"];
  REQUIRE(calls.size() == 2);
  for (size_t i = 0; i < 2; ++i) {
    CAPTURE(i);
    CHECK(SamplingResultText(calls[i]) ==
          R"(server got elicitation {"action": "accept", "content": {"city": "Lyon"}} cap=yes)");
    const Json& x = calls[i]["serverRequests"]["items"][0];
    CHECK(x["method"] == "elicitation/create");
    CHECK(x["via"] == (i == 0 ? "request" : "input_required"));
    CHECK(x["asked"]["message"] == "Which city?");
    CHECK(x["asked"]["requestedSchema"]["properties"]["city"]["default"] == "Lyon");
    CHECK(x["action"] == "accept");
    CHECK(x["content"] == Json{{"city", "Lyon"}});
  }
  // A model that hangs is abandoned before the tool call's 2 s deadline: the server gets a -32603 error in time and
  // finishes its tool call, which is not a timeout.
  const Json* hung =
      FindSamplingTest(report, "A model that hangs on a sampling request gives up inside the tool call's deadline");
  REQUIRE(hung);
  const Json& hcall = (*hung)["execution"]["toolCalls"][0];
  CHECK(hcall["status"] == "ok");
  CHECK(hcall["duration_ms"].get<double>() < 2000);
  CHECK(SamplingResultText(hcall).rfind("server got error -32603: sampling with provider 'mock' failed: ", 0) == 0);
  CHECK(hcall["serverRequests"]["items"][0]["action"] == "error");
  CHECK(hcall["serverRequests"]["items"][0]["error"].get<std::string>().find("deadline") != std::string::npos);

  // The HTML report carries the exchanges, which its script shows in the tool call's details.
  std::string html = ReadFile(dir + "/report.html");
  CHECK(html.find(R"("serverRequests":{"count":1,"items":[{"method":"sampling/createMessage","via":"request")") !=
        std::string::npos);
}

TEST_CASE("an elicitation a server sends before any tool call is on the first test's server record, once") {
  std::string dir = MakeTempDir("loose-requests");
  ProcessResult p = RunProcess(
      {kBin, "-f", kData + "loose-requests.yaml", "-o", dir + "/report", "-reportType", "json,html", "--no-progress"},
      {}, 120);
  INFO(p.err);
  CHECK(p.exit_code == 0);
  Json report = Json::parse(ReadFile(dir + "/report.json"), nullptr, false);
  REQUIRE(report.is_object());

  const Json* first = FindSamplingTest(report, "The handshake's elicitation is on the first test's server record");
  REQUIRE(first);
  const Json& servers = (*first)["execution"]["mcpServers"];
  REQUIRE(servers.size() == 1);
  CHECK(servers[0]["name"] == "eager");
  const Json& requests = servers[0]["serverRequests"];
  REQUIRE(requests["count"] == 1);
  REQUIRE(requests["items"].size() == 1);
  const Json& x = requests["items"][0];
  CHECK(x["method"] == "elicitation/create");
  CHECK(x["via"] == "request");
  CHECK(x["asked"]["message"] == "Which language?");
  CHECK(x["action"] == "accept");
  CHECK(x["content"] == Json{{"language", "French"}});
  CHECK((*first)["execution"]["toolCalls"].empty());
  // server_requested read the server's record: the handshake's request, answered accept.
  const Json& asserted = (*first)["assertions"];
  REQUIRE(asserted.size() == 2);
  CHECK(asserted[1]["type"] == "server_requested");
  CHECK(asserted[1]["passed"] == true);
  CHECK(asserted[1]["message"] ==
        "1 server request(s) (elicitation/create, answered accept, asking \"Which language?\")");

  const Json* second = FindSamplingTest(report, "The second test does not repeat it");
  REQUIRE(second);
  const Json& e2 = (*second)["execution"];
  REQUIRE(e2["mcpServers"].size() == 1);
  CHECK_FALSE(e2["mcpServers"][0].contains("serverRequests"));
  // The second test's own elicitation is on its call, not on the server.
  REQUIRE(e2["toolCalls"].size() == 1);
  CHECK(e2["toolCalls"][0]["serverRequests"]["items"][0]["asked"]["message"] == "Which city?");
  const Json& asserted2 = (*second)["assertions"];
  REQUIRE(asserted2.size() == 3);
  CHECK(asserted2[1]["passed"] == true);
  CHECK(asserted2[1]["details"]["evidence"][0]["tool"] == "ask");
  CHECK(asserted2[2]["passed"] == true);  // not: the first test's request is not repeated

  // The HTML report carries it: the data the script shows, and the count on the run's summary line.
  std::string html = ReadFile(dir + "/report.html");
  CHECK(html.find(R"("serverRequests":{"count":1,"items":[{"method":"elicitation/create","via":"request")") !=
        std::string::npos);
  CHECK(html.find("eager 2025-11-25 (legacy; 1 request(s) outside tool calls)") != std::string::npos);
}

TEST_CASE("an unknown sampling provider is a load error with its position and a did-you-mean") {
  std::string dir = MakeTempDir("sampling-typo");
  std::string file = dir + "/typo.yaml";
  std::string text = ReadFile(kData + "sampling.yaml");
  const std::string from = "sampling: {provider: mock}";
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(), "sampling: {provider: mokc}");
  // The copy's relative paths must still resolve: point the mock script back at the data folder.
  text.replace(text.find("mock_script: sampling-script.yaml"), 33, "mock_script: " + kData + "sampling-script.yaml");
  {
    std::ofstream out(file);
    out << text;
  }
  ProcessResult p = RunProcess({kBin, "-f", file, "-o", dir + "/report", "--no-progress"}, {}, 60);
  CHECK(p.exit_code == 2);
  CHECK_MESSAGE(
      p.err.find("typo.yaml:26:26: error: sampling refers to unknown provider 'mokc', did you mean 'mock'?") !=
          std::string::npos,
      p.err);
}

}  // namespace ab::e2e
