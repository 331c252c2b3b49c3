// Ctrl-C: SIGINT (and SIGTERM) mid-run stops new work, stops the MCP servers, writes the reports marked incomplete
// with the finished results, and exits 130. The signal arrives while a model call is in flight (the mock answers
// it after 15 s).
#include <doctest/doctest.h>
#include <unistd.h>

#include <string>

#include "harness.h"

namespace ab::faults {
namespace {

struct Interrupted {
  e2e::ProcessResult process;
  long ms_to_exit = -1;  ///< from the signal to agent-bench's exit
  std::string base;      ///< report base path
};

/// Starts agent-bench on |file| (in data/), waits until the first result is journaled, sends SIG|signal| (twice,
/// 300 ms apart, when |twice|).
Interrupted Interrupt(const std::string& signal, bool twice = false, const std::string& file = "interrupt.yaml") {
  Interrupted r;
  // ctest runs each test case in its own process, in parallel: the folder is named after the process so two cases
  // never share (and remove) each other's reports.
  r.base =
      e2e::MakeTempDir("faults-interrupt-" + signal + (twice ? "-twice-" : "-") + std::to_string(getpid())) + "/report";
  const std::string script = "\"$AB\" -f \"$FAULTS_DATA/" + file +
                             "\" -o \"$BASE\" -reportType json,html --no-progress & pid=$!\n"
                             "for i in $(seq 1 600); do [ -s \"$BASE.jsonl\" ] && break; sleep 0.1; done\n"
                             "sleep 0.5; start=$(date +%s%N); kill -" +
                             signal + " $pid; " + (twice ? "sleep 0.3; kill -" + signal + " $pid; " : std::string()) +
                             "wait $pid; code=$?\n"
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

TEST_CASE(
    "SIGINT and SIGTERM mid-run write incomplete reports with the finished results and exit 130 leaving nothing "
    "behind") {
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

// A server that ignores closed stdin and SIGTERM holds the orderly stop for its 2 s SIGTERM grace, no longer; a
// second signal does not wait for it: the watchdog ends every process agent-bench started and exits 130 at once.
TEST_CASE("a server that ignores SIGTERM delays Ctrl-C by its grace only, and a second Ctrl-C exits at once") {
  const Interrupted once = Interrupt("INT", false, "proc-interrupt-stubborn.yaml");
  INFO(once.process.out);
  INFO(once.process.err);
  CHECK(once.process.out.find("exit=130 ") != std::string::npos);
  CHECK(once.ms_to_exit >= 0);
  CHECK(once.ms_to_exit < 3500 * kSlack);
  CHECK(Json::parse(e2e::ReadFile(once.base + ".json"), nullptr, false).dump().find("\"incomplete\":true") !=
        std::string::npos);
  CHECK(LeftoverProcesses().empty());

  const Interrupted twice = Interrupt("INT", true, "proc-interrupt-stubborn.yaml");
  INFO(twice.process.out);
  INFO(twice.process.err);
  CHECK(twice.process.out.find("exit=130 ") != std::string::npos);
  CHECK(twice.ms_to_exit >= 0);
  CHECK(twice.ms_to_exit < 1500 * kSlack);  // 300 ms to the second signal, then no grace is waited out
  CHECK(twice.process.err.find("still stopping after the interrupt") != std::string::npos);
  CHECK(LeftoverProcesses().empty());
}

}  // namespace ab::faults
