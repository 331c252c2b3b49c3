// End to end: every plain `agent-bench -f` run lands in the history (default .agent-bench/history.db in the
// working directory, or --store), redacted, with the test file's content hash; `agent-bench history` lists the
// runs and the flip rate of each test; --no-history and an unwritable history never fail a run; `serve` lists
// the saved run. The real binary, the in-process mock LLM, the sample MCP server.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "base/json.h"
#include "process.h"
#include "serve_process.h"
#include "store/pg_test_server.h"

namespace ab::e2e::history_cli {
namespace {

const std::string kBin = AB_BINARY;
#ifdef AB_SAMPLE_SERVER
const std::string kSample = AB_SAMPLE_SERVER;
#else
const std::string kSample = std::string(AB_BINARY_DIR) + "/sample-mcp-server";
#endif
constexpr const char* kKey = "sk-history-secret-5d2e71";

void Write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

/// A test file whose one test passes when |expected| is in the mock's answer ("sunny" passes, "rainy" fails).
void WriteTests(const std::string& dir, const std::string& expected) {
  const std::string key = kKey;
  Write(dir + "/script.yaml",
        "rules:\n"
        "  - match: \"weather\"\n"
        "    replies:\n"
        "      - tool_calls: [{name: get_weather, arguments: {city: Paris}}]\n"
        "      - text: \"Paris is sunny today\"\n");
  Write(dir + "/tests.yaml",
        "providers:\n"
        "  - {name: mock, type: MOCK, mock_script: script.yaml, token: " + key + "}\n"
        "servers:\n"
        "  - {name: sample, type: stdio, command: \"" + kSample + "\"}\n"
        "agents:\n"
        "  - {name: assistant, provider: mock, servers: [{name: sample}]}\n"
        "sessions:\n"
        "  - name: Weather\n"
        "    tests:\n"
        "      - name: Reports the weather\n"
        "        prompt: \"What is the weather in Paris? My key is " + key + "\"\n"
        "        assertions:\n"
        "          - {type: tool_called, tool: get_weather}\n"
        "          - {type: output_contains, value: " + expected + "}\n");
}

/// The id in "agent-bench: saved run ID to the history", or "".
std::string SavedId(const std::string& err) {
  const std::string marker = "saved run ";
  size_t at = err.find(marker);
  if (at == std::string::npos) return "";
  size_t from = at + marker.size();
  return err.substr(from, err.find(' ', from) - from);
}

/// A loopback port nothing listens on: bound to port 0, then closed.
int ClosedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

std::string FileText(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec) ? ReadFile(path) : "";
}

}  // namespace

TEST_CASE("every plain run is saved to the default history, and history shows the runs and the flip rate") {
  std::string dir = MakeTempDir("history-cli-runs");
  WriteTests(dir, "sunny");
  // No --store: the history is .agent-bench/history.db in the working directory, as for bench.
  auto run_in_dir = [&](const std::vector<std::string>& extra) {
    std::string cmd = "cd '" + dir + "' && exec '" + kBin + "' -f tests.yaml -o out/report --no-progress";
    for (const std::string& e : extra) cmd += " " + e;
    return RunProcess({"/bin/sh", "-c", cmd}, {}, 120);
  };
  ProcessResult first = run_in_dir({});
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  std::string first_id = SavedId(first.err);
  REQUIRE_FALSE(first_id.empty());
  const std::string db = dir + "/.agent-bench/history.db";
  REQUIRE(std::filesystem::exists(db));

  // The test file changes (it now expects rain): the verdict flips, and the history sees the file changed.
  WriteTests(dir, "rainy");
  ProcessResult second = run_in_dir({});
  INFO(second.err);
  REQUIRE(second.exit_code == 1);
  std::string second_id = SavedId(second.err);
  REQUIRE_FALSE(second_id.empty());
  CHECK(second_id != first_id);

  // --no-history runs and saves nothing.
  ProcessResult skipped = run_in_dir({"--no-history"});
  CHECK(skipped.exit_code == 1);
  CHECK(SavedId(skipped.err).empty());

  // The key was in the prompt and is a provider token: no byte of it reaches the history files.
  for (const char* suffix : {"", "-wal"}) CHECK(FileText(db + suffix).find(kKey) == std::string::npos);

  ProcessResult history = RunProcess({kBin, "history", "--store", db}, {}, 60);
  INFO(history.out);
  INFO(history.err);
  REQUIRE(history.exit_code == 0);
  CHECK(history.out.find(first_id) != std::string::npos);
  CHECK(history.out.find(second_id) != std::string::npos);
  CHECK(history.out.find(second_id) < history.out.find(first_id));  // newest first
  CHECK(history.out.find("tests.yaml/Weather/Reports the weather | assistant | 2 | 1 | 100% | regression | 1 | PF |") !=
        std::string::npos);

  ProcessResult one = RunProcess({kBin, "history", "--store", db, "--test", "Reports the weather"}, {}, 60);
  INFO(one.out);
  REQUIRE(one.exit_code == 0);
  CHECK(one.out.find("passed  " + first_id + "~0") != std::string::npos);
  CHECK(one.out.find("failed  " + second_id + "~0") != std::string::npos);
  CHECK(one.out.find("(test file changed)") != std::string::npos);
  CHECK(one.out.find("output_contains") != std::string::npos);  // why it failed

  // serve lists the saved runs with the benches, and its grid shows the verdict, answer and tool chain.
  ServeProcess serve(dir, {"--store", db, "--port", "0"});
  int port = serve.WaitPort();
  REQUIRE_MESSAGE(port > 0, serve.Err());
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(std::chrono::seconds(60));
  client.set_bearer_token_auth(serve.PrintedToken());
  auto list = client.Get("/api/v1/benches?kind=run");
  REQUIRE(list);
  REQUIRE(list->status == 200);
  Json benches = Json::parse(list->body, nullptr, false);
  REQUIRE(benches["benches"].size() == 2);
  CHECK(benches["benches"][0]["id"] == second_id);
  CHECK(benches["benches"][0]["kind"] == "run");
  auto grid = client.Get(("/api/v1/benches/" + first_id + "/grid").c_str());
  REQUIRE(grid);
  REQUIRE(grid->status == 200);
  Json g = Json::parse(grid->body, nullptr, false);
  REQUIRE(g["rows"].size() == 1);
  const Json& cell = g["rows"][0]["cells"][0];
  CHECK(cell["status"] == "passed");
  CHECK(cell["final_answer"] == "Paris is sunny today");
  CHECK(cell["tool_chain"] == "get_weather ok");
}

