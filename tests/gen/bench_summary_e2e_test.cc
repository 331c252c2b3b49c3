// Bench reports get an AI summary too: asked for by the configs file, made when the reports are rendered, shown
// escaped at the top of the bench HTML and Markdown, never in the bench JSON; a failed summary is a warning.
// Also: --record/--replay of the summary made by `agent-bench report`.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "e2e/paths.h"
#include "e2e/process.h"

namespace ab::e2e {
namespace {

namespace fs = std::filesystem;

const std::string kSummaryData = std::string(AB_SOURCE_DIR) + "/tests/gen/data/";

bool InText(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string CopyBenchFiles(const std::string& name) {
  const std::string dir = MakeTempDir(name);
  for (const char* f : {"bench-summary-test.yaml", "bench-summary-configs.yaml", "bench-summary-script.yaml"})
    fs::copy_file(kSummaryData + f, dir + "/" + f);
  return dir;
}

ProcessResult Bench(const std::string& dir, std::vector<std::string> extra = {}) {
  std::vector<std::string> argv = {kBin,
                                   "bench",
                                   dir + "/bench-summary-test.yaml",
                                   "--configs",
                                   dir + "/bench-summary-configs.yaml",
                                   "--store",
                                   dir + "/h.db",
                                   "-o",
                                   dir + "/b",
                                   "--no-progress",
                                   "--report",
                                   "json,html,md"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return RunProcess(argv, {}, 120);
}

TEST_CASE("a bench whose configs file asks for ai_summary shows it at the top of HTML and Markdown only") {
  const std::string dir = CopyBenchFiles("bench-summary");
  auto r = Bench(dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string html = ReadFile(dir + "/b.html"), md = ReadFile(dir + "/b.md"), json = ReadFile(dir + "/b.json");
  CHECK(InText(html, "<section id=\"ai-summary\""));
  CHECK(html.find("id=\"ai-summary\"") < html.find("<h2>Comparison</h2>"));
  CHECK(InText(html, "<li>Give the agent the search tool</li>"));
  CHECK(InText(html, "&lt;img src=x onerror=alert(1)&gt;"));
  CHECK_FALSE(InText(html, "<img src=x"));
  CHECK(InText(md, "## AI summary\n\n### What failed\n- Broken fails on every config &lt;img"));
  CHECK(md.find("## AI summary") < md.find("| Config | Rank"));
  CHECK(InText(r.out, "- The agent never searches"));  // the Markdown on stdout has it too
  CHECK_FALSE(InText(json, "The agent never searches"));
  CHECK_FALSE(InText(json, "ai_summary"));
  CHECK_FALSE(InText(r.err, "warning: no AI summary"));
}

TEST_CASE("a bench summary that cannot be made is a warning and the bench reports are still written") {
  const std::string dir = CopyBenchFiles("bench-summary-broken");
  std::ofstream(dir + "/bench-summary-configs.yaml", std::ios::app) << "  judge_provider: nobody\n";
  auto r = Bench(dir);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(InText(r.err, "warning: no AI summary: no provider named 'nobody'"));
  CHECK(InText(ReadFile(dir + "/b.html"), "</html>"));
  CHECK_FALSE(InText(ReadFile(dir + "/b.html"), "ai-summary"));
  CHECK_FALSE(InText(r.out, "## AI summary"));
}

TEST_CASE("a bench summary recorded with --record is replayed with --replay, and a missing recording is a warning") {
  const std::string dir = CopyBenchFiles("bench-summary-record");
  auto recorded = Bench(dir, {"--record", dir + "/rec"});
  INFO(recorded.err);
  REQUIRE(recorded.exit_code == 0);
  CHECK(InText(recorded.out, "- The agent never searches"));
  REQUIRE(fs::exists(dir + "/rec"));
  CHECK_FALSE(fs::is_empty(dir + "/rec"));

  // The judge's script now says something else: only a replay can still give the recorded summary.
  std::ofstream(dir + "/bench-summary-script.yaml") << "rules: []\n";
  auto replayed = Bench(dir, {"--replay", dir + "/rec"});
  INFO(replayed.err);
  CHECK(replayed.exit_code == 0);
  CHECK(InText(replayed.out, "- The agent never searches"));

  fs::create_directories(dir + "/empty");
  auto missing = Bench(dir, {"--replay", dir + "/empty"});
  INFO(missing.err);
  CHECK(missing.exit_code == 0);
  CHECK(InText(missing.err, "warning: no AI summary"));
  CHECK_FALSE(InText(missing.out, "## AI summary"));
}

}  // namespace
}  // namespace ab::e2e
