// End to end: the real binary benches suites/bench (and the configs in data/) on the in-process mock LLM over
// loopback, writes the reports and the history, and the history/compare/tag/merge commands read them back.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <tuple>

#include "base/json.h"
#include "process.h"

namespace ab::e2e {
namespace {

const std::string kBin = AB_BINARY;
const std::string kSuite = std::string(AB_SOURCE_DIR) + "/suites/bench/";
const std::string kTests = kSuite + "tests.yaml";
const std::string kData = std::string(AB_SOURCE_DIR) + "/tests/bench_e2e/data/";

struct Bench {
  ProcessResult process;
  Json report;  ///< BASE.json, null when missing or not JSON
  std::string base;
};

/// `agent-bench bench TESTS --configs CONFIGS -o DIR/BASE --store DIR/history.db EXTRA...`.
Bench RunBench(const std::string& dir, const std::string& base, const std::string& configs,
               const std::vector<std::string>& extra = {}) {
  Bench b;
  b.base = dir + "/" + base;
  std::vector<std::string> argv = {kBin, "bench", kTests,    "--configs",        configs,
                                   "-o", b.base,  "--store", dir + "/history.db"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  b.process = RunProcess(argv, {}, 60);
  b.report = Json::parse(ReadFile(b.base + ".json"), nullptr, false);
  if (b.report.is_discarded()) b.report = nullptr;
  return b;
}

ProcessResult Cli(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {kBin};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv, {}, 60);
}

/// Runs per (config, variant, short test name) in a report.
std::map<std::tuple<std::string, std::string, std::string>, int> CountCells(const Json& report) {
  std::map<std::tuple<std::string, std::string, std::string>, int> cells;
  for (const Json& r : report["runs"]) {
    std::string test = r["test"];
    ++cells[{r["config"], r["variant"], test.substr(test.rfind('/') + 1)}];
  }
  return cells;
}

const Json* ConfigAggregate(const Json& report, const std::string& config) {
  for (const Json& a : report["configs"])
    if (a["config"] == config) return &a;
  return nullptr;
}

std::vector<std::string> RunIds(const Json& report) {
  std::vector<std::string> ids;
  for (const Json& r : report["runs"]) ids.push_back(r["run_id"]);
  return ids;
}

}  // namespace

TEST_CASE("bench runs every config, variant and repetition of the sample offline and writes every report") {
  std::string dir = MakeTempDir("bench-sample");
  Bench b = RunBench(dir, "sample", kSuite + "configs.yaml", {"--runs", "2", "-j", "4", "--report", "json,html,md"});
  INFO(b.process.err);
  CHECK(b.process.exit_code == 0);  // sloppy fails tests on purpose: failing runs are data, not an exit code
  CHECK(b.process.err.find("3 configs × 2 variants × 2 runs = 12 runs per test") != std::string::npos);
  CHECK(b.process.err.find("[12/12]") != std::string::npos);  // live progress, one line per planned run

  // Markdown on stdout, always.
  CHECK(b.process.out.rfind("# Bench: bench-sample", 0) == 0);
  CHECK(b.process.out.find("| accurate | 8 |") != std::string::npos);

  REQUIRE(b.report.is_object());
  CHECK(b.report["schema_version"] == 1);
  CHECK(b.report["kind"] == "agent-bench/bench");
  const Json& meta = b.report["bench"];
  CHECK(meta["configs"] == Json::array({"accurate", "slow", "sloppy"}));
  CHECK(meta["variants"] == Json::array({"cats", "dogs"}));
  CHECK(meta["repetitions"] == 2);
  for (const char* key : {"highlights", "overall", "configs", "config_variants", "tests", "warnings", "runs"})
    CHECK_MESSAGE(b.report.contains(key), key);

  // 3 configs × 2 variants × 2 repetitions × 2 tests, each cell exactly --runs times.
  REQUIRE(b.report["runs"].size() == 24);
  auto cells = CountCells(b.report);
  CHECK(cells.size() == 12);
  for (const auto& [cell, n] : cells) CHECK_MESSAGE(n == 2, std::get<0>(cell), " ", std::get<1>(cell));
  for (const Json& r : b.report["runs"]) {
    for (const char* key : {"run_id", "bench_id", "repetition", "status", "duration_ms", "prompt_tokens", "cost_usd",
                            "inputs", "provider_type", "model"})
      CHECK_MESSAGE(r.contains(key), key);
    CHECK(r["inputs"]["topic"] == r["variant"]);  // the variant's variables reached the run
    CHECK(r["provider_type"] == "MOCK");
  }

  // The configs' providers really replaced the agent's: the figures differ as the mock scripts do.
  const Json* accurate = ConfigAggregate(b.report, "accurate");
  const Json* slow = ConfigAggregate(b.report, "slow");
  const Json* sloppy = ConfigAggregate(b.report, "sloppy");
  REQUIRE(accurate);
  REQUIRE(slow);
  REQUIRE(sloppy);
  CHECK((*accurate)["runs"] == 8);
  CHECK((*accurate)["passed"] == 8);
  CHECK((*sloppy)["passed"] == 2);  // only "states a fact" about cats
  CHECK((*slow)["latency_ms"]["p50"].get<double>() >= 40.0);
  CHECK(b.report["highlights"]["most_reliable"] != "sloppy");
  for (const Json& r : b.report["runs"]) {
    if (r["config"] == "accurate") CHECK(r["model"] == "mock-accurate");  // the config's model override
    if (r["config"] == "sloppy") CHECK(r["model"] == "mock-sloppy");
  }

  std::string html = ReadFile(b.base + ".html");
  CHECK(html.find("<table") != std::string::npos);
  CHECK(html.find("sloppy") != std::string::npos);
  CHECK(ReadFile(b.base + ".md").rfind("# Bench: bench-sample", 0) == 0);
}

TEST_CASE("a config whose provider answers 500 is recorded as errors and the bench goes on") {
  std::string dir = MakeTempDir("bench-fault");
  Bench b = RunBench(dir, "fault", kData + "configs-fault.yaml");
  INFO(b.process.err);
  CHECK(b.process.exit_code == 0);
  REQUIRE(b.report.is_object());
  REQUIRE(b.report["runs"].size() == 8);  // 2 configs × 1 variant × 2 repetitions × 2 tests
  int good_passed = 0, broken_errors = 0;
  for (const Json& r : b.report["runs"]) {
    if (r["config"] == "good" && r["status"] == "passed") ++good_passed;
    if (r["config"] == "broken" && r["status"] == "error") {
      ++broken_errors;
      CHECK(r["error"].get<std::string>().find("500") != std::string::npos);
    }
  }
  CHECK(good_passed == 4);
  CHECK(broken_errors == 4);
  const Json* broken = ConfigAggregate(b.report, "broken");
  REQUIRE(broken);
  CHECK((*broken)["errored"] == 4);
  CHECK(ReadFile(b.base + ".html").find("<table") != std::string::npos);  // default reports: json and html
}

TEST_CASE("bad input exits 2 before anything runs, with the location and a did-you-mean") {
  std::string dir = MakeTempDir("bench-typo");
  Bench b = RunBench(dir, "typo", kData + "configs-typo.yaml");
  CHECK(b.process.exit_code == 2);
  CHECK(b.process.err.find("configs-typo.yaml:3:5: error: config 'typo': provider 'mokc'") != std::string::npos);
  CHECK(b.process.err.find("did you mean 'mock'?") != std::string::npos);
  CHECK(b.report.is_null());  // nothing ran, nothing written

  ProcessResult no_configs = Cli({"bench", kTests, "--store", dir + "/h.db"});
  CHECK(no_configs.exit_code == 2);
  CHECK(no_configs.err.find("--configs") != std::string::npos);
  ProcessResult bad_report = Cli({"bench", kTests, "--configs", kSuite + "configs.yaml", "--report", "htm"});
  CHECK(bad_report.exit_code == 2);
  CHECK(bad_report.err.find("did you mean 'html'?") != std::string::npos);
}

TEST_CASE("history lists stored benches newest first, compare flags a regression and passes identical benches") {
  std::string dir = MakeTempDir("bench-history");
  std::string store = dir + "/history.db";
  Bench first = RunBench(dir, "first", kData + "configs-steady.yaml", {"--bench-id", "steady-1"});
  Bench second = RunBench(dir, "second", kData + "configs-steady.yaml", {"--bench-id", "steady-2", "--tag", "good"});
  REQUIRE(first.process.exit_code == 0);
  REQUIRE(second.process.exit_code == 0);

  ProcessResult history = Cli({"history", "--store", store});
  INFO(history.err);
  CHECK(history.exit_code == 0);
  size_t at1 = history.out.find("steady-1"), at2 = history.out.find("steady-2");
  REQUIRE(at1 != std::string::npos);
  REQUIRE(at2 != std::string::npos);
  CHECK(at2 < at1);                                      // newest first
  CHECK(history.out.find("good") != std::string::npos);  // --tag was applied
  CHECK(Cli({"history", "--store", store, "--config", "no-such-config"}).out.find("steady") == std::string::npos);

  ProcessResult same = Cli({"compare", "steady-1", "steady-2", "--store", store});
  INFO(same.out);
  CHECK(same.exit_code == 0);
  CHECK(same.out.find("No regression.") != std::string::npos);

  Bench regressed = RunBench(dir, "regressed", kData + "configs-regressed.yaml", {"--bench-id", "regressed-1"});
  REQUIRE(regressed.process.exit_code == 0);  // every run failed, yet the bench ran
  CHECK(Cli({"tag", "steady-1", "baseline", "--store", store}).exit_code == 0);
  ProcessResult worse = Cli({"compare", "baseline", "latest", "--store", store});
  INFO(worse.out);
  CHECK(worse.exit_code == 1);
  CHECK(worse.out.find("REGRESSION (success)") != std::string::npos);
  CHECK(worse.out.find("| steady | 16/16 → 0/16 |") != std::string::npos);

  CHECK(Cli({"compare", "steady-1", "no-such-bench", "--store", store}).exit_code == 2);
  CHECK(Cli({"compare", "steady-1", "--store", store}).exit_code == 2);
}

TEST_CASE("two shards merged equal the unsharded bench and run ids depend only on the bench id") {
  std::string dir = MakeTempDir("bench-shards");
  std::string configs = kSuite + "configs.yaml";
  std::vector<std::string> common = {"--bench-id", "shard-bench", "--runs", "2", "--report", "json"};
  Bench whole = RunBench(dir, "whole", configs, common);
  Bench again = RunBench(dir, "again", configs, common);
  std::vector<std::string> s1 = common, s2 = common;
  s1.insert(s1.end(), {"--shard", "1/2"});
  s2.insert(s2.end(), {"--shard", "2/2"});
  Bench shard1 = RunBench(dir, "shard1", configs, s1);
  Bench shard2 = RunBench(dir, "shard2", configs, s2);
  INFO(shard1.process.err);
  REQUIRE(whole.report.is_object());
  REQUIRE(again.report.is_object());
  REQUIRE(shard1.report.is_object());
  REQUIRE(shard2.report.is_object());
  CHECK(shard1.process.err.find("shard 1/2 executes 6 runs") != std::string::npos);
  CHECK(shard1.process.err.find("not saved to the history") != std::string::npos);
  CHECK(shard1.report["runs"].size() + shard2.report["runs"].size() == whole.report["runs"].size());

  CHECK(RunIds(whole.report) == RunIds(again.report));  // same bench id, same ids, same order

  ProcessResult merge = Cli({"merge", shard1.base + ".json", shard2.base + ".json", "-o", dir + "/merged", "--report",
                             "json", "--store", dir + "/history.db"});
  INFO(merge.err);
  REQUIRE(merge.exit_code == 0);
  CHECK(merge.out.rfind("# Bench: bench-sample", 0) == 0);
  Json merged = Json::parse(ReadFile(dir + "/merged.json"), nullptr, false);
  REQUIRE(merged.is_object());
  CHECK(merged["runs"].size() == whole.report["runs"].size());
  CHECK(RunIds(merged) == RunIds(whole.report));  // back in matrix order
  for (const char* key : {"runs", "passed", "failed", "errored"})
    CHECK_MESSAGE(merged["overall"][key] == whole.report["overall"][key], key);
  CHECK(CountCells(merged) == CountCells(whole.report));

  // The merge is one history entry, under the shared bench id.
  ProcessResult history = Cli({"history", "--store", dir + "/history.db"});
  CHECK(history.out.find("shard-bench") != std::string::npos);
  // The same shard twice is refused.
  CHECK(Cli({"merge", shard1.base + ".json", shard1.base + ".json", "-o", dir + "/dup", "--store", dir + "/history.db"})
            .exit_code == 2);
}

}  // namespace ab::e2e
