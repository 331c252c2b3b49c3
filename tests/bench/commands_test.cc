// history / compare / tag as the CLI calls them, against a real SQLite file.
#include "bench/commands.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include "bench/fixtures.h"

namespace ab::bench {
namespace {

std::string FreshStore(const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(AB_BINARY_DIR) / "tmp-bench-tests" / name;
  std::filesystem::remove_all(dir);
  return (dir / "history.db").string();
}

void Save(const std::string& path, const std::string& id, int64_t started, int passed,
          const std::string& suite = "suite-a") {
  BenchMeta m;
  m.id = id;
  m.name = "demo";
  m.suite = suite;
  m.configs = {"gpt"};
  m.variants = {"default"};
  m.repetitions = 20;
  m.started_ms = started;
  std::vector<RunRecord> runs = testing::Runs("gpt", 20, passed);
  REQUIRE(SaveToHistory(path, Summarize(m, runs), runs).ok());
}

TEST_CASE("commands: history lists benches newest first") {
  std::string path = FreshStore("history");
  std::ostringstream out, err;
  CHECK(HistoryCommand(path, "", "", out, err) == 0);
  CHECK(out.str().find("Nothing in") != std::string::npos);  // no bench and no plain run
  Save(path, "b-old", 1000, 20);
  Save(path, "b-new", 2000, 19);
  out.str("");
  CHECK(HistoryCommand(path, "", "", out, err) == 0);
  std::string text = out.str();
  REQUIRE(text.find("b-new") != std::string::npos);
  CHECK(text.find("b-new") < text.find("b-old"));
  CHECK(text.find("95.0%") != std::string::npos);
  CHECK(text.find("$0.2000") != std::string::npos);  // 20 runs × $0.01
  out.str("");
  CHECK(HistoryCommand(path, "other-suite", "", out, err) == 0);
  CHECK(out.str().find("b-new") == std::string::npos);
  out.str("");
  CHECK(HistoryCommand(path, "", "gpt", out, err) == 0);
  CHECK(out.str().find("b-new") != std::string::npos);
}

TEST_CASE("commands: compare latest against the baseline exits 1 on a regression") {
  std::string path = FreshStore("compare");
  Save(path, "b-1", 1000, 20);
  Save(path, "b-2", 2000, 8);
  std::ostringstream out, err;
  CHECK(TagCommand(path, "b-1", "baseline", out, err) == 0);
  CHECK(out.str().find("Tagged b-1 as 'baseline'") != std::string::npos);
  out.str("");
  CHECK(CompareCommand(path, "baseline", "latest", out, err) == 1);
  CHECK(out.str().find("REGRESSION: success rate 100.0% → 40.0%") != std::string::npos);
  out.str("");
  Save(path, "b-3", 3000, 19);
  CHECK(CompareCommand(path, "b-1", "b-3", out, err) == 0);
  CHECK(out.str().find("No regression.") != std::string::npos);
}

TEST_CASE("commands: compare refuses benches of different suites unless forced") {
  std::string path = FreshStore("compare-suites");
  Save(path, "b-1", 1000, 20, "suite-a");
  Save(path, "b-2", 2000, 5, "suite-b");
  std::ostringstream out, err;
  CHECK(CompareCommand(path, "b-1", "b-2", out, err) == 2);
  CHECK(out.str().empty());
  CHECK(err.str().find("suite 'suite-a'") != std::string::npos);
  CHECK(err.str().find("suite 'suite-b'") != std::string::npos);
  CHECK(err.str().find("--force") != std::string::npos);
  CompareOptions forced;
  forced.force = true;
  err.str("");
  CHECK(CompareCommand(path, "b-1", "b-2", out, err, forced) == 1);
  CHECK(out.str().find("**Different suites:** A ran `suite-a`, B ran `suite-b`") != std::string::npos);
  out.str("");
  CHECK(CompareCommand(path, "b-1", "b-2", out, err, forced, /*json=*/true) == 1);
  CHECK(out.str().find("\"suites_differ\": true") != std::string::npos);
}

TEST_CASE("commands: unknown references and unusable stores") {
  std::string path = FreshStore("errors");
  std::ostringstream out, err;
  CHECK(CompareCommand(path, "latest", "latest", out, err) == 2);
  CHECK(err.str().find("history is empty") != std::string::npos);
  err.str("");
  CHECK(TagCommand(path, "nope", "baseline", out, err) == 2);
  CHECK(err.str().find("no bench") != std::string::npos);
  // A directory where the database file should be cannot be opened.
  std::filesystem::create_directories(path + ".dir/history.db");
  err.str("");
  CHECK(HistoryCommand(path + ".dir/history.db", "", "", out, err) == 3);
  CHECK(err.str().find("error:") == 0);
}

}  // namespace
}  // namespace ab::bench
