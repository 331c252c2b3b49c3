// End to end: the real binary runs suites against the in-process mock LLM (over loopback HTTP) and the sample MCP
// server (over stdio); each test reads the JSON report run by run.
#include <doctest/doctest.h>

#include <chrono>

#include "base/json.h"
#include "paths.h"
#include "process.h"

namespace ab::e2e {
namespace {

#ifdef AB_SAMPLE_SERVER
const std::string kSample = AB_SAMPLE_SERVER;
#else
const std::string kSample = std::string(AB_BINARY_DIR) + "/sample-mcp-server";
#endif

struct Outcome {
  ProcessResult process;
  Json report;
  double seconds = 0;
};

Outcome RunSuite(const std::string& name, const std::vector<std::string>& file_args,
                 const std::vector<std::string>& extra = {}) {
  std::string dir = MakeTempDir(name);
  std::vector<std::string> argv = {kBin};
  argv.insert(argv.end(), file_args.begin(), file_args.end());
  for (const auto& a : {"-o", "OUT", "-reportType", "json", "--no-progress"}) argv.push_back(a);
  argv[argv.size() - 4] = dir + "/report";
  argv.insert(argv.end(), extra.begin(), extra.end());
  Outcome o;
  auto start = std::chrono::steady_clock::now();
  o.process = RunProcess(argv, {{"SAMPLE_SERVER", kSample}}, 120);
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  o.report = Json::parse(ReadFile(dir + "/report.json"), nullptr, false);
  return o;
}

/// The run of |test| by |agent| in the report (null when absent).
const Json* FindRun(const Json& report, const std::string& test, const std::string& agent) {
  if (!report.is_object()) return nullptr;
  for (const auto& r : report["detailed_results"])
    if (r["execution"]["testName"] == test && r["execution"]["agentName"] == agent) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("sessions carry history, templates render once, extractors pass values, allowed_tools filter") {
  Outcome o = RunSuite("runtime", {"-f", kData + "runtime.yaml"}, {"--seed", "7"});
  INFO(o.process.err);
  REQUIRE(o.report.is_object());
  CHECK(o.process.exit_code == 1);  // the last two tests fail on purpose

  const Json* first = FindRun(o.report, "First turn", "agent-a");
  const Json* second = FindRun(o.report, "Second turn", "agent-a");
  REQUIRE(first);
  REQUIRE(second);
  CHECK((*first)["passed"] == true);
  CHECK((*second)["passed"] == true);
  // Each test carries only its own part of the session's conversation (JSON schema 2): the first test from the
  // session's start, the second from its own prompt on (tests/agent/loop_test.cc proves the model saw both).
  const Json& msgs1 = (*first)["execution"]["messages"];
  const Json& msgs = (*second)["execution"]["messages"];
  size_t own1 = (*first)["execution"]["firstMessageOfTest"].get<size_t>();
  REQUIRE(msgs1.size() > own1);
  CHECK(msgs1[own1]["content"].get<std::string>().rfind("say back first hello-", 0) == 0);
  REQUIRE(msgs.size() >= 2);
  CHECK((*second)["execution"]["firstMessageOfTest"] == 0);
  CHECK(msgs[0]["content"].get<std::string>().rfind("say back second hello-", 0) == 0);
  // The random variable rendered once: both outputs carry the same value.
  std::string out1 = (*first)["execution"]["finalOutput"], out2 = (*second)["execution"]["finalOutput"];
  auto token_of = [](const std::string& s) { return s.substr(s.find("hello-") + 6, 12); };
  CHECK(token_of(out1) == token_of(out2));

  const Json* use = FindRun(o.report, "Use the extracted id", "agent-a");
  REQUIRE(use);
  CHECK((*use)["passed"] == true);
  CHECK((*use)["execution"]["toolCalls"][0]["parameters"]["id"] == "n1");

  const Json* filtered = FindRun(o.report, "Allowed tools filter what is offered", "agent-a");
  REQUIRE(filtered);
  CHECK((*filtered)["execution"]["availableTools"] == Json::array({"echo"}));
  CHECK((*filtered)["execution"]["toolCalls"][0]["status"] == "not_offered");
  CHECK((*filtered)["passed"] == false);

  const Json* hung = FindRun(o.report, "A hung tool times out", "agent-a");
  REQUIRE(hung);
  CHECK((*hung)["execution"]["toolCalls"][0]["status"] == "timeout");
  CHECK((*hung)["execution"]["toolCalls"][0]["duration_ms"].get<double>() < 3000);
  CHECK((*hung)["passed"] == false);
  CHECK(o.seconds < 30);
}

TEST_CASE("the same seed gives the same random values in a second run") {
  Outcome a = RunSuite("seed-a", {"-f", kData + "runtime.yaml"}, {"--seed", "99"});
  Outcome b = RunSuite("seed-b", {"-f", kData + "runtime.yaml"}, {"--seed", "99"});
  const Json* ra = FindRun(a.report, "First turn", "agent-a");
  const Json* rb = FindRun(b.report, "First turn", "agent-a");
  REQUIRE(ra);
  REQUIRE(rb);
  CHECK((*ra)["execution"]["finalOutput"] == (*rb)["execution"]["finalOutput"]);
}

TEST_CASE("one agent whose server cannot start does not stop the others") {
  Outcome o = RunSuite("two-agents", {"-f", kData + "two-agents.yaml"});
  INFO(o.process.err);
  CHECK(o.process.exit_code == 1);
  const Json* good = FindRun(o.report, "Echo", "good");
  const Json* broken = FindRun(o.report, "Echo", "broken");
  REQUIRE(good);
  REQUIRE(broken);
  CHECK((*good)["passed"] == true);
  CHECK((*broken)["status"] == "error");
  CHECK((*broken)["execution"]["errors"][0].get<std::string>().find("missing") != std::string::npos);
  // Results come out in declaration order: agent "good" is declared first.
  CHECK(o.report["detailed_results"][0]["execution"]["agentName"] == "good");
}

TEST_CASE("two agents with 1 s model latency run in about half the serial time with -j 2") {
  Outcome serial = RunSuite("serial", {"-f", kData + "parallel.yaml"}, {"-j", "1"});
  Outcome parallel = RunSuite("parallel", {"-f", kData + "parallel.yaml"}, {"-j", "2"});
  CHECK(serial.process.exit_code == 0);
  CHECK(parallel.process.exit_code == 0);
  MESSAGE("serial " << serial.seconds << " s, parallel " << parallel.seconds << " s");
  CHECK(serial.seconds >= 7.5);                     // 8 tests × 1 s, one at a time
  CHECK(parallel.seconds < serial.seconds * 0.75);  // ideal 0.5; generous for a loaded machine
}

TEST_CASE("the bundled demo suite runs offline and writes every report") {
  std::string dir = MakeTempDir("demo");
  auto r = RunProcess({kBin, "-s", std::string(AB_SOURCE_DIR) + "/suites/demo/suite.yaml", "-o", dir + "/report",
                       "-reportType", "html,json,md,junit", "--no-progress"});
  INFO(r.err);
  CHECK(r.exit_code == 0);  // criteria.success_rate 0.5 is met: the careful agent passes everything
  for (const char* ext : {".html", ".json", ".md", ".xml"}) CHECK_FALSE(ReadFile(dir + "/report" + ext).empty());
  Json report = Json::parse(ReadFile(dir + "/report.json"));
  int careful_passed = 0, sloppy_passed = 0;
  for (const auto& run : report["detailed_results"]) {
    if (run["passed"] != true) continue;
    (run["execution"]["agentName"] == "careful-agent" ? careful_passed : sloppy_passed)++;
  }
  CHECK(careful_passed == 4);
  CHECK(sloppy_passed == 0);
}

}  // namespace ab::e2e
