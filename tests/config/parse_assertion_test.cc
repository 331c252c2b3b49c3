// Assertion items: typed fields with locations, combinators nested with locations, shape errors.
#include <doctest/doctest.h>

#include "config_test_util.h"

namespace ab::config {
namespace {

using testing::All;
using testing::kMinimal;
using testing::Parse;

// kMinimal with |items| as the test's assertions; the first item starts at line 13, its keys at column 11.
Loaded<TestFile> WithAssertions(const std::string& items) {
  return Parse(std::string(kMinimal) + "        assertions:\n" + items);
}

TEST_CASE("fields keep YAML types: plain scalars typed, quoted scalars strings") {
  Loaded<TestFile> f = WithAssertions(
      "          - type: tool_param_equals\n"
      "            tool: create_user\n"
      "            value: \"30\"\n"
      "            count: 3\n"
      "            threshold: 0.75\n"
      "            expected: true\n"
      "            max: ~\n"
      "            pattern: '^a'\n"
      "            params:\n"
      "              age: 30\n"
      "              name: John\n"
      "              quoted: 'false'\n"
      "              settings.theme: dark\n"
      "            sequence: [a, 2, null]\n");
  REQUIRE_MESSAGE(f.ok(), All(f));
  const AssertionSpec& a = f.value->sessions[0].tests[0].assertions[0];
  CHECK(a.type == "tool_param_equals");
  CHECK(a.loc.ToString() == "t.yaml:13:13");
  CHECK(a.fields["tool"] == Json("create_user"));
  CHECK(a.fields["value"] == Json("30"));
  CHECK(a.fields["count"] == Json(3));
  CHECK(a.fields["count"].is_number_integer());
  CHECK(a.fields["threshold"] == Json(0.75));
  CHECK(a.fields["expected"] == Json(true));
  CHECK(a.fields["max"].is_null());
  CHECK(a.fields["pattern"] == Json("^a"));
  CHECK(a.fields["params"]["age"] == Json(30));
  CHECK(a.fields["params"]["name"] == Json("John"));
  CHECK(a.fields["params"]["quoted"] == Json("false"));
  CHECK(a.fields["params"]["settings.theme"] == Json("dark"));
  CHECK(a.fields["sequence"] == Json::parse(R"(["a", 2, null])"));
  CHECK_FALSE(a.fields.contains("type"));
  CHECK(a.field_locs.at("tool").ToString() == "t.yaml:14:13");
  CHECK(a.field_locs.at("sequence").ToString() == "t.yaml:26:13");
  CHECK(a.field_locs.size() == a.fields.size());
}

TEST_CASE("field keys are not validated here (the assertion layer does it)") {
  Loaded<TestFile> f = WithAssertions("          - type: cli_stdout_contains\n            substring: x\n");
  CHECK(f.ok());
  CHECK(f.value->sessions[0].tests[0].assertions[0].fields["substring"] == Json("x"));
}

TEST_CASE("nested combinators keep children and locations") {
  Loaded<TestFile> f = WithAssertions(
      "          - allOf:\n"
      "              - anyOf:\n"
      "                  - type: tool_called\n"
      "                    tool: keyboard\n"
      "                  - type: tool_called\n"
      "                    tool: ui\n"
      "              - not:\n"
      "                  type: output_contains\n"
      "                  value: error\n");
  REQUIRE_MESSAGE(f.ok(), All(f));
  const AssertionSpec& top = f.value->sessions[0].tests[0].assertions[0];
  CHECK(top.type == "allOf");
  CHECK(top.loc.ToString() == "t.yaml:13:13");
  REQUIRE(top.children.size() == 2);
  const AssertionSpec& any = top.children[0];
  CHECK(any.type == "anyOf");
  CHECK(any.loc.ToString() == "t.yaml:14:17");
  REQUIRE(any.children.size() == 2);
  CHECK(any.children[1].fields["tool"] == Json("ui"));
  CHECK(any.children[1].loc.ToString() == "t.yaml:17:21");
  const AssertionSpec& neg = top.children[1];
  CHECK(neg.type == "not");
  REQUIRE(neg.children.size() == 1);
  CHECK(neg.children[0].type == "output_contains");
  CHECK(neg.children[0].loc.ToString() == "t.yaml:20:19");
}

TEST_CASE("combinator shape errors") {
  CHECK(All(WithAssertions("          - anyOf: []\n")) ==
        "t.yaml:13:20: error: empty 'anyOf': list at least one assertion\n");
  CHECK(All(WithAssertions("          - not: [{type: x}]\n")) ==
        "t.yaml:13:18: error: 'not' takes a single assertion (a mapping), got a sequence\n");
  CHECK(All(WithAssertions("          - allOf: {type: x}\n")) ==
        "t.yaml:13:20: error: 'allOf' takes a list of assertions, got a mapping\n");
  CHECK(All(WithAssertions("          - type: x\n            anyOf: [{type: y}]\n")) ==
        "t.yaml:13:13: error: an assertion has either 'type' or 'anyOf', not both\n");
  CHECK(All(WithAssertions("          - anyOf: [{type: y}]\n            tool: z\n")) ==
        "t.yaml:14:13: error: unknown key 'tool' in 'anyOf' assertion\n");
  CHECK(All(WithAssertions("          - anyof:\n              - type: y\n")) ==
        "t.yaml:13:13: error: assertion is missing required key 'type', did you mean 'anyOf' instead of "
        "'anyof'?\n");
  CHECK(All(WithAssertions("          - tool: x\n")) ==
        "t.yaml:13:13: error: assertion is missing required key 'type'\n");
  CHECK(All(WithAssertions("          - output_contains\n")) ==
        "t.yaml:13:13: error: expected a mapping for assertion, got a scalar\n");
}

TEST_CASE("errors inside nested children are reported at their own position") {
  Loaded<TestFile> f = WithAssertions(
      "          - anyOf:\n"
      "              - type: tool_called\n"
      "              - not:\n"
      "                  tool: x\n");
  CHECK(All(f) == "t.yaml:16:19: error: assertion is missing required key 'type'\n");
}

}  // namespace
}  // namespace ab::config

namespace ab::config {
namespace {

TEST_CASE("type: anyOf says how combinators are written") {
  Loaded<TestFile> f = testing::Parse(std::string(testing::kMinimal) +
                                      "        assertions:\n          - type: anyOf\n            assertions:\n"
                                      "              - type: output_contains\n                value: x\n");
  REQUIRE(testing::Lines(f).size() == 1);
  CHECK(testing::Lines(f)[0] ==
        "t.yaml:13:19: error: 'anyOf' is a combinator, not an assertion type: write 'anyOf:' followed by the list "
        "of assertions (- anyOf: [{type: ...}, {type: ...}])");
}

}  // namespace
}  // namespace ab::config
