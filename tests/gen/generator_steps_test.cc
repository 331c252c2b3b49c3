// The generator's checks: a plan or an intent naming a tool, a parameter or an assertion type that does not exist
// is rejected with a sentence the model can act on, and an accepted intent becomes a test deterministically.
#include "gen/generator_steps.h"

#include <doctest/doctest.h>

#include "gen/model_call.h"

namespace ab::gen {
namespace {

struct Fixture {
  config::GeneratorConfig config;
  agent::ToolSet set;
  ToolCatalog catalog;
  GenContext ctx;
  Fixture() {
    mcp::ToolInfo add, calc;
    add.name = "add_note";
    add.input_schema = {{"type", "object"},
                        {"properties", {{"title", {{"type", "string"}}}, {"body", {{"type", "string"}}}}}};
    calc.name = "calculate";
    calc.input_schema = {{"type", "object"}, {"properties", {{"expression", {{"type", "string"}}}}}};
    std::vector<std::string> warnings;
    set.AddServer("sample", nullptr, {add, calc}, std::nullopt, &warnings);
    catalog = *ToolCatalog::From(set, std::nullopt);
    ctx = GenContext{&config, &catalog, std::nullopt};
  }
};

bool AnyContains(const std::vector<std::string>& errors, const std::string& part) {
  for (const auto& e : errors)
    if (e.find(part) != std::string::npos) return true;
  return false;
}

TEST_CASE("a plan naming an unknown tool gets a did-you-mean, a duplicate name and too many tools are refused") {
  Fixture f;
  f.config.complexity = config::Complexity::kSimple;
  Json plan = Json::parse(R"({"tests": [
      {"name": "a", "session": "s", "tools": ["add_notes"]},
      {"name": "a", "session": "s", "tools": ["add_note", "calculate"]}]})");
  std::vector<PlannedTest> out;
  auto errors = CheckPlan(plan, f.ctx, 2, {}, &out);
  CHECK(AnyContains(errors, "there is no tool 'add_notes', did you mean 'add_note'?"));
  CHECK(AnyContains(errors, "is used twice"));
  CHECK(AnyContains(errors, "at simple complexity a test uses at most 1"));
  CHECK(out.empty());
}

TEST_CASE("include_edge_cases requires an edge case, and a valid plan is taken whole") {
  Fixture f;
  f.config.include_edge_cases = true;
  Json plan = Json::parse(R"({"tests": [{"name": "a", "session": "s"}, {"name": "b", "session": "s"}]})");
  std::vector<PlannedTest> out;
  CHECK(AnyContains(CheckPlan(plan, f.ctx, 2, {}, &out), "edge_case"));
  plan["tests"][1]["edge_case"] = true;
  CHECK(CheckPlan(plan, f.ctx, 2, {}, &out).empty());
  REQUIRE(out.size() == 2);
  CHECK(out[1].edge_case);
  // A name planned in an earlier chunk cannot come back.
  std::vector<PlannedTest> more;
  CHECK(AnyContains(CheckPlan(Json::parse(R"({"tests": [{"name": "a", "session": "t"}]})"), f.ctx, 1, out, &more),
                    "used twice"));
}

TEST_CASE("an intent is checked against tool parameters, the assertion registry and templates") {
  Fixture f;
  PlannedTest t{"t", "s", "goal", {}, false};
  Json bad =
      Json::parse(R"({"prompt": "hello {{name}}", "expected_tools": [{"tool": "add_note", "params": {"titel": "x"}}],
      "assertions": [{"type": "output_contians", "value": "x"}, {"type": "tool_called", "tool": "nope"}]})");
  auto errors = CheckIntent(bad, f.ctx, t, nullptr);
  CHECK(AnyContains(errors, "would be read as a template"));
  CHECK(AnyContains(errors, "has no parameter 'titel', did you mean 'title'?"));
  CHECK(AnyContains(errors, "unknown assertion type 'output_contians', did you mean 'output_contains'?"));
  CHECK(AnyContains(errors, "there is no tool 'nope'"));
}

TEST_CASE("an accepted intent builds the same test every time") {
  Fixture f;
  PlannedTest t{"Create", "Notes", "stores a note", {"add_note"}, false};
  Json intent = Json::parse(
      R"({"prompt": "add a note", "expected_tools": [{"tool": "add_note", "params": {"title": "T", "body": {"nested": 1}}}],
      "output_contains": ["n1"], "assertions": [{"not": {"type": "tool_called", "tool": "calculate"}}]})");
  Json test;
  REQUIRE(CheckIntent(intent, f.ctx, t, &test).empty());
  CHECK(test == BuildTest(t, intent));
  CHECK(test["name"] == "Create");
  CHECK(test["assertions"][0] == Json{{"type", "tool_called"}, {"tool", "add_note"}});
  // Only scalar values are compared; the nested one is left out.
  CHECK(test["assertions"][1]["params"] == Json{{"title", "T"}});
  CHECK(test["assertions"].back() == Json{{"type", "no_hallucinated_tools"}});
}

TEST_CASE("the JSON of an answer is found in prose and fences, and its absence is a model error") {
  CHECK((*ExtractJsonObject("{\"a\": 1}"))["a"] == 1);
  CHECK((*ExtractJsonObject("Sure!\n```json\n{\"a\": 2}\n```\nDone."))["a"] == 2);
  CHECK((*ExtractJsonObject("Here: {\"a\": {\"b\": 3}} and } more"))["a"]["b"] == 3);
  auto none = ExtractJsonObject("I cannot help with that.");
  REQUIRE_FALSE(none);
  CHECK(none.error().code == ErrorCode::kModel);
  CHECK_FALSE(ExtractJsonObject(std::string(100000, '{')));  // a hostile reply ends quickly
}

TEST_CASE("file names from session names are safe") {
  CHECK(Slug("Notes & Search / v2") == "notes_search_v2");
  CHECK(Slug("../../etc") == "etc");
  CHECK(Slug("!!!") == "session");
}

}  // namespace
}  // namespace ab::gen
