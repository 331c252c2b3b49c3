// The output caps of the template engine: per rendered value, per helper result, and for all variables of a run.
#include <chrono>

#include "template/template.h"
#include "template/variables.h"
#include "test_context.h"

namespace ab::tmpl {
namespace {

using testing::FixedContext;

config::Variable LimitVar(std::string name, std::string value, int line) {
  return config::Variable{std::move(name), std::move(value), SourceLoc{"tests.yaml", line, 3}};
}

TEST_CASE("a doubling variable chain fails fast naming the variable and the limit") {
  // v1 = v0 v0, v2 = v1 v1, ... 40 levels would be 2^40 copies of v0; the cap stops it near 1 MiB.
  std::vector<config::Variable> vars = {LimitVar("v0", "0123456789abcdef", 1)};
  for (int i = 1; i <= 40; ++i) {
    const std::string prev = "{{v" + std::to_string(i - 1) + "}}";
    vars.push_back(LimitVar("v" + std::to_string(i), prev + prev, i + 1));
  }
  const auto start = std::chrono::steady_clock::now();
  auto out = RenderVariables(vars, FixedContext());
  const auto took = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(out.has_value());
  CHECK(out.error().message.find("variable 'v17'") != std::string::npos);
  CHECK(out.error().message.find("larger than 1 MiB (the limit per templated value)") != std::string::npos);
  CHECK(out.error().loc.line == 18);
  CHECK(took < std::chrono::seconds(5));
}

TEST_CASE("a value just under the cap renders, one byte over fails") {
  Context ctx = FixedContext();
  ctx.variables["half"] = std::string(kMaxRenderedBytes / 2, 'x');
  auto fits = Render("{{half}}{{half}}", ctx);
  REQUIRE(fits.has_value());
  CHECK(fits->size() == kMaxRenderedBytes);
  auto over = Render("!{{half}}{{half}}", ctx);
  REQUIRE_FALSE(over.has_value());
  CHECK(over.error().message.find("when '{{half}}' is added") != std::string::npos);
}

TEST_CASE("replace cannot multiply a value past the cap") {
  Context ctx = FixedContext();
  ctx.variables["as"] = std::string(1000, 'a');
  ctx.variables["big"] = std::string(10'000, 'b');
  auto out = Render("{{replace as 'a' big}}", ctx);  // would be 10 MB
  REQUIRE_FALSE(out.has_value());
  CHECK(out.error().message.find("replace: the result would be larger than 1 MiB") != std::string::npos);
  CHECK(Render("{{replace as 'a' 'bb'}}", ctx)->size() == 2000);
}

TEST_CASE("all variables of a run together are capped") {
  std::vector<config::Variable> vars;
  Context base = FixedContext();
  base.variables["chunk"] = std::string(kMaxRenderedBytes - 16, 'c');
  for (int i = 0; i < 70; ++i) vars.push_back(LimitVar("c" + std::to_string(i), "{{chunk}}", i + 1));
  auto out = RenderVariables(vars, base);
  REQUIRE_FALSE(out.has_value());
  CHECK(out.error().message.find("larger than 64 MiB (the limit for all variables of a run)") != std::string::npos);
}

}  // namespace
}  // namespace ab::tmpl

namespace ab::tmpl {
namespace {

TEST_CASE("CheckVariableSizes refuses a doubling chain before anything renders") {
  std::vector<config::Variable> vars = {LimitVar("v0", "0123456789abcdef", 1)};
  for (int i = 1; i <= 40; ++i) {
    const std::string prev = "{{v" + std::to_string(i - 1) + "}}";
    vars.push_back(LimitVar("v" + std::to_string(i), prev + " " + prev, i + 1));
  }
  Status st = CheckVariableSizes(vars);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message ==
        "variable 'v16': the rendered value would be larger than 1 MiB (the limit per templated value)");
  CHECK(st.error().loc.line == 17);
}

TEST_CASE("CheckVariableSizes counts helpers and the environment as empty, so it never refuses what renders") {
  std::vector<config::Variable> vars = {LimitVar("a", std::string(600'000, 'a'), 1),
                                        LimitVar("b", "{{substring a end=5}}{{substring a end=5}}{{HOME}}", 2),
                                        LimitVar("c", "{{a}}{{b}}", 3)};
  CHECK(CheckVariableSizes(vars).ok());
  CHECK(RenderVariables(vars, FixedContext()).has_value());
  vars.push_back(LimitVar("d", "{{a}}{{c}}", 4));  // 1.2 MB for sure
  CHECK_FALSE(CheckVariableSizes(vars).ok());
}

TEST_CASE("a chain of 20 000 variables is ordered without deep recursion") {
  std::vector<config::Variable> vars;
  for (int i = 0; i < 20'000; ++i) {
    vars.push_back(
        LimitVar("v" + std::to_string(i), i == 0 ? std::string("x") : "{{v" + std::to_string(i - 1) + "}}", i + 1));
  }
  CHECK(CheckVariableSizes(vars).ok());
  auto out = RenderVariables(vars, FixedContext());
  REQUIRE(out.has_value());
  CHECK(out->back().second == "x");
  vars.front().value = "{{v19999}}";  // now a cycle through all of them
  auto cycle = RenderVariables(vars, FixedContext());
  REQUIRE_FALSE(cycle.has_value());
  CHECK(cycle.error().message.find("variables form a cycle: v0 -> v19999 -> ") == 0);
}

}  // namespace
}  // namespace ab::tmpl
