// JSON report read back into the model: Run → JSON → Run → JSON is identical, for every scenario.
#include "report/json_reader.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "report/fixtures.h"
#include "report/json.h"
#include "report/render.h"

namespace ab::report {
namespace {

std::string TempPath(const std::string& name) { return std::string(AB_BINARY_DIR) + "/report_test_" + name; }

TEST_CASE("json_reader: round trip of every scenario") {
  for (const auto& name : testing::ScenarioNames()) {
    CAPTURE(name);
    Run run = testing::MakeScenario(name);
    Json first = RunToJson(run, 1234);
    Result<Run> back = RunFromJson(first);
    REQUIRE(back.has_value());
    Json second = RunToJson(*back, 1234);
    CHECK(first.dump() == second.dump());
    CHECK(back->runs.size() == run.runs.size());
  }
}

TEST_CASE("json_reader: model fields survive") {
  Run run = testing::MakeScenario("09_failed_with_errors");
  Result<Run> back = RunFromJson(RunToJson(run, 0));
  REQUIRE(back.has_value());
  const TestRun& r = back->runs[1];
  CHECK(r.status == RunStatus::kFailed);
  CHECK(back->runs[0].status == RunStatus::kError);
  CHECK(back->runs[2].status == RunStatus::kSkipped);
  CHECK(r.provider_type == "ANTHROPIC");
  CHECK(r.transcript.tool_calls.size() == 3);
  CHECK(r.transcript.tool_calls[1].status == ToolCallStatus::kTimeout);
  CHECK_FALSE(r.transcript.tool_calls[1].result.has_value());
  CHECK(r.transcript.tool_calls[2].result->is_error);
  CHECK(r.transcript.tool_calls[0].started_ms == run.runs[1].transcript.tool_calls[0].started_ms);
  CHECK(r.transcript.usage.cached_tokens == 100);
  CHECK_FALSE(r.transcript.usage.cost_usd.has_value());
  CHECK(back->runs[3].transcript.usage.cost_usd == std::nullopt);
  CHECK(r.assertions[3].children.size() == 2);
  CHECK(r.transcript.errors[1].kind == ErrorKind::kMaxIterations);
  CHECK(back->required_success_rate == 0.75);
  CHECK(back->incomplete);
  CHECK(back->agents == run.agents);
}

TEST_CASE("json_reader: the clarification judge's record survives, and is absent without a judge") {
  Run run = testing::MakeScenario("09_failed_with_errors");
  run.runs[1].transcript.clarification_enabled = true;
  run.runs[1].transcript.clarification.judge =
      "judge MOCK/judge-faithful/clarification-v1, calibration cal-x-1 (kappa 0.80 >= 0.60)";
  Json written = RunToJson(run, 0);
  CHECK(written["detailed_results"][1]["execution"]["clarificationStats"]["judge"] ==
        run.runs[1].transcript.clarification.judge);
  CHECK_FALSE(written["detailed_results"][0]["execution"]["clarificationStats"].contains("judge"));
  Result<Run> back = RunFromJson(written);
  REQUIRE(back.has_value());
  CHECK(back->runs[1].transcript.clarification.judge == run.runs[1].transcript.clarification.judge);
  CHECK(back->runs[0].transcript.clarification.judge.empty());
}

TEST_CASE("json_reader: the MCP protocol of each server survives, and Markdown and HTML name it") {
  Run run = testing::MakeScenario("09_failed_with_errors");
  run.runs[1].transcript.servers = {ServerProtocol{"weather", "modern", "2026-07-28", "discover", "weather-svc 1.2"},
                                    ServerProtocol{"files", "legacy", "2025-11-25", "initialize-fallback", "fs 0.2"},
                                    ServerProtocol{"shell", "", "", "", ""}};
  run.runs[1].transcript.servers[0].subscription = "acknowledged {toolsListChanged}; reopened 1 time(s)";
  Result<Run> back = RunFromJson(RunToJson(run, 0));
  REQUIRE(back.has_value());
  const auto& servers = back->runs[1].transcript.servers;
  REQUIRE(servers.size() == 3);
  CHECK(servers[0].subscription == "acknowledged {toolsListChanged}; reopened 1 time(s)");
  CHECK(servers[1].subscription.empty());  // legacy servers have no subscriptions/listen record
  CHECK(servers[0].era == "modern");
  CHECK(servers[0].protocol_version == "2026-07-28");
  CHECK(servers[1].how == "initialize-fallback");
  CHECK(servers[1].implementation == "fs 0.2");
  std::ostringstream md, html;
  RenderMarkdown(run, md, RenderOptions{});
  RenderHtml(run, html, RenderOptions{});
  // A 2026-07-28 server's subscriptions/listen record is named with its era.
  const std::string line =
      "weather 2026-07-28 (modern; subscription: acknowledged {toolsListChanged}; reopened 1 time(s)), "
      "files 2025-11-25 (legacy)";
  CHECK(md.str().find("- MCP servers: " + line + "\n") != std::string::npos);
  CHECK(html.str().find(" · MCP " + line) != std::string::npos);
}

TEST_CASE("json_reader: regenerates other formats identically from a file") {
  Run run = testing::MakeScenario("08_multi_agent_multi_file");
  std::string path = TempPath("regen.json");
  {
    std::ofstream out(path);
    RenderJson(run, out, RenderOptions{});
  }
  Result<Run> back = ReadJsonReport(path);
  REQUIRE(back.has_value());
  RenderOptions det;
  det.deterministic = true;
  for (RenderFn fn : {&RenderHtml, &RenderMarkdown, &RenderJunit, &RenderConsole}) {
    std::ostringstream a, b;
    fn(run, a, det);
    fn(*back, b, det);
    CHECK(a.str() == b.str());
  }
  std::remove(path.c_str());
}

TEST_CASE("json_reader: an agent's tests that record equal tool schemas share one tree of them") {
  Run run = testing::MakeScenario("03_multi_agent_single_test");
  REQUIRE(run.runs.size() >= 2);
  run.runs[0].transcript.tool_schemas =
      SharedJson(Json{{"create_file", {{"type", "object"}, {"properties", {{"path", {{"type", "string"}}}}}}}});
  TestRun second = run.runs[0];
  second.test = "another test";
  second.transcript.tool_schemas = SharedJson(Json(*run.runs[0].transcript.tool_schemas));  // equal, not shared
  run.runs.push_back(second);
  TestRun changed = run.runs[0];
  changed.test = "a test offered other tools";
  changed.transcript.tool_schemas = SharedJson(Json{{"other_tool", {{"type", "object"}}}});
  run.runs.push_back(changed);
  REQUIRE_FALSE(run.runs.back().transcript.tool_schemas.SharesWith(run.runs[0].transcript.tool_schemas));
  Result<Run> back = RunFromJson(RunToJson(run, 0));
  REQUIRE(back.has_value());
  const auto& r = back->runs;
  const size_t n = r.size();
  CHECK(r[n - 2].transcript.tool_schemas.SharesWith(r[0].transcript.tool_schemas));
  CHECK(*r[n - 2].transcript.tool_schemas == *run.runs[0].transcript.tool_schemas);
  CHECK_FALSE(r[n - 1].transcript.tool_schemas.SharesWith(r[0].transcript.tool_schemas));
  CHECK(r[n - 1].transcript.tool_schemas->contains("other_tool"));
  CHECK(RunToJson(*back, 0).dump() == RunToJson(run, 0).dump());
}

TEST_CASE("json_reader: errors") {
  CHECK(ReadJsonReport(TempPath("does-not-exist.json")).error().code == ErrorCode::kIo);
  std::string path = TempPath("garbage.json");
  std::ofstream(path) << "{not json";
  CHECK(ReadJsonReport(path).error().code == ErrorCode::kParse);
  std::remove(path.c_str());
  CHECK(RunFromJson(Json::object()).error().code == ErrorCode::kParse);
  CHECK(RunFromJson({{"schema_version", 99}, {"detailed_results", Json::array()}}).error().code ==
        ErrorCode::kUnsupported);
}

TEST_CASE("json_reader: reads a reference report (no schema_version)") {
  Json doc = Json::parse(R"({
    "agent_benchmark_version": "1.3.1", "generated_at": "2024-01-15T14:30:00Z", "test_file": "t.yaml",
    "summary": {"total": 1, "passed": 0, "failed": 1},
    "detailed_results": [{"execution": {"testName": "Create file", "agentName": "gemini-agent",
      "providerType": "gemini", "startTime": "2024-01-15T14:30:00Z", "endTime": "2024-01-15T14:30:02Z",
      "tokensUsed": 150, "latencyMs": 2340, "errors": ["boom"]},
      "assertions": [{"type": "tool_called", "passed": false, "message": "not called"}], "passed": false}]})");
  Result<Run> run = RunFromJson(doc);
  REQUIRE(run.has_value());
  REQUIRE(run->runs.size() == 1);
  const TestRun& r = run->runs[0];
  CHECK(r.status == RunStatus::kFailed);
  CHECK(r.transcript.usage.total() == 150);
  CHECK(r.transcript.latency_ms == 2340);
  CHECK(r.transcript.errors.at(0).message == "boom");
  CHECK(r.transcript.ended_ms - r.transcript.started_ms == 2000);
  CHECK(run->test_files == std::vector<std::string>{"t.yaml"});
  CHECK(run->agents == std::vector<std::string>{"gemini-agent"});
}

TEST_CASE("json: schema fields the reference and our readers rely on") {
  Run run = testing::MakeScenario("08_multi_agent_multi_file");
  Json j = RunToJson(run, 0);
  CHECK(j["schema_version"] == kJsonSchemaVersion);
  CHECK(j["summary"]["total"] == 8);
  CHECK(j["summary"]["failed"] == 1);
  CHECK(j["criteria"]["met"] == true);
  // Same test name in two files stays two entries (the reference merged them).
  CHECK(j["comparison_summary"].contains("tests/basic.yaml/default/List files"));
  CHECK(j["comparison_summary"].contains("/home/user/suite/files.yaml/Listing/List files"));
  const Json& e = j["detailed_results"][0]["execution"];
  CHECK(e["providerType"] == "GOOGLE");
  CHECK(e["providerName"] == "google");
  CHECK(e["costUsd"] == 0.00125);
  CHECK(j["detailed_results"][1]["execution"]["costUsd"].is_null());
  CHECK(e["toolCalls"][0]["result"]["content"][0]["type"] == "text");
  CHECK(e["tokens"]["cached"] == 100);
}

}  // namespace
}  // namespace ab::report