TEST_CASE("a history that cannot be written is a warning, never a failed run") {
  std::string dir = MakeTempDir("history-cli-unwritable");
  WriteTests(dir, "sunny");
  // The history's folder would have to be made under a regular file: impossible, even for root.
  Write(dir + "/not-a-folder", "x");
  ProcessResult run = RunProcess({kBin, "-f", dir + "/tests.yaml", "-o", dir + "/out/report", "--no-progress",
                                  "--store", dir + "/not-a-folder/history.db"},
                                 {}, 120);
  INFO(run.err);
  CHECK(run.exit_code == 0);
  CHECK(run.err.find("agent-bench: warning: the run was not saved") != std::string::npos);
  CHECK(run.err.find("not-a-folder") != std::string::npos);
  CHECK(std::filesystem::exists(dir + "/out/report.html"));

  // A PostgreSQL history that does not answer (a port nothing listens on): a warning without the password.
  int closed = ClosedPort();
  REQUIRE(closed > 0);
  ProcessResult down = RunProcess({kBin, "-f", dir + "/tests.yaml", "-o", dir + "/out/report", "--no-progress",
                                   "--store", "postgresql://ab:pg-sekrit-31@127.0.0.1:" + std::to_string(closed) + "/h"},
                                  {}, 120);
  INFO(down.err);
  CHECK(down.exit_code == 0);
  CHECK(down.err.find("agent-bench: warning: the run was not saved: cannot connect to the PostgreSQL history") !=
        std::string::npos);
  CHECK(down.err.find("pg-sekrit-31") == std::string::npos);
}

TEST_CASE("plain runs go to a shared PostgreSQL history with --store URL, as benches do") {
  std::string dir = MakeTempDir("history-cli-pg");
  const std::string url = ab::testing::FreshPgSchemaUrl("history_cli");
  WriteTests(dir, "sunny");
  auto run = [&] {
    return RunProcess({kBin, "-f", dir + "/tests.yaml", "-o", dir + "/out/report", "--no-progress", "--store", url},
                      {}, 120);
  };
  ProcessResult first = run();
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  WriteTests(dir, "rainy");
  ProcessResult second = run();
  INFO(second.err);
  REQUIRE(second.exit_code == 1);
  std::string a = SavedId(first.err), b = SavedId(second.err);
  REQUIRE_FALSE(a.empty());
  REQUIRE_FALSE(b.empty());
  ProcessResult history = RunProcess({kBin, "history", "--store", url, "--test", "Reports the weather"}, {}, 60);
  INFO(history.out);
  INFO(history.err);
  REQUIRE(history.exit_code == 0);
  CHECK(history.out.find("passed  " + a + "~0") != std::string::npos);
  CHECK(history.out.find("failed  " + b + "~0") != std::string::npos);
  CHECK(history.out.find("| 2 | 1 | 100% | regression | 1 | PF |") != std::string::npos);
  CHECK(history.out.find(kKey) == std::string::npos);
}

}  // namespace ab::e2e::history_cli
