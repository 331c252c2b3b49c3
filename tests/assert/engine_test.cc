#include "assert/engine.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "transcript_json.h"

namespace ab::assertions {
namespace {

using testing::Eval;
using testing::SpecFromJson;
using testing::TranscriptFromJson;

TEST_CASE("verdicts.json: every case yields the expected verdict") {
  std::ifstream in(std::string(AB_SOURCE_DIR) + "/tests/assert/data/verdicts.json");
  REQUIRE(in.good());
  const Json data = Json::parse(in);
  const Json& transcripts = data["transcripts"];
  REQUIRE(data["cases"].size() >= 40);
  int index = 0;
  for (const Json& c : data["cases"]) {
    ++index;
    const Json& tj = c["transcript"].is_string() ? transcripts[c["transcript"].get<std::string>()] : c["transcript"];
    Transcript t = TranscriptFromJson(tj);
    AssertionResult r = Eval(c["assertion"], t);
    CAPTURE(index);
    CAPTURE(c["assertion"].dump());
    CAPTURE(r.message);
    CHECK(r.passed == c["passed"].get<bool>());
    CHECK_FALSE(r.message.empty());
    if (c.contains("message")) CHECK(r.message.find(c["message"].get<std::string>()) != std::string::npos);
    if (!c["assertion"].contains("anyOf") && !c["assertion"].contains("allOf") && !c["assertion"].contains("not") &&
        r.message.find("invalid assertion") == std::string::npos) {
      CHECK(r.details.contains("expected"));
    }
  }
}

TEST_CASE("EvaluateAssertions keeps order, type and location, and reports invalid specs as failures") {
  Transcript t = TranscriptFromJson(Json::parse(R"({"final_output": "hello"})"));
  std::vector<config::AssertionSpec> specs = {
      SpecFromJson(Json::parse(R"({"type": "output_contains", "value": "he"})"), 3),
      SpecFromJson(Json::parse(R"({"type": "output_regex", "pattern": "("})"), 7),
      SpecFromJson(Json::parse(R"({"type": "no_such_type"})"), 9)};
  auto results = EvaluateAssertions(specs, t, {});
  REQUIRE(results.size() == 3);
  CHECK(results[0].passed);
  CHECK(results[0].type == "output_contains");
  CHECK(results[0].loc.line == 3);
  CHECK_FALSE(results[1].passed);
  CHECK(results[1].message.find("invalid pattern") != std::string::npos);
  CHECK(results[1].loc.line == 7);
  CHECK_FALSE(results[2].passed);
  CHECK(results[2].message.find("unknown assertion type 'no_such_type'") != std::string::npos);
}

TEST_CASE("templates are rendered at evaluation, and render errors fail the assertion") {
  Transcript t = TranscriptFromJson(Json::parse(R"({"final_output": "id=42",
      "calls": [{"name": "get", "args": {"id": 42}, "text": "{\"id\": 42}"}]})"));
  EvalContext ctx;
  ctx.render = [](const std::string& s) -> Result<std::string> {
    if (s.find("{{bad}}") != std::string::npos) return Error(ErrorCode::kParse, "unclosed block");
    std::string out = s;
    for (size_t p; (p = out.find("{{ID}}")) != std::string::npos;) out.replace(p, 6, "42");
    for (size_t p; (p = out.find("{{TOOL}}")) != std::string::npos;) out.replace(p, 8, "get");
    return out;
  };
  CHECK(Eval(Json::parse(R"({"type": "output_contains", "value": "id={{ID}}"})"), t, ctx).passed);
  CHECK(Eval(Json::parse(R"({"type": "output_regex", "pattern": "id={{ID}}$"})"), t, ctx).passed);
  CHECK(Eval(Json::parse(R"({"type": "tool_param_equals", "tool": "{{TOOL}}", "params": {"id": "{{ID}}"}})"), t, ctx)
            .passed);
  CHECK(Eval(Json::parse(R"({"type": "tool_result_matches_json", "tool": "get", "path": "$.id", "value": "{{ID}}"})"),
             t, ctx)
            .passed);
  CHECK(Eval(Json::parse(R"({"type": "tool_call_order", "sequence": ["{{TOOL}}"]})"), t, ctx).passed);
  AssertionResult bad = Eval(Json::parse(R"({"type": "output_contains", "value": "{{bad}}"})"), t, ctx);
  CHECK_FALSE(bad.passed);
  CHECK(bad.message.find("cannot render 'value': unclosed block") != std::string::npos);
  // Without a renderer a template is compared literally.
  CHECK_FALSE(Eval(Json::parse(R"({"type": "output_contains", "value": "id={{ID}}"})"), t).passed);
}

TEST_CASE("a rendered pattern is compiled at evaluation and a bad one fails clearly") {
  Transcript t = TranscriptFromJson(Json::parse(R"({"final_output": "x"})"));
  EvalContext ctx;
  ctx.render = [](const std::string&) -> Result<std::string> { return std::string("(unclosed"); };
  AssertionResult r = Eval(Json::parse(R"({"type": "output_regex", "pattern": "{{P}}"})"), t, ctx);
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("invalid pattern: missing )") != std::string::npos);
}

TEST_CASE("ListAssertions prints every type with its fields") {
  std::ostringstream out;
  ListAssertions(out);
  const std::string s = out.str();
  for (const char* type : {"tool_called", "tool_call_count", "cli_exit_code_equals", "llm_judge", "file_created",
                           "output_json_schema", "tool_param_schema", "anyOf", "allOf", "not"}) {
    CHECK_MESSAGE(s.find(std::string(type) + " ") != std::string::npos, type);
  }
  CHECK(s.find("tool_call_order sequence\n") != std::string::npos);
  CHECK(s.find("tool_call_count [tool] [count]\n") != std::string::npos);  // the rejected 'value' is not listed
  CHECK(s.find("max_tokens [value] [count]") != std::string::npos);
}

}  // namespace
}  // namespace ab::assertions
