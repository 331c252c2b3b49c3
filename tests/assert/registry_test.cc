// Load-time validation: each diagnostic kind, with its exact location.
#include <doctest/doctest.h>

#include "assert/assertion.h"
#include "transcript_json.h"

namespace ab::assertions {
namespace {

using testing::SpecFromJson;

Diagnostics Validate(const char* json, int line = 10) {
  return ValidateAssertions({SpecFromJson(Json::parse(json), line)});
}

void ExpectOne(const Diagnostics& d, const std::string& message, int line, int col) {
  REQUIRE(d.size() == 1);
  CHECK(d[0].severity == Severity::kError);
  CHECK(d[0].message == message);
  CHECK(d[0].loc.file == "test.yaml");
  CHECK(d[0].loc.line == line);
  CHECK(d[0].loc.col == col);
}

TEST_CASE("valid specs give no diagnostics") {
  CHECK(Validate(R"({"type": "tool_called", "tool": "x"})").empty());
  CHECK(Validate(R"({"type": "max_tokens", "value": "500"})").empty());
  CHECK(Validate(R"({"type": "max_tokens", "count": 500})").empty());
  CHECK(Validate(R"({"type": "output_regex", "pattern": "{{P}}("})").empty());  // templated: checked later
  CHECK(
      Validate(R"({"anyOf": [{"type": "tool_called", "tool": "a"}, {"not": {"type": "no_error_messages"}}]})").empty());
}

TEST_CASE("unknown type gets a did-you-mean at the type's location") {
  ExpectOne(Validate(R"({"type": "tool_caled", "tool": "x"})"),
            "unknown assertion type 'tool_caled', did you mean 'tool_called'?", 10, 5);
  ExpectOne(Validate(R"({"type": "zzzzzz"})"), "unknown assertion type 'zzzzzz'", 10, 5);
}

TEST_CASE("skill_loaded needs 'skill' or 'name', not both") {
  ExpectOne(Validate(R"({"type": "skill_loaded"})", 4),
            "assertion 'skill_loaded': missing required field 'skill' (the skill's name)", 4, 5);
  CHECK(Validate(R"({"type": "skill_loaded", "skill": "x"})").empty());
  CHECK_FALSE(Validate(R"({"type": "skill_loaded", "skill": "x", "name": "y"})").empty());
}

TEST_CASE("missing required field is reported at the assertion") {
  ExpectOne(Validate(R"({"type": "tool_called"})", 4), "assertion 'tool_called': missing required field 'tool'", 4, 5);
  ExpectOne(Validate(R"({"type": "max_tokens"})"),
            "assertion 'max_tokens': missing required field 'value' (or 'count')", 10, 5);
}

TEST_CASE("unknown field is reported at the field with a suggestion among the type's fields") {
  // The reference silently passed cli_stdout_contains with `substring:`.
  Diagnostics typo = Validate(R"({"type": "cli_stdout_contains", "substring": "ok"})");
  REQUIRE(typo.size() == 2);
  CHECK(typo[0].message ==
        "assertion 'cli_stdout_contains': unknown field 'substring' (its fields: tool, value, call)");
  CHECK(typo[0].loc.col == 6);
  CHECK(typo[1].message == "assertion 'cli_stdout_contains': missing required field 'value'");
  CHECK(typo[1].loc.col == 5);
  Diagnostics d = Validate(R"({"type": "tool_called", "tool": "x", "tol": "y"})");
  ExpectOne(d, "assertion 'tool_called': unknown field 'tol', did you mean 'tool'?", 10, 7);
  ExpectOne(Validate(R"({"type": "no_error_messages", "value": 1})"),
            "assertion 'no_error_messages': unknown field 'value' (this type takes no fields)", 10, 6);
}

TEST_CASE("tool_call_count rejects value: with a hint to use count") {
  ExpectOne(Validate(R"({"type": "tool_call_count", "tool": "click", "value": 1})"),
            "assertion 'tool_call_count': field 'value' is not supported: use 'count: N' for the number of calls", 10,
            7);
}

TEST_CASE("wrong field type is reported at the field") {
  ExpectOne(Validate(R"({"type": "max_tokens", "value": "lots"})"),
            "assertion 'max_tokens': field 'value' must be a non-negative integer, got \"lots\"", 10, 6);
  ExpectOne(Validate(R"({"type": "tool_called", "tool": ["a"]})"),
            "assertion 'tool_called': field 'tool' must be a string, got [\"a\"]", 10, 6);
  ExpectOne(Validate(R"({"type": "tool_param_equals", "tool": "a", "params": "x=1"})"),
            "assertion 'tool_param_equals': field 'params' must be a mapping, got \"x=1\"", 10, 7);
  ExpectOne(Validate(R"({"type": "tool_call_order", "sequence": "a"})"),
            "assertion 'tool_call_order': field 'sequence' must be a list of strings, got \"a\"", 10, 6);
}

TEST_CASE("invalid RE2 pattern carries RE2's reason") {
  ExpectOne(Validate(R"({"type": "output_regex", "pattern": "a(b"})"),
            "assertion 'output_regex': invalid pattern: missing ): a(b", 10, 6);
  ExpectOne(Validate(R"({"type": "tool_param_matches_regex", "tool": "t", "params": {"q": "[z-a]"}})"),
            "assertion 'tool_param_matches_regex': 'q': invalid pattern: invalid character class range: z-a", 10, 7);
}

TEST_CASE("invalid JSONPath carries the column") {
  ExpectOne(Validate(R"({"type": "tool_result_matches_json", "tool": "t", "path": "$.a[", "value": 1})"),
            "assertion 'tool_result_matches_json': invalid JSONPath '$.a[': at column 5: expected a selector before "
            "the end",
            10, 7);
}

TEST_CASE("invalid JSON schema is reported at the schema field") {
  ExpectOne(Validate(R"({"type": "output_json_schema", "schema": {"type": "strng"}})"),
            "assertion 'output_json_schema': invalid JSON schema: /: unknown type \"strng\"", 10, 6);
  ExpectOne(Validate(R"({"type": "output_json_schema", "schema": {"properties": {"a": {"minLength": -1}}}})"),
            "assertion 'output_json_schema': invalid JSON schema: /properties/a: 'minLength' must be a non-negative "
            "integer",
            10, 6);
}

TEST_CASE("empty sequence, empty combinators and over-deep nesting are load errors") {
  ExpectOne(Validate(R"({"type": "tool_call_order", "sequence": []})"),
            "assertion 'tool_call_order': 'sequence' must list at least one tool", 10, 6);
  ExpectOne(Validate(R"({"anyOf": []})"), "assertion 'anyOf': 'anyOf' needs at least one assertion", 10, 5);
  Json deep = Json::parse(R"({"type": "no_error_messages"})");
  for (int i = 0; i < 10; ++i) deep = Json{{"not", deep}};
  CHECK(ValidateAssertions({SpecFromJson(deep)}).empty());  // ten levels are allowed
  deep = Json{{"not", deep}};
  Diagnostics d = ValidateAssertions({SpecFromJson(deep, 1)});
  ExpectOne(d, "assertion 'not': combinators are nested deeper than 10 levels", 11, 5);
}

TEST_CASE("errors inside combinators keep the child's location, and all errors are collected") {
  Diagnostics d = Validate(R"({"allOf": [{"type": "tool_called", "tool": "a"}, {"type": "output_regx",
                                 "pattern": "x"}, {"type": "tool_called"}]})",
                           20);
  REQUIRE(d.size() == 2);
  CHECK(d[0].message == "unknown assertion type 'output_regx', did you mean 'output_regex'?");
  CHECK(d[0].loc.line == 22);
  CHECK(d[1].message == "assertion 'tool_called': missing required field 'tool'");
  CHECK(d[1].loc.line == 23);
}

TEST_CASE("file_created rejects a literal path escaping the test directory") {
  ExpectOne(Validate(R"({"type": "file_created", "path": "../../etc/passwd"})"),
            "assertion 'file_created': path '../../etc/passwd' escapes the test directory through '..'", 10, 6);
  CHECK(Validate(R"({"type": "file_created", "path": "/tmp/../tmp/x"})").empty());  // absolute in the YAML
  CHECK(Validate(R"({"type": "file_created", "path": "out/../out/x.txt"})").empty());
}

TEST_CASE("the registry lists every type once and refuses nothing it lists") {
  const Registry& r = BuiltinRegistry();
  CHECK(r.Types().size() == 36);
  CHECK(r.Find("tool_called") != nullptr);
  CHECK(r.Find("not") != nullptr);
  CHECK(r.Find("file_written") == nullptr);
}

}  // namespace
}  // namespace ab::assertions
