#include "assert/compare.h"

#include <doctest/doctest.h>

#include "assert/fields.h"
#include "assert/output_json.h"
#include "transcript_json.h"

namespace ab::assertions {
namespace {

using testing::J;

TEST_CASE("ValuesMatch compares by value") {
  CHECK(ValuesMatch(J("30"), J("30.0")));
  CHECK(ValuesMatch(J("\"30\""), J("30")));
  CHECK(ValuesMatch(J("30"), J("\"30\"")));
  CHECK(ValuesMatch(J("\"3.5\""), J("3.5")));
  CHECK_FALSE(ValuesMatch(J("\"30 \""), J("30")));
  CHECK_FALSE(ValuesMatch(J("\"0x1E\""), J("30")));
  CHECK_FALSE(ValuesMatch(J("\"30\""), J("\"30.0\"")));  // two strings: exact
  CHECK(ValuesMatch(J("\"true\""), J("true")));
  CHECK_FALSE(ValuesMatch(J("\"yes\""), J("true")));
  CHECK(ValuesMatch(J("null"), J("null")));
  CHECK_FALSE(ValuesMatch(J("\"null\""), J("null")));
  CHECK(ValuesMatch(J(R"({"a": [1, "2"], "b": {"c": true}})"), J(R"({"b": {"c": true}, "a": [1.0, 2]})")));
  CHECK_FALSE(ValuesMatch(J(R"({"a": 1})"), J(R"({"a": 1, "b": 2})")));
  CHECK_FALSE(ValuesMatch(J("[1, 2]"), J("[2, 1]")));
  CHECK(ValuesMatch(J("\"héllo ✓\""), J("\"héllo ✓\"")));
}

TEST_CASE("LookupDotPath walks objects and array indices, preferring an exact key") {
  Json args =
      J(R"({"config": {"retry": {"max": 3}}, "items": [{"name": "a"}, {"name": "b"}], "a.b": 1, "a": {"b": 2}})");
  REQUIRE(LookupDotPath(args, "config.retry.max") != nullptr);
  CHECK(*LookupDotPath(args, "config.retry.max") == 3);
  CHECK(*LookupDotPath(args, "items.1.name") == "b");
  CHECK(*LookupDotPath(args, "a.b") == 1);
  CHECK(LookupDotPath(args, "items.2.name") == nullptr);
  CHECK(LookupDotPath(args, "items.x") == nullptr);
  CHECK(LookupDotPath(args, "config.retry.max.deeper") == nullptr);
  CHECK(LookupDotPath(J("null"), "a") == nullptr);
}

TEST_CASE("ScalarText and ParseNumber") {
  CHECK(ScalarText(J("30")) == "30");
  CHECK(ScalarText(J("30.0")) == "30");
  CHECK(ScalarText(J("2.5")) == "2.5");
  CHECK(ScalarText(J("true")) == "true");
  CHECK(ScalarText(J("\"x\"")) == "x");
  CHECK(ScalarText(J("[1]")) == "[1]");
  CHECK(ParseNumber("-1.5e2") == -150.0);
  CHECK_FALSE(ParseNumber("").has_value());
  CHECK_FALSE(ParseNumber("1x").has_value());
  CHECK_FALSE(ParseNumber(" 1").has_value());
  CHECK_FALSE(ParseNumber("nan").has_value());
  CHECK(ParseInteger("42") == 42);
  CHECK_FALSE(ParseInteger("4.2").has_value());
}

TEST_CASE("ParseOutputJson finds whole JSON or a fenced block") {
  CHECK(ParseOutputJson("  {\"a\": 1}\n") == J(R"({"a": 1})"));
  CHECK(ParseOutputJson("Result:\n```json\n[1, 2]\n```\nbye") == J("[1, 2]"));
  CHECK(ParseOutputJson("```\n{\"b\": 2}\n```") == J(R"({"b": 2})"));
  CHECK(ParseOutputJson("```python\nprint(1)\n```\n```json\n{\"c\": 3}\n```") == J(R"({"c": 3})"));
  CHECK_FALSE(ParseOutputJson("no json here").has_value());
  CHECK_FALSE(ParseOutputJson("").has_value());
  CHECK_FALSE(ParseOutputJson("```json\n{broken\n```").has_value());
  CHECK_FALSE(ParseOutputJson("```json\n{\"a\": 1}").has_value());  // unclosed fence
}

}  // namespace
}  // namespace ab::assertions
