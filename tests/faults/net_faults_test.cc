// Hostile HTTP peers, end to end: a model endpoint whose body never ends, one that trickles a byte every 0.5 s,
// one where nothing listens, and an MCP Streamable-HTTP server whose event-stream line never ends. The servers
// are Python scripts in data/ (net-hostile-*.py). Each run must end by itself within bounded time and memory,
// with an error naming the peer and the limit that fired, and the tests after the fault must still pass.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "harness.h"

namespace ab::faults {
namespace {

/// One of the hostile Python servers, listening on a free port for the test's lifetime.
class HostileServer {
 public:
  explicit HostileServer(const std::string& script) {
    const std::string dir = e2e::MakeTempDir("net-" + script);
    const std::string port_file = dir + "/port";
    const std::string path = DataDir() + "/" + script;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::execlp("python3", "python3", path.c_str(), port_file.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 200 && port_ == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const std::string text = e2e::ReadFile(port_file);
      if (!text.empty()) port_ = std::stoi(text);
    }
  }
  ~HostileServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace

TEST_CASE("hostile model endpoints: endless and trickling bodies and a refused connection end as sentences") {
  Outcome o;
  int port = 0;
  const int refused = ClosedLoopbackPort();
  {
    HostileServer llm("net-hostile-llm.py");
    port = llm.port();
    REQUIRE(port > 0);
    RunOptions options = WithArgs({"-j", "3"}, 120);
    options.env = {{"HOSTILE_LLM_PORT", std::to_string(port)}, {"REFUSED_PORT", std::to_string(refused)}};
    options.measure_rss = true;
    o = RunBench("net-llm", "net-llm.yaml", options);
  }
  INFO(o.process.err);
  REQUIRE(o.report.is_object());
  CHECK_FALSE(o.process.timed_out);
  CHECK(o.process.exit_code == 1);  // tests failed; no signal, no crash
  CHECK(o.seconds < 60 * kSlack);
  // The endless body is read up to the 64 MiB cap and no further.
  CHECK(o.peak_rss_kb > 0);
  CHECK(o.peak_rss_kb < static_cast<long>(300 * 1024 * kSlack));
  const std::string peer = "http://127.0.0.1:" + std::to_string(port) + "/v1/chat/completions";

  const Json* endless = FindRun(o.report, "Endless body", "worker");
  REQUIRE(endless);
  CHECK((*endless)["status"] == "error");
  const std::string endless_errors = Errors(*endless);
  INFO(endless_errors);
  CHECK(HasText(endless_errors, peer));
  CHECK(HasText(endless_errors, "exceeded the 64 MiB limit (max_response_bytes)"));

  const Json* after = FindRun(o.report, "After the endless body", "worker");
  REQUIRE(after);
  CHECK((*after)["passed"] == true);

  const Json* trickle = FindRun(o.report, "Trickling body", "worker");
  REQUIRE(trickle);
  CHECK((*trickle)["status"] == "error");
  const std::string trickle_errors = Errors(*trickle);
  INFO(trickle_errors);
  CHECK(HasText(trickle_errors, peer));
  CHECK(HasText(trickle_errors, "did not complete within the 2 s deadline"));
  // The provider timeout is a total deadline: a byte every 0.5 s does not keep the request alive.
  CHECK((*trickle)["execution"]["latencyMs"].get<double>() < 6000 * kSlack);

  const Json* nobody = FindRun(o.report, "Nothing listens", "lonely");
  REQUIRE(nobody);
  CHECK((*nobody)["status"] == "error");
  const std::string refused_errors = Errors(*nobody);
  INFO(refused_errors);
  CHECK(HasText(refused_errors, "POST http://127.0.0.1:" + std::to_string(refused) + "/v1/chat/completions"));
  CHECK(HasText(refused_errors, "could not connect: the connection was refused"));
  CHECK(HasText(refused_errors, "(after 3 attempts"));
  CHECK_FALSE(HasText(o.report.dump() + o.process.err, "hostile-token-123456"));
  CHECK(LeftoverProcesses().empty());
}

TEST_CASE("an MCP HTTP server whose event-stream line or JSON reply never ends fails that call naming the limit") {
  Outcome o;
  int port = 0;
  {
    HostileServer mcp("net-hostile-mcp.py");
    port = mcp.port();
    REQUIRE(port > 0);
    RunOptions options = WithArgs({"-j", "1"}, 120);
    options.env = {{"HOSTILE_MCP_PORT", std::to_string(port)}};
    options.measure_rss = true;
    o = RunBench("net-mcp", "net-mcp.yaml", options);
  }
  INFO(o.process.err);
  REQUIRE(o.report.is_object());
  CHECK_FALSE(o.process.timed_out);
  CHECK(o.process.exit_code == 1);
  CHECK(o.seconds < 60 * kSlack);
  CHECK(o.peak_rss_kb > 0);
  CHECK(o.peak_rss_kb < static_cast<long>(300 * 1024 * kSlack));

  const Json* flood = FindRun(o.report, "Endless event line", "worker");
  REQUIRE(flood);
  const Json& calls = (*flood)["execution"]["toolCalls"];
  REQUIRE(calls.is_array());
  REQUIRE_FALSE(calls.empty());
  CHECK(calls[0]["status"] == "transport_error");
  const std::string text = flood->dump();
  INFO(text.substr(0, 4000));
  CHECK(HasText(text, "http://127.0.0.1:" + std::to_string(port) + "/mcp"));
  CHECK(HasText(text, "exceeded the 16 MiB limit (max_sse_line_bytes)"));

  const Json* json_flood = FindRun(o.report, "Endless JSON reply", "worker");
  REQUIRE(json_flood);
  const std::string json_text = json_flood->dump();
  INFO(json_text.substr(0, 4000));
  CHECK((*json_flood)["execution"]["toolCalls"][0]["status"] == "transport_error");
  CHECK(HasText(json_text, "http://127.0.0.1:" + std::to_string(port) + "/mcp"));
  CHECK(HasText(json_text, "exceeded the 64 MiB limit (max_response_bytes)"));

  const Json* echo = FindRun(o.report, "Echo after the flood", "worker");
  REQUIRE(echo);
  CHECK((*echo)["passed"] == true);
  CHECK(LeftoverProcesses().empty());
}

TEST_CASE("an MCP HTTP server's own limits.max_message_bytes caps its replies and event-stream lines") {
  Outcome o;
  int port = 0;
  {
    HostileServer mcp("net-hostile-mcp.py");
    port = mcp.port();
    REQUIRE(port > 0);
    RunOptions options = WithArgs({"-j", "1"}, 120);
    options.env = {{"HOSTILE_MCP_PORT", std::to_string(port)}};
    o = RunBench("net-mcp-limits", "net-mcp-limits.yaml", options);
  }
  INFO(o.process.err);
  REQUIRE(o.report.is_object());
  CHECK(o.process.exit_code == 1);
  const Json* flood = FindRun(o.report, "Endless event line", "worker");
  REQUIRE(flood);
  INFO(flood->dump().substr(0, 4000));
  CHECK(HasText(flood->dump(), "exceeded the 1 MiB limit (max_sse_line_bytes)"));
  const Json* json_flood = FindRun(o.report, "Endless JSON reply", "worker");
  REQUIRE(json_flood);
  INFO(json_flood->dump().substr(0, 4000));
  CHECK(HasText(json_flood->dump(), "exceeded the 1 MiB limit (max_response_bytes)"));
  const Json* echo = FindRun(o.report, "Echo after the flood", "worker");
  REQUIRE(echo);
  CHECK((*echo)["passed"] == true);
  CHECK(LeftoverProcesses().empty());
}

}  // namespace ab::faults
