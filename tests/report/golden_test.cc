// Every renderer on the nine reference layouts, compared whole with tests/report/golden/ in deterministic mode.
#include <doctest/doctest.h>

#include <sstream>

#include "report/fixtures.h"
#include "report/golden_util.h"
#include "report/render.h"

namespace ab::report {
namespace {

std::string Render(RenderFn fn, const Run& run, bool color = false) {
  std::ostringstream out;
  RenderOptions options;
  options.deterministic = true;
  options.color = color;
  fn(run, out, options);
  return out.str();
}

void CheckAll(const char* renderer, const char* extension) {
  const Renderer* r = FindRenderer(renderer);
  REQUIRE(r != nullptr);
  for (const auto& name : testing::ScenarioNames()) {
    CAPTURE(name);
    Run run = testing::MakeScenario(name);
    REQUIRE_FALSE(run.runs.empty());
    std::string diff = testing::CheckGolden(name + extension, Render(r->render, run));
    CHECK_MESSAGE(diff.empty(), diff);
  }
}

TEST_CASE("golden: console") { CheckAll("console", ".console.txt"); }
TEST_CASE("golden: json") { CheckAll("json", ".json"); }
TEST_CASE("golden: html") { CheckAll("html", ".html"); }
TEST_CASE("golden: markdown") { CheckAll("md", ".md"); }
TEST_CASE("golden: junit") { CheckAll("junit", ".junit.xml"); }

TEST_CASE("golden: console with colours") {
  Run run = testing::MakeScenario("09_failed_with_errors");
  std::string colored = Render(&RenderConsole, run, /*color=*/true);
  std::string diff = testing::CheckGolden("09_failed_with_errors.console-color.txt", colored);
  CHECK_MESSAGE(diff.empty(), diff);
  CHECK(colored.find("\033[31m") != std::string::npos);
  CHECK(Render(&RenderConsole, run).find('\033') == std::string::npos);
}

TEST_CASE("golden: deterministic mode removes times, ids and absolute paths") {
  Run run = testing::MakeScenario("08_multi_agent_multi_file");
  std::string json = Render(&RenderJson, run);
  CHECK(json.find("/home/user") == std::string::npos);
  CHECK(json.find("files.yaml") != std::string::npos);
  CHECK(json.find("run-1234") == std::string::npos);
  CHECK(json.find("\"generated_at\": \"1970-01-01T00:00:00.000Z\"") != std::string::npos);
  CHECK(json.find("2025-") == std::string::npos);
  std::ostringstream live;
  RenderJson(run, live, RenderOptions{});
  CHECK(live.str().find("/home/user/suite/files.yaml") != std::string::npos);
  CHECK(live.str().find("run-1234") != std::string::npos);
}

}  // namespace
}  // namespace ab::report
