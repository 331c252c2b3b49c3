// tool_param_schema, output_json_schema, and the JSON Schema subset behind them.
#include <doctest/doctest.h>

#include "assert/json_schema.h"
#include "transcript_json.h"

namespace ab::assertions {
namespace {

using testing::Eval;
using testing::TranscriptFromJson;

using testing::J;

TEST_CASE("ValidateJson covers the supported keywords") {
  Json schema = J(R"({"type": "object", "required": ["name", "age"], "additionalProperties": false,
    "properties": {"name": {"type": "string", "minLength": 2, "maxLength": 5, "pattern": "^[A-Z]"},
                   "age": {"type": "integer", "minimum": 0, "maximum": 150},
                   "tags": {"type": "array", "items": {"enum": ["a", "b"]}, "maxItems": 2},
                   "id": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                   "kind": {"oneOf": [{"const": "x"}, {"type": "number"}]},
                   "both": {"allOf": [{"type": "number"}, {"exclusiveMinimum": 1}]}}})");
  CHECK(
      ValidateJson(schema, J(R"({"name": "Zoë", "age": 30, "tags": ["a"], "id": 3, "kind": "x", "both": 2})")).empty());
  CHECK(ValidateJson(schema, J(R"({"name": "Al", "age": 30.0})")).empty());  // 30.0 is an integer
  auto problems = ValidateJson(schema, J(R"({"name": "a", "age": -1, "extra": 1, "tags": ["c", "a", "b"],
                                             "id": true, "kind": 5, "both": 1})"));
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  CHECK(all.find("/name: string shorter than 2") != std::string::npos);
  CHECK(all.find("/name: \"a\" does not match /^[A-Z]/") != std::string::npos);
  CHECK(all.find("/age: -1 is less than the minimum 0") != std::string::npos);
  CHECK(all.find("/: property 'extra' is not allowed") != std::string::npos);
  CHECK(all.find("/tags/0: \"c\" is not one of") != std::string::npos);
  CHECK(all.find("/tags: more than 2 items") != std::string::npos);
  CHECK(all.find("/id: matches none of the 'anyOf' schemas") != std::string::npos);
  CHECK(all.find("/both: 1 must be greater than 1") != std::string::npos);
  CHECK(ValidateJson(schema, J(R"({"name": "Al", "age": 1, "kind": 5})")).empty());
  CHECK(ValidateJson(schema, J(R"([1])")).at(0) == "/: expected object, got array");
  CHECK(ValidateJson(schema, J(R"({"name": "Al"})")).at(0) == "/: missing required property 'age'");
}

TEST_CASE("CheckSchema finds malformed schemas") {
  CHECK(CheckSchema(J(R"({"type": ["string", "null"], "properties": {"a": true}})")).empty());
  CHECK(CheckSchema(J("true")).empty());
  CHECK(CheckSchema(J("5")).at(0) == "/: a schema must be an object or a boolean");
  CHECK(CheckSchema(J(R"({"required": "a"})")).at(0) == "/: 'required' must be a list of strings");
  CHECK(CheckSchema(J(R"({"items": {"pattern": "("}})")).at(0).find("/items: invalid pattern") == 0);
  CHECK(CheckSchema(J(R"({"anyOf": []})")).at(0) == "/: 'anyOf' must be a non-empty list");
}

TEST_CASE("tool_param_schema checks calls against the tool's input schema") {
  Json schemas = J(R"({"create_user": {"type": "object", "required": ["name"],
                                        "properties": {"name": {"type": "string"}, "age": {"type": "integer"}}}})");
  Json good = {{"calls", J(R"([{"name": "create_user", "args": {"name": "Ann", "age": 3}}])")},
               {"tool_schemas", schemas}};
  CHECK(Eval(J(R"({"type": "tool_param_schema", "tool": "create_user"})"), TranscriptFromJson(good)).passed);
  CHECK(Eval(J(R"({"type": "tool_param_schema"})"), TranscriptFromJson(good)).passed);
  Json bad = {{"calls", J(R"([{"name": "create_user", "args": {"name": "Ann"}},
                             {"name": "create_user", "args": {"age": "3"}}])")},
              {"tool_schemas", schemas}};
  AssertionResult r = Eval(J(R"({"type": "tool_param_schema", "tool": "create_user"})"), TranscriptFromJson(bad));
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("call #2") != std::string::npos);
  CHECK(r.message.find("missing required property 'name'") != std::string::npos);
  CHECK(r.message.find("/age: expected integer, got string") != std::string::npos);
  Json unknown = {{"calls", J(R"([{"name": "other", "args": {}}])")}, {"tool_schemas", schemas}};
  r = Eval(J(R"({"type": "tool_param_schema"})"), TranscriptFromJson(unknown));
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("no input schema is known for tool 'other'") == 0);
  CHECK_FALSE(Eval(J(R"({"type": "tool_param_schema", "tool": "create_user"})"), TranscriptFromJson(J("{}"))).passed);
}

TEST_CASE("output_json_schema validates the final answer's JSON") {
  const char* spec = R"({"type": "output_json_schema", "schema": {"type": "object", "required": ["ok"],
                         "properties": {"ok": {"type": "boolean"}}}})";
  CHECK(Eval(J(spec), TranscriptFromJson(J(R"({"final_output": "{\"ok\": true}"})"))).passed);
  AssertionResult r = Eval(J(spec), TranscriptFromJson(J(R"({"final_output": "{\"ok\": \"yes\"}"})")));
  CHECK_FALSE(r.passed);
  CHECK(r.message == "the output breaks the schema: /ok: expected boolean, got string");
  r = Eval(J(spec), TranscriptFromJson(J(R"({"final_output": ""})")));
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("the output is not JSON") != std::string::npos);
}

}  // namespace
}  // namespace ab::assertions
