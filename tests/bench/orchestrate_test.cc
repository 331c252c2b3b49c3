// Running a bench through the library API on the in-process mock LLM: matrix order, records per test, checks
// with variants applied, broken cells as errors, cancellation.
#include "bench/orchestrate.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

namespace ab::bench {
namespace {

/// A fresh directory holding |files| (name → content).
std::string WriteFiles(const std::string& name, const std::vector<std::pair<std::string, std::string>>& files) {
  std::filesystem::path dir = std::filesystem::path(AB_BINARY_DIR) / "tmp-bench-tests" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const auto& [file, text] : files) std::ofstream(dir / file) << text;
  return dir.string();
}

const char* kTests = R"(
providers:
  - name: mock
    type: MOCK
    mock_script: script.yaml
agents:
  - name: agent
    provider: mock
sessions:
  - name: S
    tests:
      - name: echo
        prompt: "say {{word}}"
        assertions:
          - type: output_contains
            value: "{{word}}"
)";

const char* kScript = R"(
rules:
  - match: "say"
    reply: "You said: {{user}}"
)";

const char* kConfigs = R"(
configs:
  - name: one
    provider: mock
  - name: two
    provider: {type: MOCK, mock_script: broken.yaml}
variants:
  - name: hello
    variables: {word: hello}
  - name: bye
    variables: {word: bye}
runs: 2
max_concurrent_runs: 3
)";

const char* kBroken = "rules:\n  - match: say\n    replies:\n      - {text: x, fault: 500}\n";

}  // namespace

TEST_CASE("orchestrate: every planned run executes, in matrix order, with its config and variant") {
  std::string dir = WriteFiles(
      "orchestrate-run",
      {{"tests.yaml", kTests}, {"script.yaml", kScript}, {"broken.yaml", kBroken}, {"configs.yaml", kConfigs}});
  BenchRunOptions o;
  o.file = dir + "/tests.yaml";
  o.configs_path = dir + "/configs.yaml";
  o.bench_id = "b-1";
  Diagnostics diags;
  int progress_calls = 0;
  std::atomic<bool> cancel{false};
  Result<BenchResult> r = Run(
      o, &diags,
      [&](const RunProgress& p) {
        ++progress_calls;
        CHECK(p.total == 8);
      },
      cancel);
  REQUIRE(r);
  CHECK(progress_calls == 8);
  REQUIRE(r->runs.size() == 8);  // 2 configs × 2 variants × 2 repetitions × 1 test
  std::vector<PlannedRun> plan = PlanRuns(*LoadBenchSpec(o.configs_path), "b-1", 0, std::nullopt);
  for (size_t i = 0; i < plan.size(); ++i) {
    CHECK(r->runs[i].run_id == plan[i].run_id);
    CHECK(r->runs[i].config == plan[i].config);
    CHECK(r->runs[i].variant == plan[i].variant);
    CHECK(r->runs[i].inputs["word"] == plan[i].variant);
    CHECK(r->runs[i].status == (plan[i].config == "one" ? RunStatus::kPassed : RunStatus::kError));
  }
  CHECK(r->summary.meta.id == "b-1");
  CHECK(r->summary.meta.name == "tests");
  CHECK(r->summary.overall.passed == 4);
  CHECK(r->summary.overall.errored == 4);
  CHECK_FALSE(r->incomplete);
}

TEST_CASE("orchestrate: names are checked with variants applied, so a variable only variants define is fine") {
  std::string configs =
      "configs:\n  - name: one\n    provider: mock\nvariants:\n  - name: v\n    variables: {word: hi}\n";
  std::string dir = WriteFiles("orchestrate-names", {{"tests.yaml", kTests},
                                                     {"script.yaml", kScript},
                                                     {"configs.yaml", configs},
                                                     {"novars.yaml", "configs:\n  - name: one\n    provider: mock\n"}});
  BenchRunOptions o;
  o.file = dir + "/tests.yaml";
  o.configs_path = dir + "/configs.yaml";
  Diagnostics ok_diags;
  Result<PreparedBench> ok = PrepareBench(o, &ok_diags);
  REQUIRE(ok);
  CHECK(ok->plan.size() == 1);
  CHECK(ok->tests_per_run == 1);
  CHECK(ok->meta.id.size() == 22);  // a new YYYYMMDD-HHMMSS-xxxxxx id

  o.configs_path = dir + "/novars.yaml";
  Diagnostics diags;
  Result<PreparedBench> bad = PrepareBench(o, &diags);
  REQUIRE_FALSE(bad);
  bool mentions_word = false;
  for (const auto& d : diags) mentions_word = mentions_word || d.message.find("word") != std::string::npos;
  CHECK(mentions_word);
}

TEST_CASE("orchestrate: --runs, -j and a shard shape the plan") {
  std::string dir = WriteFiles(
      "orchestrate-plan",
      {{"tests.yaml", kTests}, {"script.yaml", kScript}, {"broken.yaml", kBroken}, {"configs.yaml", kConfigs}});
  BenchRunOptions o;
  o.file = dir + "/tests.yaml";
  o.configs_path = dir + "/configs.yaml";
  o.runs = 5;
  o.jobs = 64;
  o.shard = Shard{2, 3};
  Result<PreparedBench> b = PrepareBench(o, nullptr);
  REQUIRE(b);
  CHECK(b->matrix_size == 20);
  CHECK(b->repetitions == 5);
  CHECK(b->plan.size() == 7);  // ordinals 1, 4, ..., 19
  CHECK(b->concurrency == 7);  // never more threads than runs
  CHECK(b->meta.repetitions == 5);
}

TEST_CASE("orchestrate: a cancelled bench stops before running and says it is incomplete") {
  std::string dir = WriteFiles(
      "orchestrate-cancel",
      {{"tests.yaml", kTests}, {"script.yaml", kScript}, {"broken.yaml", kBroken}, {"configs.yaml", kConfigs}});
  BenchRunOptions o;
  o.file = dir + "/tests.yaml";
  o.configs_path = dir + "/configs.yaml";
  Result<PreparedBench> b = PrepareBench(o, nullptr);
  REQUIRE(b);
  std::atomic<bool> cancel{true};
  BenchResult r = RunBench(*b, {}, cancel);
  CHECK(r.incomplete);
  CHECK(r.runs.empty());
  REQUIRE_FALSE(r.summary.warnings.empty());
  CHECK(r.summary.warnings.back().find("0 of 8 planned runs finished") != std::string::npos);
}

TEST_CASE("orchestrate: a missing file or configs file is a config error") {
  BenchRunOptions o;
  o.file = "/no/such/tests.yaml";
  o.configs_path = "/no/such/configs.yaml";
  Diagnostics diags;
  Result<PreparedBench> b = PrepareBench(o, &diags);
  REQUIRE_FALSE(b);
  CHECK(b.error().code == ErrorCode::kConfig);
  CHECK(HasErrors(diags));
}

}  // namespace ab::bench
