// End to end: the real binary benches suites/bench (and the configs in data/) on the in-process mock LLM over
// loopback, writes the reports and the history, and the history/compare/tag/merge commands read them back, with
// the history in SQLite and in PostgreSQL (the throwaway server of the `postgres` CTest fixture).
#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include "base/json.h"
#include "bench/otlp_receiver.h"
#include "process.h"
#include "store/pg_test_server.h"

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

/// `agent-bench bench TESTS --configs CONFIGS -o DIR/BASE --store STORE EXTRA...`; STORE defaults to
/// DIR/history.db.
Bench RunBench(const std::string& dir, const std::string& base, const std::string& configs,
               const std::vector<std::string>& extra = {}, const std::string& store = "",
               const std::string& tests = kTests) {
  Bench b;
  b.base = dir + "/" + base;
  std::vector<std::string> argv = {
      kBin, "bench", tests, "--configs", configs, "-o", b.base, "--store", store.empty() ? dir + "/history.db" : store};
  argv.insert(argv.end(), extra.begin(), extra.end());
  b.process = RunProcess(argv, {}, 60);
  b.report = Json::parse(ReadFile(b.base + ".json"), nullptr, false);
  if (b.report.is_discarded()) b.report = nullptr;
  return b;
}

void WriteFile(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

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
  CHECK(b.process.out.find("| accurate | 1 (tied) | 8 |") != std::string::npos);  // tied with slow: both 8/8

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
  for (const auto& entry : cells) {  // not a structured binding: clang 14 cannot capture one in doctest's lambda
    CHECK_MESSAGE(entry.second == 2, std::get<0>(entry.first), " ", std::get<1>(entry.first));
  }
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

TEST_CASE("an inline provider's mistakes exit 2 with the configs file's line and column") {
  std::string dir = MakeTempDir("bench-inline-typo");
  // A misspelled key is found when the configs file loads; a value the provider parser refuses, when the config is
  // applied: both name the configs file and the position of the key or value.
  WriteFile(dir + "/typo.yaml", "configs:\n  - name: inline\n    provider: {type: MOCK, modle: m}\n");
  Bench typo = RunBench(dir, "typo", dir + "/typo.yaml");
  CHECK(typo.process.exit_code == 2);
  CHECK(typo.process.err.find("typo.yaml:3:28: error: unknown key 'modle' in inline provider of config 'inline', "
                              "did you mean 'model'?") != std::string::npos);
  WriteFile(dir + "/range.yaml", "configs:\n  - name: inline\n    provider: {type: MOCK, max_tokens: 0x0}\n");
  Bench range = RunBench(dir, "range", dir + "/range.yaml");
  CHECK(range.process.exit_code == 2);
  CHECK(range.process.err.find("range.yaml:3:40:") != std::string::npos);
  CHECK(range.process.err.find("'max_tokens' must be between 1 and 10000000") != std::string::npos);
  CHECK(range.report.is_null());
}

enum class Backend { kSqlite, kPostgres };

/// A fresh history for one test: DIR/history.db, or a fresh schema of the PostgreSQL test server.
std::string FreshStore(Backend backend, const std::string& dir, const std::string& name) {
  return backend == Backend::kSqlite ? dir + "/history.db" : testing::FreshPgSchemaUrl(name);
}

// Timing cannot make this test flaky: the regression it must flag is in the success rate (16/16 to 0/16) or a
// 0 ms to 1500 ms latency jump, and the identical benches it must pass answer after 1500 ms, where machine load
// (tens of ms) stays far below the 20% a latency regression needs.
void HistoryAndCompare(Backend backend) {
  std::string dir = MakeTempDir(backend == Backend::kSqlite ? "bench-history" : "bench-history-pg");
  std::string store = FreshStore(backend, dir, "e2e_history");
  Bench first = RunBench(dir, "first", kData + "configs-steady.yaml", {"--bench-id", "steady-1"}, store);
  Bench second =
      RunBench(dir, "second", kData + "configs-steady.yaml", {"--bench-id", "steady-2", "--tag", "good"}, store);
  INFO(first.process.err);
  REQUIRE(first.process.exit_code == 0);
  REQUIRE(second.process.exit_code == 0);
  if (backend == Backend::kPostgres) {
    // The URL's password never reaches the output; the redacted URL says where the bench went.
    CHECK(first.process.err.find("saved bench steady-1 to postgres") != std::string::npos);
    size_t colon = store.find(':', std::string("postgresql://").size()), at = store.rfind('@');
    if (colon != std::string::npos && at != std::string::npos && colon < at) {  // the fixture's URL has one
      std::string password = store.substr(colon + 1, at - colon - 1);
      CHECK(first.process.err.find(password) == std::string::npos);
      CHECK(first.process.out.find(password) == std::string::npos);
      CHECK(first.process.err.find(":***@") != std::string::npos);
    }
  }

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

  Bench regressed = RunBench(dir, "regressed", kData + "configs-regressed.yaml", {"--bench-id", "regressed-1"}, store);
  REQUIRE(regressed.process.exit_code == 0);  // every run failed, yet the bench ran
  CHECK(Cli({"tag", "steady-1", "baseline", "--store", store}).exit_code == 0);
  ProcessResult worse = Cli({"compare", "baseline", "latest", "--store", store});
  INFO(worse.out);
  CHECK(worse.exit_code == 1);
  CHECK(worse.out.find("REGRESSION: success rate") != std::string::npos);
  CHECK(worse.out.find("REGRESSION: p50 latency") == std::string::npos);
  CHECK(worse.out.find("| steady | 16/16 → 0/16 |") != std::string::npos);

  // Same answers, 1500 ms slower each: a latency regression only.
  Bench fast = RunBench(dir, "fast", kData + "configs-fast.yaml", {"--bench-id", "fast-1"}, store);
  REQUIRE(fast.process.exit_code == 0);
  ProcessResult slower = Cli({"compare", "fast-1", "steady-2", "--store", store});
  INFO(slower.out);
  CHECK(slower.exit_code == 1);
  CHECK(slower.out.find("REGRESSION: p50 latency") != std::string::npos);
  CHECK(slower.out.find("REGRESSION: success rate") == std::string::npos);
  CHECK(Cli({"compare", "steady-2", "fast-1", "--store", store}).exit_code == 0);  // faster is no regression

  CHECK(Cli({"compare", "steady-1", "no-such-bench", "--store", store}).exit_code == 2);
  CHECK(Cli({"compare", "steady-1", "--store", store}).exit_code == 2);
}

TEST_CASE("compare lists configs on one side only as added or removed and refuses different suites") {
  std::string dir = MakeTempDir("bench-compare-sides");
  std::string store = dir + "/history.db";
  Bench mixed = RunBench(dir, "mixed", kSuite + "configs.yaml", {"--runs", "1", "--bench-id", "mixed-1"}, store);
  Bench fast = RunBench(dir, "fast", kData + "configs-fast.yaml", {"--runs", "1", "--bench-id", "fast-1"}, store);
  Bench other = RunBench(dir, "other", kData + "configs-fast.yaml", {"--runs", "1", "--bench-id", "other-1"}, store,
                         kData + "other-suite.yaml");
  INFO(other.process.err);
  REQUIRE(mixed.process.exit_code == 0);
  REQUIRE(fast.process.exit_code == 0);
  REQUIRE(other.process.exit_code == 0);

  ProcessResult sides = Cli({"compare", "mixed-1", "fast-1", "--store", store});
  INFO(sides.out);
  CHECK(sides.exit_code == 0);  // nothing ran on both sides, so nothing regressed
  CHECK(sides.out.find("- added: `steady` (4/4 passed in B)") != std::string::npos);
  CHECK(sides.out.find("- removed: `accurate` (4/4 passed in A)") != std::string::npos);
  CHECK(sides.out.find("- removed: `sloppy`") != std::string::npos);
  CHECK(sides.out.find("→ 0/0") == std::string::npos);
  CHECK(sides.out.find("0/0 →") == std::string::npos);
  CHECK(sides.out.find("No config ran in both benches.") != std::string::npos);

  ProcessResult refused = Cli({"compare", "fast-1", "other-1", "--store", store});
  CHECK(refused.exit_code == 2);
  CHECK(refused.out.empty());
  CHECK(refused.err.find("suite 'tests'") != std::string::npos);
  CHECK(refused.err.find("suite 'other-suite'") != std::string::npos);
  CHECK(refused.err.find("--force") != std::string::npos);

  ProcessResult forced = Cli({"compare", "fast-1", "other-1", "--force", "--store", store});
  INFO(forced.err);
  CHECK(forced.exit_code == 0);
  CHECK(forced.out.find("**Different suites:** A ran `tests`, B ran `other-suite`") != std::string::npos);
  ProcessResult json = Cli({"compare", "fast-1", "other-1", "--force", "--json", "--store", store});
  Json parsed = Json::parse(json.out, nullptr, false);
  REQUIRE(parsed.is_object());
  CHECK(parsed["suites_differ"] == true);
  CHECK(parsed["configs"][0]["presence"] == "both");
}

TEST_CASE("history lists stored benches newest first, compare flags a regression and passes identical benches") {
  HistoryAndCompare(Backend::kSqlite);
}

TEST_CASE(
    "postgres: history lists stored benches newest first, compare flags a regression and passes identical "
    "benches") {
  HistoryAndCompare(Backend::kPostgres);
}

TEST_CASE("postgres: two bench processes saving at once both reach the history, and merge saves one entry") {
  std::string dir = MakeTempDir("bench-pg-concurrent");
  std::string store = FreshStore(Backend::kPostgres, dir, "e2e_concurrent");
  std::string configs = kSuite + "configs.yaml";
  // Two processes at once, each migrating the new schema and saving its bench.
  std::vector<std::string> a = {kBin,   "bench", kTests,     "--configs",  configs,        "--runs",  "1",  "--report",
                                "json", "-o",    dir + "/a", "--bench-id", "concurrent-a", "--store", store};
  std::vector<std::string> b = a;
  b[10] = dir + "/b";
  b[12] = "concurrent-b";
  ProcessResult ra, rb;
  std::thread ta([&] { ra = RunProcess(a, {}, 120); });
  std::thread tb([&] { rb = RunProcess(b, {}, 120); });
  ta.join();
  tb.join();
  INFO(ra.err);
  INFO(rb.err);
  CHECK(ra.exit_code == 0);
  CHECK(rb.exit_code == 0);
  ProcessResult history = Cli({"history", "--store", store});
  CHECK(history.out.find("concurrent-a") != std::string::npos);
  CHECK(history.out.find("concurrent-b") != std::string::npos);

  // Shards merge into one PostgreSQL entry with every run.
  std::vector<std::string> common = {"--bench-id", "pg-shards", "--runs", "1", "--report", "json"};
  std::vector<std::string> s1 = common, s2 = common;
  s1.insert(s1.end(), {"--shard", "1/2"});
  s2.insert(s2.end(), {"--shard", "2/2"});
  Bench shard1 = RunBench(dir, "shard1", configs, s1, store);
  Bench shard2 = RunBench(dir, "shard2", configs, s2, store);
  REQUIRE(shard1.report.is_object());
  REQUIRE(shard2.report.is_object());
  ProcessResult merge = Cli({"merge", shard1.base + ".json", shard2.base + ".json", "-o", dir + "/merged", "--report",
                             "json", "--store", store, "--tag", "merged"});
  INFO(merge.err);
  REQUIRE(merge.exit_code == 0);
  CHECK(Cli({"compare", "concurrent-a", "merged", "--store", store}).out.find("| sloppy |") != std::string::npos);
  ProcessResult listed = Cli({"history", "--store", store});
  CHECK(listed.out.find("pg-shards") != std::string::npos);
  CHECK(listed.out.find("merged") != std::string::npos);
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

TEST_CASE("bench sends its spans to an OTLP receiver: bench, runs, LLM calls, linked and attributed") {
  testing::OtlpReceiver receiver;
  std::string dir = MakeTempDir("bench-otlp");
  Bench b =
      RunBench(dir, "otlp", kSuite + "configs.yaml",
               {"--runs", "1", "--report", "json", "--bench-id", "otlp-1", "--otlp-endpoint", receiver.endpoint()});
  INFO(b.process.err);
  REQUIRE(b.process.exit_code == 0);
  REQUIRE(b.report.is_object());
  CHECK(b.process.err.find("spans to " + receiver.endpoint() + "/v1/traces") != std::string::npos);
  std::vector<Json> spans = receiver.Spans();
  REQUIRE(!spans.empty());
  using R = testing::OtlpReceiver;
  // The bench span: the root, named after the bench, with its headline figures.
  const Json& bench = spans.front();
  CHECK(bench["name"] == "bench:bench-sample");
  CHECK_FALSE(bench.contains("parentSpanId"));
  CHECK(R::Attr(bench, "bench.name")["stringValue"] == "bench-sample");
  CHECK(R::Attr(bench, "bench.total_runs")["intValue"] == std::to_string(b.report["runs"].size()));
  CHECK(R::Attr(bench, "bench.cheapest_config")["stringValue"] == b.report["highlights"]["cheapest"]);
  CHECK(std::stoll(R::Attr(bench, "bench.duration_ms")["intValue"].get<std::string>()) >= 0);
  // One span per planned run (3 configs × 2 variants × 1 repetition), each carrying a run id of the report.
  std::set<std::string> report_run_ids;
  for (const Json& r : b.report["runs"]) report_run_ids.insert(r["run_id"]);
  std::map<std::string, std::string> run_span_to_id;
  for (const Json& s : spans) {
    CHECK(s["traceId"] == bench["traceId"]);
    CHECK(s["traceId"].get<std::string>().size() == 32);
    CHECK(s["spanId"].get<std::string>().size() == 16);
    CHECK(s["startTimeUnixNano"].is_string());
    if (s["name"].get<std::string>().rfind("run:", 0) != 0) continue;
    CHECK(s["parentSpanId"] == bench["spanId"]);
    std::string run_id = R::Attr(s, "bench.run_id")["stringValue"];
    CHECK(report_run_ids.count(run_id) == 1);
    CHECK(R::Attr(s, "bench.config")["stringValue"].is_string());
    CHECK(R::Attr(s, "bench.variant")["stringValue"].is_string());
    CHECK(R::Attr(s, "bench.repetition")["intValue"] == "0");
    CHECK(R::Attr(s, "bench.status")["stringValue"].is_string());
    run_span_to_id[s["spanId"]] = run_id;
  }
  CHECK(run_span_to_id.size() == 6);
  // LLM calls under their run: each test asks the model at least once.
  int llm_spans = 0;
  for (const Json& s : spans) {
    if (s["name"].get<std::string>().rfind("llm:", 0) != 0) continue;
    ++llm_spans;
    REQUIRE(run_span_to_id.count(s["parentSpanId"]) == 1);
    CHECK(R::Attr(s, "bench.run_id")["stringValue"] == run_span_to_id[s["parentSpanId"]]);
    CHECK(std::stoll(s["endTimeUnixNano"].get<std::string>()) >= std::stoll(s["startTimeUnixNano"].get<std::string>()));
  }
  CHECK(llm_spans >= static_cast<int>(b.report["runs"].size()));
}

TEST_CASE("bench with OTLP: every MCP request's traceparent carries the bench's trace id") {
  if (access("/usr/bin/python3", X_OK) != 0) return;
  testing::OtlpReceiver receiver;
  std::string dir = MakeTempDir("bench-otlp-mcp");
  const std::string trace_log = dir + "/traceparents.log";
  std::vector<std::string> argv = {kBin,
                                   "bench",
                                   kData + "traced.yaml",
                                   "--configs",
                                   kData + "configs-traced.yaml",
                                   "-o",
                                   dir + "/traced",
                                   "--store",
                                   dir + "/history.db",
                                   "--report",
                                   "json",
                                   "--otlp-endpoint",
                                   receiver.endpoint()};
  ProcessResult p = RunProcess(argv, {{"TRACE_LOG", trace_log}, {"AB_SOURCE_DIR", AB_SOURCE_DIR}}, 60);
  INFO(p.err);
  REQUIRE(p.exit_code == 0);
  std::vector<Json> spans = receiver.Spans();
  REQUIRE(!spans.empty());
  const std::string trace_id = spans.front()["traceId"];
  std::istringstream lines(ReadFile(trace_log));
  int requests = 0;
  for (std::string line; std::getline(lines, line);) {
    ++requests;
    CHECK(line.substr(0, 36) == "00-" + trace_id + "-");
  }
  CHECK(requests >= 3);  // server/discover, tools/list, tools/call
}

TEST_CASE(
    "OTEL_EXPORTER_OTLP_ENDPOINT and _HEADERS are used, headers are never printed, a dead collector is a warning") {
  testing::OtlpReceiver receiver;
  std::string dir = MakeTempDir("bench-otlp-env");
  std::vector<std::string> argv = {
      kBin,         "bench",    kTests, "--configs", kData + "configs-fault.yaml", "--runs", "1", "-o",
      dir + "/env", "--report", "json", "--store",   dir + "/history.db"};
  ProcessResult env = RunProcess(argv,
                                 {{"OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint()},
                                  {"OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20otlp-secret-4242"}},
                                 120);
  INFO(env.err);
  CHECK(env.exit_code == 0);
  auto requests = receiver.requests();
  REQUIRE(requests.size() == 1);
  auto auth = requests[0].headers.find("authorization");
  REQUIRE(auth != requests[0].headers.end());
  CHECK(auth->second == "Bearer otlp-secret-4242");
  CHECK(env.err.find("otlp-secret-4242") == std::string::npos);
  CHECK(env.out.find("otlp-secret-4242") == std::string::npos);
  // The run whose provider answered 500 is an error span with the error as its status.
  bool error_run = false;
  for (const Json& s : receiver.Spans())
    if (s["name"].get<std::string>().rfind("run:broken", 0) == 0)
      error_run = s.contains("status") && s["status"]["code"] == 2;
  CHECK(error_run);

  // Nobody listens: the bench still succeeds and is saved, with a warning.
  argv[8] = dir + "/dead";
  ProcessResult dead = RunProcess(argv, {{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1"}}, 120);
  INFO(dead.err);
  CHECK(dead.exit_code == 0);
  CHECK(dead.err.find("warning: spans not exported") != std::string::npos);
  CHECK(dead.err.find("saved bench") != std::string::npos);

  // A malformed endpoint is bad input, caught before anything runs.
  argv[8] = dir + "/bad";
  ProcessResult bad = RunProcess(argv, {{"OTEL_EXPORTER_OTLP_ENDPOINT", "localhost:4318"}}, 60);
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("OTLP endpoint") != std::string::npos);
}

}  // namespace ab::e2e
