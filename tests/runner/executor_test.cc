// The scheduler in process: several agents' sessions run on a pool of workers against the in-process mock LLM
// (over loopback HTTP) and the real sample MCP server (stdio). The ThreadSanitizer build runs these, so a data race
// between workers, the progress sink, the journal, the HTTP pool or the MCP transport fails CI.
#include "runner/executor.h"

#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "runner/load.h"
#include "runner/progress.h"

namespace ab::runner {
namespace {

constexpr int kAgents = 3, kSessions = 4, kTestsPerSession = 3;

std::string TempDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("ab-executor-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

void Write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

/// |kAgents| agents × |kSessions| sessions × |kTestsPerSession| tests; each test calls the sample server's echo
/// tool once, then answers. |latency_ms| slows every model reply.
std::string WriteSuite(const std::string& dir, int latency_ms) {
  const std::string latency = std::to_string(latency_ms);
  Write(dir + "/script.yaml",
        "default_tool_mode: false\nrules:\n  - match: \"run\"\n    replies:\n"
        "      - {tool_calls: [{name: echo, arguments: {message: hi}}], latency_ms: " +
            latency + "}\n      - {text: done, latency_ms: " + latency + "}\n");
  std::string yaml =
      "providers:\n  - {name: mock, type: MOCK, mock_script: script.yaml}\nservers:\n"
      "  - {name: sample, type: stdio, command: \"" +
      std::string(AB_BINARY_DIR) + "/sample-mcp-server\"}\nagents:\n";
  for (int a = 0; a < kAgents; ++a) {
    yaml += "  - {name: agent" + std::to_string(a) + ", provider: mock, servers: [{name: sample}]}\n";
  }
  yaml += "settings: {max_iterations: 4, max_concurrent: 4}\nsessions:\n";
  for (int s = 0; s < kSessions; ++s) {
    yaml += "  - name: s" + std::to_string(s) + "\n    tests:\n";
    for (int t = 0; t < kTestsPerSession; ++t) {
      yaml += "      - {name: t" + std::to_string(t) +
              ", prompt: \"run it\", assertions: "
              "[{type: tool_called, tool: echo}, {type: output_contains, value: done}]}\n";
    }
  }
  Write(dir + "/tests.yaml", yaml);
  return dir + "/tests.yaml";
}

/// Counts what the workers report, from many threads at once.
class CountingProgress : public ProgressSink {
 public:
  void Start(int total) override { total_ = total; }
  void TestStarted(const std::string&, const std::string&, const std::string&) override { ++started_; }
  void TestFinished(const report::TestRun& run) override {
    std::lock_guard<std::mutex> lock(mu_);
    finished_.insert(run.agent + "/" + run.Key());
  }
  void Note(const std::string&) override {}
  void Finish() override { finished_called_ = true; }

  int total_ = 0;
  std::atomic<int> started_{0};
  bool finished_called_ = false;
  std::mutex mu_;
  std::set<std::string> finished_;
};

TEST_CASE("executor: parallel sessions of several agents all finish, and results come back in declaration order") {
  const std::string dir = TempDir("parallel");
  LoadedUnits loaded = LoadUnits({WriteSuite(dir, 0)}, {});
  REQUIRE(loaded.units.size() == 1);
  RunOptions options;
  options.jobs = 4;
  options.journal_path = dir + "/report.jsonl";
  CountingProgress progress;
  std::atomic<bool> cancel{false};
  report::Run run = Execute(loaded.units, options, progress, cancel);

  const int expected = kAgents * kSessions * kTestsPerSession;
  REQUIRE(run.runs.size() == static_cast<size_t>(expected));
  CHECK_FALSE(run.incomplete);
  CHECK(progress.total_ == expected);
  CHECK(progress.started_ == expected);
  CHECK(progress.finished_.size() == static_cast<size_t>(expected));
  CHECK(progress.finished_called_);
  for (size_t i = 0; i < run.runs.size(); ++i) {
    const report::TestRun& r = run.runs[i];
    CAPTURE(r.Key());
    CAPTURE(r.agent);
    CHECK(r.passed);
    CHECK(r.transcript.tool_calls.size() == 1);
    if (i > 0) {  // declaration order: session, then test, then agent
      const report::TestRun& p = run.runs[i - 1];
      CHECK(std::tie(p.session_index, p.test_index, p.agent_index) <
            std::tie(r.session_index, r.test_index, r.agent_index));
    }
  }
  // Every finished test was journaled as one whole line.
  std::ifstream journal(options.journal_path);
  std::string line;
  int lines = 0;
  while (std::getline(journal, line)) lines += Json::parse(line, nullptr, false).is_object() ? 1 : 0;
  CHECK(lines == expected);
  std::filesystem::remove_all(dir);
}

TEST_CASE("executor: cancelling mid-run stops new work and returns the finished results, marked incomplete") {
  const std::string dir = TempDir("cancel");
  LoadedUnits loaded = LoadUnits({WriteSuite(dir, 300)}, {});
  REQUIRE(loaded.units.size() == 1);
  RunOptions options;
  options.jobs = 2;
  CountingProgress progress;
  std::atomic<bool> cancel{false};
  std::thread ctrl_c([&] {
    // Cancel once a few tests have finished, while others are waiting on the model.
    for (int i = 0; i < 600; ++i) {
      {
        std::lock_guard<std::mutex> lock(progress.mu_);
        if (progress.finished_.size() >= 2) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    cancel = true;
  });
  report::Run run = Execute(loaded.units, options, progress, cancel);
  ctrl_c.join();
  CHECK(run.incomplete);
  CHECK(run.runs.size() >= 2);
  CHECK(run.runs.size() < static_cast<size_t>(kAgents * kSessions * kTestsPerSession));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ab::runner
