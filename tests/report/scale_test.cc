// 10 000 runs render in every format (no time assertion: this only has to finish, and be complete).
#include <doctest/doctest.h>

#include <sstream>

#include "report/fixtures.h"
#include "report/json_reader.h"
#include "report/render.h"

namespace ab::report {
namespace {

TEST_CASE("scale: 10000 runs in every format") {
  Run run = testing::MakeLargeRun(10000);
  REQUIRE(run.runs.size() == 10000);
  for (const Renderer& r : Renderers()) {
    CAPTURE(r.name);
    std::ostringstream out;
    r.render(run, out, RenderOptions{});
    CHECK(out.str().size() > 100000);
    if (std::string(r.name) == "html") {
      CHECK(out.str().find("id=\"run-9999\"") != std::string::npos);
    }
    if (std::string(r.name) == "json") {
      Result<Run> back = RunFromJson(Json::parse(out.str()));
      REQUIRE(back.has_value());
      CHECK(back->runs.size() == 10000);
    }
  }
}

}  // namespace
}  // namespace ab::report
