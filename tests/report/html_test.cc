// The HTML page: self-contained, sections chosen by layout, details embedded for lazy rendering.
#include <doctest/doctest.h>

#include <sstream>

#include "report/fixtures.h"
#include "report/render.h"

namespace ab::report {
namespace {

std::string RenderHtmlText(const Run& run) {
  std::ostringstream out;
  RenderOptions options;
  options.deterministic = true;
  RenderHtml(run, out, options);
  return out.str();
}

bool Has(const std::string& s, const char* what) { return s.find(what) != std::string::npos; }

TEST_CASE("html: self-contained, no external loads") {
  for (const auto& name : testing::ScenarioNames()) {
    CAPTURE(name);
    std::string html = RenderHtmlText(testing::MakeScenario(name));
    CHECK(Has(html, "<!DOCTYPE html>"));
    CHECK(Has(html, "http-equiv=\"Content-Security-Policy\""));
    CHECK_FALSE(Has(html, "<link"));
    CHECK_FALSE(Has(html, "src=\""));
    CHECK_FALSE(Has(html, "mermaid"));
    CHECK_FALSE(Has(html, "cdn."));
    CHECK(Has(html, "</html>\n"));
  }
}

TEST_CASE("html: sections follow the layout") {
  std::string single = RenderHtmlText(testing::MakeScenario("01_single_agent_single_test"));
  CHECK(Has(single, "id=\"summary\""));
  CHECK(Has(single, "id=\"matrix\""));
  CHECK(Has(single, "id=\"leaderboard\""));
  CHECK_FALSE(Has(single, "id=\"files\""));
  CHECK_FALSE(Has(single, "id=\"sessions\""));
  std::string sessions = RenderHtmlText(testing::MakeScenario("05_single_agent_multi_session"));
  CHECK(Has(sessions, "id=\"sessions\""));
  CHECK_FALSE(Has(sessions, "id=\"files\""));
  std::string suite = RenderHtmlText(testing::MakeScenario("08_multi_agent_multi_file"));
  CHECK(Has(suite, "id=\"files\""));
  CHECK(Has(suite, "id=\"sessions\""));
  CHECK(Has(suite, "Criteria: success rate ≥ 80.0% — met"));
  CHECK(Has(suite, "<figcaption>Latency per run by agent</figcaption>"));
  CHECK(Has(suite, "<figcaption>Tokens per run by agent</figcaption>"));
}

TEST_CASE("html: one lazily rendered details element per run") {
  Run run = testing::MakeScenario("06_multi_agent_multi_session");
  std::string html = RenderHtmlText(run);
  for (size_t i = 0; i < run.runs.size(); ++i) {
    CHECK(Has(html, ("<details class=\"run pass\" id=\"run-" + std::to_string(i) + "\"").c_str()) !=
          Has(html, ("<details class=\"run fail\" id=\"run-" + std::to_string(i) + "\"").c_str()));
  }
  CHECK(Has(html, "<script type=\"application/json\" id=\"run-data\">[{"));
  CHECK(Has(html, "<div class=\"body\"></div></details>"));
  CHECK(Has(html, "href=\"#run-7\""));
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t pos = s.find(what); pos != std::string::npos; pos = s.find(what, pos + 1)) ++n;
  return n;
}

TEST_CASE("html: a multi-agent comparison for each test run by 2+ agents, and only then") {
  for (const char* name : {"01_single_agent_single_test", "02_single_agent_multi_test", "05_single_agent_multi_session",
                           "07_single_agent_multi_file"}) {
    CAPTURE(name);
    std::string html = RenderHtmlText(testing::MakeScenario(name));
    CHECK_FALSE(Has(html, "<div class=\"multi-agent-comparison\">"));
    CHECK_FALSE(Has(html, "<details class=\"cmp\""));
  }
  Run run = testing::MakeScenario("04_multi_agent_multi_test");  // 2 tests x 3 agents
  std::string html = RenderHtmlText(run);
  CHECK(Count(html, "<div class=\"multi-agent-comparison\">") == 2);
  CHECK(Count(html, "<table class=\"comparison-table\">") == 2);
  CHECK(Count(html, "<details class=\"cmp\" data-runs=\"") == 2);
  CHECK(Has(html, "<details class=\"cmp\" data-runs=\"0,1,2\">"));
  CHECK(Has(html, "<details class=\"cmp\" data-runs=\"3,4,5\">"));
  // One row per agent, each linking to that agent's run, with the figures to compare.
  CHECK(Count(html, "</a></td><td class=\"") == 6);
  CHECK(Has(html, "<th>Status</th><th>Duration</th><th>Tokens</th><th>Cost</th><th>Assertions</th>"));
  CHECK(Has(html, "id=\"overlay\" class=\"fullscreen-overlay\" hidden"));
}

TEST_CASE("html: hostile names in the comparison table stay text") {
  Run run = testing::MakeScenario("03_multi_agent_single_test");
  const std::string hostile = "<img src=x onerror=alert(1)>\"'</td>";
  run.runs[1].agent = hostile;
  run.agents[1] = hostile;
  std::string html = RenderHtmlText(run);
  size_t table = html.find("<table class=\"comparison-table\">");
  REQUIRE(table != std::string::npos);
  std::string part = html.substr(table, html.find("</table>", table) - table);
  CHECK(Has(part, "&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&lt;/td&gt;"));
  CHECK_FALSE(Has(html, "<img"));
}

TEST_CASE("markdown: side-by-side figures per agent only with 2+ agents") {
  auto md = [](const Run& run) {
    std::ostringstream out;
    RenderOptions o;
    o.deterministic = true;
    RenderMarkdown(run, out, o);
    return out.str();
  };
  std::string single = md(testing::MakeScenario("02_single_agent_multi_test"));
  CHECK_FALSE(Has(single, " assertions |"));
  std::string multi = md(testing::MakeScenario("04_multi_agent_multi_test"));
  CHECK(Has(multi, "Per agent: status, duration, tokens, cost, assertions passed."));
  CHECK(Count(multi, " assertions |") == 6);
}

}  // namespace
}  // namespace ab::report
