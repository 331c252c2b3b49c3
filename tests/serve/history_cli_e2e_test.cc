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

#include <filesystem>
#include <tuple>

#include "base/json.h"
#include "process.h"
#include "serve_harness.h"
#include "store/calibration_store.h"
#include "store/pg_test_server.h"

namespace ab::e2e::history_cli {
namespace {

constexpr const char* kKey = "sk-history-secret-5d2e71";

/// A test file whose one test passes when |expected| is in the mock's answer ("sunny" passes, "rainy" fails); the
/// key is the provider's token and in the prompt.
void WriteTests(const std::string& dir, const std::string& expected) {
  WriteWeatherTest(dir, {.key = kKey, .expected = expected, .key_in_provider = true});
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
  CHECK(history.out.find(
            "tests.yaml/Weather/Reports the weather | assistant | 2 | 0 | 1 | 100% | regression | 1 | PF |") !=
        std::string::npos);
  // Only plain runs, no bench: the runs are the history, not "no benches".
  CHECK(history.out.find("No benches") == std::string::npos);
  CHECK(history.out.find("Nothing in") == std::string::npos);
  CHECK(history.out.find("Runs (newest first)") != std::string::npos);
  ProcessResult empty = RunProcess({kBin, "history", "--store", dir + "/empty/history.db"}, {}, 60);
  CHECK(empty.exit_code == 0);
  CHECK(empty.out.find("Nothing in") != std::string::npos);
  ProcessResult judges = RunProcess({kBin, "history", "--calibrations", "--store", db}, {}, 60);
  CHECK(judges.exit_code == 0);
  CHECK(judges.out.find("No judge calibrations in") != std::string::npos);

  ProcessResult one = RunProcess({kBin, "history", "--store", db, "--test", "Reports the weather"}, {}, 60);
  INFO(one.out);
  REQUIRE(one.exit_code == 0);
  CHECK(one.out.find("passed  " + first_id + "~0") != std::string::npos);
  CHECK(one.out.find("failed  " + second_id + "~0") != std::string::npos);
  CHECK(one.out.find("(test file changed)") != std::string::npos);
  CHECK(one.out.find("output_contains") != std::string::npos);  // why it failed

  // serve lists the saved runs with the benches, and its grid shows the verdict, answer and tool chain.
  ServeProcess serve(dir, {"--store", db, "--port", "0"});
  httplib::Client client = serve.SignedInClient();
  Json benches = GetJson(client, "/api/v1/benches?kind=run");
  REQUIRE(benches["benches"].size() == 2);
  CHECK(benches["benches"][0]["id"] == second_id);
  CHECK(benches["benches"][0]["kind"] == "run");
  Json g = GetJson(client, "/api/v1/benches/" + first_id + "/grid");
  REQUIRE(g["rows"].size() == 1);
  const Json& cell = g["rows"][0]["cells"][0];
  CHECK(cell["status"] == "passed");
  CHECK(cell["final_answer"] == "Paris is sunny today");
  CHECK(cell["tool_chain"] == "get_weather ok");
}

TEST_CASE("history --calibrations lists each judge's kappa over time") {
  std::string dir = MakeTempDir("history-cli-calibrations");
  const std::string db = dir + "/history.db";
  for (auto [id, t, kappa] :
       {std::tuple{"cal-old", int64_t{1767225600000}, 0.81}, std::tuple{"cal-new", int64_t{1769904000000}, 0.42}}) {
    store::CalibrationRow c;
    c.id = id;
    c.name = "gold-set";
    c.created_ms = t;
    c.items = 30;
    c.repetitions = 3;
    c.judges.push_back({id, "MOCK/strict/v2", "strict", kappa, kappa - 0.2, kappa + 0.1, 0.85, 0.1, t});
    c.judges.push_back({id, "MOCK/lenient/v1", "lenient", 0.3, 0.1, 0.5, 0.6, -0.2, t});
    REQUIRE(store::SaveCalibration(db, c).ok());
  }
  ProcessResult all = RunProcess({kBin, "history", "--calibrations", "--store", db}, {}, 60);
  INFO(all.out);
  INFO(all.err);
  REQUIRE(all.exit_code == 0);
  size_t strict = all.out.find("MOCK/strict/v2");
  REQUIRE(strict != std::string::npos);
  CHECK(all.out.find("MOCK/lenient/v1") < strict);  // judge keys in order
  size_t old_row = all.out.find("cal-old · gold-set", strict), new_row = all.out.find("cal-new · gold-set", strict);
  REQUIRE(old_row != std::string::npos);
  CHECK(old_row < new_row);  // oldest first
  CHECK(all.out.find("| 0.810 | [0.610, 0.910] | 85% | +10.0 points | 30 × 3 |", strict) != std::string::npos);
  CHECK(all.out.find("kappa 0.810 → 0.420 (-0.390) over 2 calibrations") != std::string::npos);
  ProcessResult one = RunProcess({kBin, "history", "--calibrations", "--judge", "lenient", "--store", db}, {}, 60);
  CHECK(one.exit_code == 0);
  CHECK(one.out.find("MOCK/lenient/v1") != std::string::npos);
  CHECK(one.out.find("MOCK/strict/v2") == std::string::npos);
}

TEST_CASE("a bench whose config names a misspelled mock script fails before it starts, exit 2") {
  std::string dir = MakeTempDir("bench-misspelled-script");
  for (const auto& f : std::filesystem::directory_iterator(std::string(AB_SOURCE_DIR) + "/suites/bench"))
    std::filesystem::copy_file(f.path(), dir + "/" + f.path().filename().string(),
                               std::filesystem::copy_options::overwrite_existing);
  WriteText(dir + "/typo.yaml",
            "configs:\n"
            "  - name: sloppy\n"
            "    provider: {type: MOCK, mock_script: mock-slopy.yaml}\n"
            "runs: 1\n");
  ProcessResult r = RunProcess(
      {"/bin/sh", "-c",
       "cd '" + dir + "' && exec '" + kBin + "' bench tests.yaml --configs typo.yaml --store history.db -o out/b"},
      {}, 120);
  INFO(r.out);
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("mock-slopy.yaml") != std::string::npos);
  CHECK(r.err.find("mock-sloppy.yaml") != std::string::npos);  // the did-you-mean
  CHECK_FALSE(std::filesystem::exists(dir + "/out/b.json"));   // nothing ran
}

TEST_CASE("a history that cannot be written is a warning, never a failed run") {
  std::string dir = MakeTempDir("history-cli-unwritable");
  WriteTests(dir, "sunny");
  // The history's folder would have to be made under a regular file: impossible, even for root.
  WriteText(dir + "/not-a-folder", "x");
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
  ProcessResult down =
      RunProcess({kBin, "-f", dir + "/tests.yaml", "-o", dir + "/out/report", "--no-progress", "--store",
                  "postgresql://ab:pg-sekrit-31@127.0.0.1:" + std::to_string(closed) + "/h"},
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
    return RunProcess({kBin, "-f", dir + "/tests.yaml", "-o", dir + "/out/report", "--no-progress", "--store", url}, {},
                      120);
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
  CHECK(history.out.find("| 2 | 0 | 1 | 100% | regression | 1 | PF |") != std::string::npos);
  CHECK(history.out.find(kKey) == std::string::npos);
}

}  // namespace ab::e2e::history_cli
