#include "runner/session_run.h"

#include <doctest/doctest.h>

namespace ab::runner {
namespace {

ToolCall CallWithText(const std::string& tool, const std::string& text) {
  ToolCall c;
  c.name = tool;
  ToolResult r;
  r.content.push_back(ContentBlock{"text", text, "", "", "", "", nullptr});
  c.result = r;
  return c;
}

}  // namespace

TEST_CASE("extractors read the last matching call and set session variables") {
  Transcript t;
  t.tool_calls.push_back(CallWithText("create_user", R"({"data": {"user": {"id": 41}}})"));
  t.tool_calls.push_back(CallWithText("create_user", R"({"data": {"user": {"id": 42}}})"));
  t.tool_calls.push_back(CallWithText("other", R"({"data": {"user": {"id": 1}}})"));
  std::map<std::string, std::string> vars;
  ApplyExtractors({config::Extractor{"jsonpath", "create_user", "$.data.user.id", "user_id", {}}}, t, vars);
  CHECK(vars["user_id"] == "42");
  CHECK(t.errors.empty());
}

TEST_CASE("structuredContent is preferred, strings are kept without quotes") {
  Transcript t;
  ToolCall c = CallWithText("get", "not json");
  c.result->structured = Json{{"name", "Ada"}};
  t.tool_calls.push_back(c);
  std::map<std::string, std::string> vars;
  ApplyExtractors({config::Extractor{"jsonpath", "get", "$.name", "who", {}}}, t, vars);
  CHECK(vars["who"] == "Ada");
}

TEST_CASE("an extractor that matches nothing is a recorded error, never a crash") {
  Transcript t;
  ToolCall empty;
  empty.name = "get";
  empty.result = ToolResult{};
  t.tool_calls.push_back(empty);
  t.tool_calls.push_back(CallWithText("get", "plain text"));
  std::map<std::string, std::string> vars;
  ApplyExtractors({config::Extractor{"jsonpath", "get", "$.id", "id", {}},
                   config::Extractor{"jsonpath", "missing_tool", "$.id", "x", {}}},
                  t, vars);
  CHECK(vars.empty());
  REQUIRE(t.errors.size() == 2);
  CHECK(t.errors[0].kind == "extractor");
  CHECK(t.errors[0].message.find("matched nothing") != std::string::npos);
  CHECK(t.errors[1].message.find("not called") != std::string::npos);
}

TEST_CASE("status: infrastructure errors beat assertion verdicts") {
  Transcript ok;
  AssertionResult pass{"tool_called", true, "", Json::object(), {}, {}};
  AssertionResult fail{"tool_called", false, "", Json::object(), {}, {}};
  CHECK(StatusOf(ok, {pass}) == report::RunStatus::kPassed);
  CHECK(StatusOf(ok, {pass, fail}) == report::RunStatus::kFailed);
  Transcript llm_failed;
  llm_failed.errors.push_back({"llm", "HTTP 500", 1});
  CHECK(StatusOf(llm_failed, {pass}) == report::RunStatus::kError);
  Transcript tool_failed;
  tool_failed.errors.push_back({"tool", "isError", 1});
  CHECK(StatusOf(tool_failed, {pass}) == report::RunStatus::kPassed);  // assertions decide
}

}  // namespace ab::runner
