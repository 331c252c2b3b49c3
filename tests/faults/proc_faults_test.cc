// Process and pipe faults, end to end with small hostile stdio servers (data/proc-server.py): a server that stops
// reading its stdin mid-message, SIGTERM while agent-bench is blocked on it, servers that leave daemons and
// SIGTERM-proof children behind, an endless stdout line, and a model that never answers a test without
// assertions. Each checks what the user sees (status, error text, exit code, time) and that nothing is left.
#include <doctest/doctest.h>
#include <signal.h>

#include <fstream>
#include <string>

#include "harness.h"
#include "process_state.h"

namespace ab::faults {
namespace {

/// Writes a mock LLM script whose "big one" rule calls `echo` with a 1 MiB message, then answers with text.
std::string WriteBigArgumentMock(const std::string& dir) {
  const std::string path = dir + "/big-mock.json";
  Json script = {
      {"rules",
       Json::array(
           {{{"match", "big one"},
             {"replies",
              Json::array({{{"tool_calls", Json::array({{{"name", "echo"},
                                                         {"arguments", {{"message", std::string(1 << 20, 'x')}}}}})}},
                           {{"text", "the tool said: {{last_tool_result}}"}}})}},
            {{"match", "say back"}, {"reply", "You said: {{user}}"}}})}};
  WriteFile(path, script.dump());
  return path;
}

/// The pid written to |path| by a server, or -1.
int ReadPid(const std::string& path) {
  std::ifstream in(path);
  int pid = -1;
  in >> pid;
  return pid;
}

using ab::testing::ProcessGone;

}  // namespace

TEST_CASE(
    "a stdio server that stops reading its input fails the call at tool_timeout, naming it, and the run goes on") {
  const std::string dir = e2e::MakeTempDir("faults-proc-stuck-mock");
  RunOptions options;
  options.env = {{"BIG_MOCK", WriteBigArgumentMock(dir)}};
  Outcome o = RunBench("proc-stuck", "proc-stuck.yaml", options);
  INFO(o.process.err);
  REQUIRE(o.report.is_object());
  CHECK(o.process.exit_code == 1);
  CHECK(o.seconds < 30 * kSlack);

  const Json* big = FindRun(o.report, "Big argument", "stuck");
  REQUIRE(big);
  CHECK((*big)["status"] == "error");
  CHECK((*big)["passed"] == false);
  const std::string errors = Errors(*big);
  INFO(errors);
  CHECK(HasText(errors, "server 'deaf'"));
  CHECK(HasText(errors, "stopped reading its input"));
  CHECK(HasText(errors, "1.0 MiB"));
  const Json& call = (*big)["execution"]["toolCalls"][0];
  CHECK(call.value("status", "") == "transport_error");
  // tool_timeout is 2 s: the write gives up then, not when the server would have read (never).
  CHECK(call["duration_ms"].get<double>() < (2000 + 3000) * kSlack);

  // The session goes on: the next test of the same agent runs, and the other agent's server is untouched.
  const Json* after = FindRun(o.report, "After the deaf server", "stuck");
  REQUIRE(after);
  CHECK((*after)["passed"] == true);
  const Json* echo = FindRun(o.report, "Echo", "worker");
  REQUIRE(echo);
  CHECK((*echo)["passed"] == true);
  CHECK(LeftoverProcesses().empty());
}

TEST_CASE("SIGTERM while a write to a server that stopped reading is blocked exits 130 at once with reports") {
  const std::string dir = e2e::MakeTempDir("faults-proc-sigterm");
  const std::string base = dir + "/report";
  const std::string marker = dir + "/stopped-reading";
  const std::string script =
      "\"$AB\" -f \"$FAULTS_DATA/proc-stuck-sigterm.yaml\" -o \"$BASE\" -reportType json --no-progress & pid=$!\n"
      "for i in $(seq 1 600); do [ -e \"$MARKER\" ] && break; sleep 0.1; done\n"
      // The marker comes after tools/list; the model's call and the 1 MiB write follow within a moment.
      "sleep 2; start=$(date +%s%N); kill -TERM $pid; wait $pid; code=$?\n"
      "echo \"exit=$code ms=$(( ($(date +%s%N) - start) / 1000000 ))\"\n";
  const e2e::ProcessResult p = e2e::RunProcess({"/bin/sh", "-c", script},
                                               {{"AB", AgentBench()},
                                                {"BASE", base},
                                                {"MARKER", marker},
                                                {"BIG_MOCK", WriteBigArgumentMock(dir)},
                                                {"FAULTS_DATA", DataDir()},
                                                {"SAMPLE_SERVER", SampleServer()}},
                                               static_cast<int>(120 * kSlack));
  INFO(p.out);
  INFO(p.err);
  CHECK(HasText(p.out, "exit=130 "));
  const size_t at = p.out.find("ms=");
  REQUIRE(at != std::string::npos);
  const long ms = std::stol(p.out.substr(at + 3));
  MESSAGE("SIGTERM to exit with a write blocked on a server that stopped reading: " << ms << " ms");
  CHECK(ms < 3000 * kSlack);

  const Json report = Json::parse(e2e::ReadFile(base + ".json"), nullptr, false);
  REQUIRE(report.is_object());
  CHECK(report.dump().find("\"incomplete\":true") != std::string::npos);
  const Json* big = FindRun(report, "Big argument", "stuck");
  REQUIRE(big);
  CHECK((*big)["passed"] == false);
  CHECK((*big)["status"] == "error");
  CHECK(FindRun(report, "Never started", "stuck") == nullptr);
  CHECK(LeftoverProcesses().empty());
}

// The test process is itself a subreaper, so a daemon agent-bench failed to end would be re-parented here and be
// alive (not a zombie) right after agent-bench exits: its pid is the meaningful check, not an empty process list.
TEST_CASE("daemons, SIGTERM-proof children and servers that ignore SIGTERM do not outlive the run") {
  const std::string pid_dir = e2e::MakeTempDir("faults-proc-daemons-pids");
  RunOptions options;
  options.env = {{"PID_DIR", pid_dir}};
  Outcome o = RunBench("proc-daemons", "proc-daemons.yaml", options);
  INFO(o.process.err);
  REQUIRE(o.report.is_object());
  CHECK(o.process.exit_code == 0);
  // The server that ignores closed stdin and SIGTERM costs two shutdown graces (2 s each), no more.
  CHECK(o.seconds < 30 * kSlack);

  const int daemon = ReadPid(pid_dir + "/daemon.pid");
  const int stubborn = ReadPid(pid_dir + "/stubborn.pid");
  REQUIRE(daemon > 0);
  REQUIRE(stubborn > 0);
  CHECK(ProcessGone(daemon));
  CHECK(ProcessGone(stubborn));
  CHECK(LeftoverProcesses(1).empty());
}

TEST_CASE("an endless stdout line fails the call naming the message limit, and memory stays bounded") {
  RunOptions options;
  options.measure_rss = true;
  Outcome o = RunBench("proc-endless", "proc-endless.yaml", options);
  INFO(o.process.err);
  REQUIRE(o.report.is_object());
  CHECK(o.process.exit_code == 1);
  CHECK(o.seconds < 60 * kSlack);
  const Json* flooded = FindRun(o.report, "Endless line", "flooded");
  REQUIRE(flooded);
  CHECK((*flooded)["status"] == "error");
  const std::string errors = Errors(*flooded);
  INFO(errors);
  CHECK(HasText(errors, "server 'endless'"));
  CHECK(HasText(errors, "64.0 MiB"));
  CHECK(HasText(errors, "max_line_bytes"));
  const Json* echo = FindRun(o.report, "Echo", "worker");
  REQUIRE(echo);
  CHECK((*echo)["passed"] == true);
  MESSAGE("peak RSS of agent-bench with an endless stdout line: " << o.peak_rss_kb / 1024 << " MB");
  if (o.peak_rss_kb > 0) CHECK(o.peak_rss_kb < 300 * 1024 * kSlack);
  CHECK(LeftoverProcesses().empty());
}

TEST_CASE("a test without assertions whose model hangs past its time limit is an error, and the run exits 1") {
  Outcome o = RunBench("proc-model-hangs", "proc-model-hangs.yaml");
  INFO(o.process.err);
  REQUIRE(o.report.is_object());
  CHECK(o.process.exit_code == 1);
  CHECK(o.seconds < 30 * kSlack);
  const Json* hung = FindRun(o.report, "Model hangs", "plain");
  REQUIRE(hung);
  CHECK((*hung)["passed"] == false);
  CHECK((*hung)["status"] == "error");
  CHECK(HasText(Errors(*hung), "time limit"));
  const Json* fine = FindRun(o.report, "Model answers", "plain");
  REQUIRE(fine);
  CHECK((*fine)["passed"] == true);
  CHECK(LeftoverProcesses().empty());
}

}  // namespace ab::faults
