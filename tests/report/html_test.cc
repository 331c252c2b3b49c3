// The HTML page: self-contained, sections chosen by layout, details embedded for lazy rendering.
#include <doctest/doctest.h>

#include <sstream>

#include "report/fixtures.h"
#include "report/render.h"

namespace ab::report {
namespace {

std::string Render(const Run& run) {
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
    std::string html = Render(testing::MakeScenario(name));
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
  std::string single = Render(testing::MakeScenario("01_single_agent_single_test"));
  CHECK(Has(single, "id=\"summary\""));
  CHECK(Has(single, "id=\"matrix\""));
  CHECK(Has(single, "id=\"leaderboard\""));
  CHECK_FALSE(Has(single, "id=\"files\""));
  CHECK_FALSE(Has(single, "id=\"sessions\""));
  std::string sessions = Render(testing::MakeScenario("05_single_agent_multi_session"));
  CHECK(Has(sessions, "id=\"sessions\""));
  CHECK_FALSE(Has(sessions, "id=\"files\""));
  std::string suite = Render(testing::MakeScenario("08_multi_agent_multi_file"));
  CHECK(Has(suite, "id=\"files\""));
  CHECK(Has(suite, "id=\"sessions\""));
  CHECK(Has(suite, "Criteria: success rate ≥ 80.0% — met"));
  CHECK(Has(suite, "<figcaption>Latency per run by agent</figcaption>"));
  CHECK(Has(suite, "<figcaption>Tokens per run by agent</figcaption>"));
}

TEST_CASE("html: one lazily rendered details element per run") {
  Run run = testing::MakeScenario("06_multi_agent_multi_session");
  std::string html = Render(run);
  for (size_t i = 0; i < run.runs.size(); ++i) {
    CHECK(Has(html, ("<details class=\"run pass\" id=\"run-" + std::to_string(i) + "\"").c_str()) !=
          Has(html, ("<details class=\"run fail\" id=\"run-" + std::to_string(i) + "\"").c_str()));
  }
  CHECK(Has(html, "<script type=\"application/json\" id=\"run-data\">[{"));
  CHECK(Has(html, "<div class=\"body\"></div></details>"));
  CHECK(Has(html, "href=\"#run-7\""));
}

}  // namespace
}  // namespace ab::report
