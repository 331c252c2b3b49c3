#include "template/variables.h"

#include "test_context.h"

namespace ab::tmpl {
namespace {

using testing::FixedContext;
using testing::MustRender;

config::Variable Var(std::string name, std::string value, int line) {
  return config::Variable{std::move(name), std::move(value), SourceLoc{"tests.yaml", line, 3}};
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST_CASE("variables render in dependency order and come back in declaration order") {
  std::vector<config::Variable> vars = {Var("greeting", "hi {{full}}!", 1), Var("full", "{{first}} {{last}}", 2),
                                        Var("first", "Ann", 3), Var("last", "{{cut 'Leexx' 'xx'}}", 4)};
  auto out = RenderVariables(vars, FixedContext());
  REQUIRE_MESSAGE(out.has_value(), (out ? "" : out.error().message));
  CHECK(*out == Pairs{{"greeting", "hi Ann Lee!"}, {"full", "Ann Lee"}, {"first", "Ann"}, {"last", "Lee"}});
}

TEST_CASE("variables see the base context and the environment") {
  Context base = FixedContext();
  base.variables["TEST_DIR"] = "/suite";
  std::vector<config::Variable> vars = {Var("server", "{{TEST_DIR}}/server.exe", 1), Var("home", "{{HOME}}", 2)};
  auto out = RenderVariables(vars, base);
  REQUIRE(out);
  CHECK(*out == Pairs{{"server", "/suite/server.exe"}, {"home", "/home/tester"}});
}

TEST_CASE("a variable naming itself reads the base value") {
  Context base = FixedContext();
  std::vector<config::Variable> vars = {Var("HOME", "{{HOME}}/sub", 1)};
  auto out = RenderVariables(vars, base);
  REQUIRE(out);
  CHECK(*out == Pairs{{"HOME", "/home/tester/sub"}});
}

TEST_CASE("a dependency cycle is an error naming the cycle and where it is") {
  std::vector<config::Variable> vars = {Var("x", "ok", 1), Var("a", "{{b}}", 2), Var("b", "{{c}}", 3),
                                        Var("c", "{{a}}", 4)};
  auto out = RenderVariables(vars, FixedContext());
  REQUIRE(!out.has_value());
  CHECK(out.error().message.find("a -> b -> c -> a") != std::string::npos);
  CHECK(out.error().loc.file == "tests.yaml");
  CHECK(out.error().loc.line == 2);
}

TEST_CASE("a template error names the variable and carries its location") {
  std::vector<config::Variable> vars = {Var("ok", "fine", 1), Var("bad", "x {{nope}}", 7)};
  auto out = RenderVariables(vars, FixedContext());
  REQUIRE(!out.has_value());
  CHECK(out.error().message.find("variable 'bad'") != std::string::npos);
  CHECK(out.error().message.find("unknown variable 'nope'") != std::string::npos);
  CHECK(out.error().loc.line == 7);
  CHECK(out.error().ToString().rfind("tests.yaml:7:3: ", 0) == 0);
}

TEST_CASE("random variables are rendered once, and the base engine moves on") {
  Context base = FixedContext(5);
  std::vector<config::Variable> vars = {Var("id", "{{randomValue length=12}}", 1), Var("copy", "{{id}}", 2)};
  auto out = RenderVariables(vars, base);
  REQUIRE(out);
  CHECK((*out)[0].second.size() == 12);
  CHECK((*out)[0].second == (*out)[1].second);
  // The same seed reproduces the values ...
  auto again = RenderVariables(vars, FixedContext(5));
  REQUIRE(again);
  CHECK(*again == *out);
  // ... and a later render from |base| does not repeat them.
  CHECK(MustRender("{{randomValue length=12}}", base) != (*out)[0].second);
}

TEST_CASE("when a name is declared twice the last declaration wins") {
  std::vector<config::Variable> vars = {Var("a", "one", 1), Var("b", "{{a}}", 2), Var("a", "two", 3)};
  auto out = RenderVariables(vars, FixedContext());
  REQUIRE(out);
  CHECK(*out == Pairs{{"a", "two"}, {"b", "two"}});
}

TEST_CASE("no variables is an empty result") {
  auto out = RenderVariables({}, FixedContext());
  REQUIRE(out);
  CHECK(out->empty());
}

}  // namespace
}  // namespace ab::tmpl
