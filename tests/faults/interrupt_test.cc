// Ctrl-C: SIGINT (and SIGTERM) mid-run stops new work, stops the MCP servers, writes the reports marked incomplete
// with the finished results, and exits 130. The signal arrives while a model call is in flight (the mock answers
// it after 15 s).
#include <doctest/doctest.h>

#include <string>

#include "harness.h"

namespace ab::faults {
namespace {

struct Interrupted {
  e2e::ProcessResult process;
  long ms_to_exit = -1;  ///< from the signal to agent-bench's exit
  std::string base;      ///< report base path
};

/// Starts agent-bench on interrupt.yaml, waits until the first result is journaled, sends SIG|signal|.
Interrupted Interrupt(const std::string& signal) {
  Interrupted r;
  r.base = e2e::MakeTempDir("faults-interrupt-" + signal) + "/report";
  const std::string script =
      "\"$AB\" -f \"$FAULTS_DATA/interrupt.yaml\" -o \"$BASE\" -reportType json,html --no-progress & pid=$!\n"
      "for i in $(seq 1 600); do [ -s \"$BASE.jsonl\" ] && break; sleep 0.1; done\n"
      "sleep 0.5; start=$(date +%s%N); kill -" + signal + " $pid; wait $pid; code=$?\n"
      "echo \"exit=$code ms=$(( ($(date +%s%N) - start) / 1000000 ))\"\n";
  r.process = e2e::RunProcess(
      {"/bin/sh", "-c", script},
      {{"AB", AgentBench()}, {"BASE", r.base}, {"SAMPLE_SERVER", SampleServer()}, {"FAULTS_DATA", DataDir()}},
      static_cast<int>(120 * kSlack));
  const size_t at = r.process.out.find("ms=");
  if (at != std::string::npos) r.ms_to_exit = std::stol(r.process.out.substr(at + 3));
  return r;
}

}  // namespace

TEST_CASE("SIGINT and SIGTERM mid-run write incomplete reports with the finished results and exit 130 leaving nothing behind") {
  for (const char* signal : {"INT", "TERM"}) {
    CAPTURE(signal);
    const Interrupted r = Interrupt(signal);
    INFO(r.process.out);
    INFO(r.process.err);
    CHECK(r.process.out.find("exit=130 ") != std::string::npos);
    CHECK(r.ms_to_exit >= 0);
    CHECK(r.ms_to_exit < 60000 * kSlack);

    const Json report = Json::parse(e2e::ReadFile(r.base + ".json"), nullptr, false);
    REQUIRE(report.is_object());
    CHECK(report.dump().find("\"incomplete\":true") != std::string::npos);
    const Json* done = FindRun(report, "Done first", "plain");
    REQUIRE(done);
    CHECK((*done)["passed"] == true);
    CHECK(FindRun(report, "Never started", "plain") == nullptr);
    CHECK(e2e::ReadFile(r.base + ".html").find("Incomplete") != std::string::npos);
    CHECK(LeftoverProcesses().empty());
  }
}

// The signal arrives while the model takes 15 s to answer: the call is abandoned, so agent-bench exits in well
// under those 15 s (the bound is generous for a loaded machine, still far below the mock's delay).
TEST_CASE("Ctrl-C cancels a model call in flight at once") {
  const Interrupted r = Interrupt("INT");
  INFO(r.process.out);
  CHECK(r.process.out.find("exit=130 ") != std::string::npos);
  CHECK(r.ms_to_exit >= 0);
  CHECK(r.ms_to_exit < 5000 * kSlack);
  CHECK(LeftoverProcesses().empty());
}

}  // namespace ab::faults
