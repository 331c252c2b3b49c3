// Nothing is lost: every finished test is journaled; after SIGKILL, --resume reruns only unfinished sessions.
#include <doctest/doctest.h>

#include <chrono>
#include <sstream>

#include "base/json.h"
#include "process.h"

namespace ab::e2e {

TEST_CASE("kill -9 mid-run keeps finished results, --resume completes the run without redoing them") {
  const std::string bin = AB_BINARY;
  const std::string file = std::string(AB_SOURCE_DIR) + "/tests/e2e/data/parallel.yaml";
  std::string dir = MakeTempDir("resume");
  std::string base = dir + "/report";
  // 8 tests of 1 s each, one at a time; the time limit kills the process with SIGKILL after 4 s.
  auto killed = RunProcess({bin, "-f", file, "-o", base, "-reportType", "json", "-j", "1", "--no-progress"}, {}, 4);
  CHECK(killed.timed_out);
  std::stringstream journal(ReadFile(base + ".jsonl"));
  int finished = 0;
  for (std::string line; std::getline(journal, line);)
    if (!Json::parse(line, nullptr, false).is_discarded()) ++finished;
  MESSAGE(finished << " results were journaled before the kill");
  CHECK(finished >= 2);
  CHECK(finished < 8);

  auto start = std::chrono::steady_clock::now();
  auto resumed = RunProcess(
      {bin, "-f", file, "-o", base, "-reportType", "json", "-j", "1", "--no-progress", "--resume", base + ".jsonl"});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(resumed.err);
  CHECK(resumed.exit_code == 0);
  Json report = Json::parse(ReadFile(base + ".json"));
  REQUIRE(report["detailed_results"].size() == 8);
  for (const auto& r : report["detailed_results"]) CHECK(r["passed"] == true);
  // Whole sessions that had finished were not rerun: the resumed run took less than the 8 s of a full run.
  CHECK(seconds < 8.0 - 0.9 * (finished / 2 * 2));
  // Declaration order survives the merge of journaled and new results.
  CHECK(report["detailed_results"][0]["execution"]["testName"] == "t1");
  CHECK(report["detailed_results"][0]["execution"]["agentName"] == "one");
  CHECK(report["detailed_results"][7]["execution"]["testName"] == "t4");
  CHECK(report["detailed_results"][7]["execution"]["agentName"] == "two");
}

}  // namespace ab::e2e
