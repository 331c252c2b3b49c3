// anyOf, allOf, not and nesting.
#include <doctest/doctest.h>

#include "base/redact.h"
#include "transcript_json.h"

namespace ab::assertions {
namespace {

using testing::Eval;
using testing::TranscriptFromJson;

Transcript T() {
  return TranscriptFromJson(Json::parse(R"({"final_output": "done", "calls": [{"name": "ui_automation"}]})"));
}

TEST_CASE("anyOf passes when one child passes and keeps every child's verdict") {
  AssertionResult r = Eval(Json::parse(R"({"anyOf": [{"type": "tool_called", "tool": "keyboard_control"},
                                                    {"type": "tool_called", "tool": "ui_automation"}]})"),
                           T());
  CHECK(r.passed);
  CHECK(r.type == "anyOf");
  REQUIRE(r.children.size() == 2);
  CHECK_FALSE(r.children[0].passed);
  CHECK(r.children[1].passed);
  CHECK(r.children[0].type == "tool_called");
  CHECK(r.details["passed_count"] == 1);
  CHECK(r.details["failed_count"] == 1);
  r = Eval(Json::parse(R"({"anyOf": [{"type": "tool_called", "tool": "a"}, {"type": "tool_called", "tool": "b"}]})"),
           T());
  CHECK_FALSE(r.passed);
  CHECK(r.details["failed_count"] == 2);
}

TEST_CASE("allOf needs every child, not inverts its child") {
  AssertionResult r = Eval(Json::parse(R"({"allOf": [{"type": "output_contains", "value": "done"},
                                                    {"type": "no_error_messages"}]})"),
                           T());
  CHECK(r.passed);
  r = Eval(Json::parse(R"({"allOf": [{"type": "output_contains", "value": "done"},
                                    {"type": "output_contains", "value": "nope"}]})"),
           T());
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("(first: output_contains:") != std::string::npos);
  r = Eval(Json::parse(R"({"not": {"type": "output_contains", "value": "error"}})"), T());
  CHECK(r.passed);
  CHECK(r.details["child"] == "output_contains");
  CHECK_FALSE(Eval(Json::parse(R"({"not": {"type": "output_contains", "value": "done"}})"), T()).passed);
}

TEST_CASE("nested combinators: (keyboard OR ui_automation) AND NOT error") {
  AssertionResult r = Eval(Json::parse(R"({"allOf": [
      {"anyOf": [{"type": "tool_called", "tool": "keyboard_control"}, {"type": "tool_called", "tool": "ui_automation"}]},
      {"not": {"type": "output_contains", "value": "error"}}]})"),
                           T());
  CHECK(r.passed);
  REQUIRE(r.children.size() == 2);
  CHECK(r.children[0].children.size() == 2);
  CHECK(r.children[1].children.size() == 1);
}

TEST_CASE("registered secrets are redacted from messages and details") {
  RegisterSecret("sk-test-very-secret-123");
  Transcript t = TranscriptFromJson(Json::parse(R"({"final_output": "token sk-test-very-secret-123 leaked"})"));
  AssertionResult r = Eval(Json::parse(R"({"type": "output_contains", "value": "nothing"})"), t);
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("sk-test-very-secret-123") == std::string::npos);
  CHECK(r.details.dump().find("sk-test-very-secret-123") == std::string::npos);
  CHECK(r.message.find("[REDACTED]") != std::string::npos);
}

}  // namespace
}  // namespace ab::assertions
