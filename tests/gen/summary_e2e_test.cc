// ai_summary end to end: made when reports are rendered (so `report results.json` makes it again), shown escaped
// at the top of HTML and Markdown, never stored in JSON; a summary that fails is a warning, not a failed run.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "e2e/paths.h"
#include "e2e/process.h"

namespace ab::e2e {
namespace {

#ifdef AB_SAMPLE_SERVER
const std::string kSampleServer = AB_SAMPLE_SERVER;
#else
const std::string kSampleServer = std::string(AB_BINARY_DIR) + "/sample-mcp-server";
#endif
const std::string kData2 = std::string(AB_SOURCE_DIR) + "/tests/gen/data/";

bool Has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

TEST_CASE("the AI summary is at the top of HTML and Markdown, escaped, absent from JSON, and regenerated") {
  const std::string dir = MakeTempDir("summary-run");
  auto r = RunProcess(
      {kBin, "-f", kData2 + "summary.yaml", "-o", dir + "/r", "-reportType", "json,html,md", "--no-progress", "-q"},
      {{"SAMPLE_SERVER", kSampleServer}}, 120);
  INFO(r.err);
  CHECK(r.exit_code == 1);  // one test fails on purpose; the summary does not change that
  const std::string html = ReadFile(dir + "/r.html"), md = ReadFile(dir + "/r.md"), json = ReadFile(dir + "/r.json");
  CHECK(Has(html, "<section id=\"ai-summary\""));
  CHECK(Has(html, "<li>Store the note first</li>"));
  CHECK(Has(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK_FALSE(Has(html, "<script>alert(1)"));
  CHECK(Has(md, "## AI summary\n\n### What failed\n- Broken search"));
  CHECK(md.find("## AI summary") < md.find("## Comparison"));
  CHECK_FALSE(Has(json, "Store the note first"));
  CHECK_FALSE(Has(json, "ai_summary"));

  auto again = RunProcess({kBin, "report", dir + "/r.json", "-o", dir + "/again", "-reportType", "html,md"}, {}, 60);
  INFO(again.err);
  CHECK(again.exit_code == 0);
  CHECK(Has(ReadFile(dir + "/again.html"), "<li>Store the note first</li>"));
  CHECK(Has(ReadFile(dir + "/again.md"), "- Store the note first"));

  // --record / --replay reach the summary's call: recorded once, replayed, and a missing recording is a warning.
  auto rec = RunProcess(
      {kBin, "report", dir + "/r.json", "-o", dir + "/rec", "-reportType", "md", "--record", dir + "/calls"}, {}, 60);
  INFO(rec.err);
  CHECK(rec.exit_code == 0);
  CHECK(std::filesystem::exists(dir + "/calls"));
  CHECK_FALSE(std::filesystem::is_empty(dir + "/calls"));
  auto rep = RunProcess(
      {kBin, "report", dir + "/r.json", "-o", dir + "/rep", "-reportType", "md", "--replay", dir + "/calls"}, {}, 60);
  INFO(rep.err);
  CHECK(Has(ReadFile(dir + "/rep.md"), "- Store the note first"));
  std::filesystem::create_directories(dir + "/none");
  auto none = RunProcess(
      {kBin, "report", dir + "/r.json", "-o", dir + "/none/r", "-reportType", "md", "--replay", dir + "/none"}, {}, 60);
  CHECK(none.exit_code == 0);
  CHECK(Has(none.err, "warning: no AI summary"));
  CHECK_FALSE(Has(ReadFile(dir + "/none/r.md"), "Store the note first"));
}

TEST_CASE("a summary whose provider fails is a warning and the reports are still written") {
  const std::string dir = MakeTempDir("summary-broken");
  std::string text = ReadFile(kData2 + "summary.yaml");
  text.replace(text.find("mock_script: summary-script.yaml"), 32, "mock_script: " + kData2 + "summary-script.yaml");
  text.replace(text.find("judge_provider: $self"), 21, "judge_provider: broken");
  text.replace(text.find("servers:\n"), 9,
               "  - name: broken\n    type: OPENAI_COMPATIBLE\n    model: m\n    token: t\n"
               "    baseUrl: http://127.0.0.1:1/v1\nservers:\n");
  std::ofstream(dir + "/t.yaml") << text;
  auto r = RunProcess({kBin, "-f", dir + "/t.yaml", "-o", dir + "/r", "-reportType", "html,md", "--no-progress", "-q"},
                      {{"SAMPLE_SERVER", kSampleServer}}, 120);
  INFO(r.err);
  CHECK(r.exit_code == 1);  // the failing test, not the summary
  CHECK(Has(r.err, "warning: no AI summary: provider 'broken' failed"));
  CHECK(Has(ReadFile(dir + "/r.html"), "</html>"));
  CHECK_FALSE(Has(ReadFile(dir + "/r.html"), "ai-summary"));
}

}  // namespace
}  // namespace ab::e2e
