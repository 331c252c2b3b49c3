// Load: 500 runs (5 agents x 100 one-test sessions) with -j 100 against the mock provider and one sample server
// per agent. Every run must reach the report, and no descriptor or process may outlive the run.
#include <doctest/doctest.h>

#include <set>
#include <sstream>

#include "harness.h"

namespace ab::faults {

namespace {

constexpr int kAgents = 5;
constexpr int kSessions = 100;

/// Runs the 5 x 100 load file with -j 100; checks the report is complete and nothing leaked.
Outcome RunLoad(const std::string& name) {
  std::ostringstream yaml;
  yaml << "providers:\n  - {name: mock, type: MOCK}\n"
       << "servers:\n  - {name: sample, type: stdio, command: \"{{SAMPLE_SERVER}}\"}\n"
       << "settings: {max_iterations: 3, tool_timeout: 30s}\nagents:\n";
  for (int a = 0; a < kAgents; ++a)
    yaml << "  - {name: agent-" << a << ", provider: mock, servers: [{name: sample}]}\n";
  yaml << "sessions:\n";
  for (int s = 0; s < kSessions; ++s) {
    yaml << "  - name: session-" << s << "\n    tests:\n      - name: t" << s
         << "\n        prompt: \"Please call echo message=m" << s << "x\"\n"
         << "        assertions: [{type: output_contains, value: m" << s << "x}]\n";
  }
  const std::string dir = e2e::MakeTempDir("faults-" + name + "-input");
  WriteFile(dir + "/load.yaml", yaml.str());

  REQUIRE(LeftoverProcesses().empty());
  const int fds_before = OpenFds();
  Outcome o = RunBench(name, dir + "/load.yaml", WithArgs({"-j", "100"}, 150));
  INFO(o.process.err.substr(o.process.err.size() > 4000 ? o.process.err.size() - 4000 : 0));
  MESSAGE("500 runs with -j 100 took " << o.seconds << " s");
  CHECK_FALSE(o.process.timed_out);
  CHECK((o.process.exit_code == 0 || o.process.exit_code == 1));
  REQUIRE(o.report.is_object());
  const Json& runs = o.report["detailed_results"];
  REQUIRE(runs.is_array());
  CHECK(runs.size() == kAgents * kSessions);
  std::set<std::string> seen;
  for (const auto& r : runs)
    seen.insert(r["execution"]["agentName"].get<std::string>() + "/" + r["execution"]["testName"].get<std::string>());
  CHECK(seen.size() == kAgents * kSessions);  // no run reported twice, none lost
  CHECK(LeftoverProcesses().empty());
  CHECK(OpenFds() == fds_before);
  return o;
}

int Passed(const Json& report) {
  int passed = 0;
  for (const auto& r : report["detailed_results"])
    if (r["passed"] == true) ++passed;
  return passed;
}

}  // namespace

TEST_CASE("500 runs with -j 100 lose no result and leak no process or descriptor") {
  Outcome o = RunLoad("load");
  // Every run either passed or carries an error (see the skipped case below for the errors seen).
  for (const auto& r : o.report["detailed_results"])
    if (r["passed"] != true) CHECK_FALSE(Errors(r).empty());
  MESSAGE(Passed(o.report) << " of 500 passed");
}

// Bug (reported): under -j 100 a few percent of runs fail with "mock: POST http://127.0.0.1/v1/chat/completions:
// Read" after ~1.25 s: the in-process mock LLM (httplib, listen backlog 5) drops connections. Enable when fixed.
TEST_CASE("500 runs with -j 100 against the mock all pass") {
  Outcome o = RunLoad("load-all-pass");
  CHECK(o.process.exit_code == 0);
  CHECK(Passed(o.report) == kAgents * kSessions);
}

}  // namespace ab::faults
