// $ref/$defs in the JSON Schema subset: what nested Pydantic and zod models produce, recursion, cycles, remote refs.
#include "assert/json_schema.h"

#include <doctest/doctest.h>

#include "transcript_json.h"

namespace ab::assertions {
namespace {

using testing::Eval;
using testing::J;
using testing::TranscriptFromJson;

std::string All(const std::vector<std::string>& problems) {
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  return all;
}

// What Pydantic v2 emits for nested models: $defs at the root, $ref in properties, in items and inside anyOf
// (Optional[Model]).
const char* kPydantic = R"({
  "$defs": {
    "Address": {"properties": {"street": {"type": "string"}, "zip": {"type": "string", "pattern": "^[0-9]{5}$"}},
                "required": ["street", "zip"], "title": "Address", "type": "object"},
    "Pet": {"properties": {"name": {"type": "string"}, "kind": {"enum": ["cat", "dog"], "type": "string"}},
            "required": ["name", "kind"], "title": "Pet", "type": "object"}
  },
  "properties": {
    "name": {"type": "string"},
    "home": {"$ref": "#/$defs/Address"},
    "work": {"anyOf": [{"$ref": "#/$defs/Address"}, {"type": "null"}], "default": null},
    "pets": {"items": {"$ref": "#/$defs/Pet"}, "type": "array"}
  },
  "required": ["name", "home"], "title": "Person", "type": "object"})";

}  // namespace

TEST_CASE("local $ref into $defs is followed in properties, items and anyOf (Pydantic)") {
  Json schema = J(kPydantic);
  CHECK(CheckSchema(schema).empty());
  CHECK(ValidateJson(schema, J(R"({"name": "Ann", "home": {"street": "Main", "zip": "12345"}, "work": null,
                                   "pets": [{"name": "Rex", "kind": "dog"}]})"))
            .empty());
  std::string all = All(ValidateJson(schema, J(R"({"name": "Ann", "home": {"street": "Main", "zip": "12"},
      "work": {"street": 5}, "pets": [{"name": "Tom", "kind": "cow"}, {"kind": "cat"}]})")));
  CHECK(all.find("/home/zip: \"12\" does not match /^[0-9]{5}$/") != std::string::npos);
  CHECK(all.find("/work: matches none of the 'anyOf' schemas") != std::string::npos);
  CHECK(all.find("/pets/0/kind: \"cow\" is not one of") != std::string::npos);
  CHECK(all.find("/pets/1: missing required property 'name'") != std::string::npos);
}

TEST_CASE("zod-style definitions, JSON-pointer escapes and refs to refs resolve") {
  // zod-to-json-schema: "definitions" with names holding '/' and '~', and a $ref to the root ("#").
  Json schema = J(R"({"$ref": "#/definitions/a~1b", "definitions": {
      "a/b": {"type": "object", "properties": {"t": {"$ref": "#/definitions/t~0ilde"}}, "required": ["t"]},
      "t~ilde": {"$ref": "#/definitions/num"},
      "num": {"type": "integer", "minimum": 1}},
      "$schema": "http://json-schema.org/draft-07/schema#"})");
  CHECK(CheckSchema(schema).empty());
  CHECK(ValidateJson(schema, J(R"({"t": 2})")).empty());
  CHECK(All(ValidateJson(schema, J(R"({"t": 0})"))).find("/t: 0 is less than the minimum 1") != std::string::npos);
  CHECK(All(ValidateJson(schema, J(R"({"t": "x"})"))).find("/t: expected integer, got string") != std::string::npos);
  // Percent-encoded fragments (%25 is '%').
  Json encoded = J(R"({"$defs": {"a%b": {"type": "string"}}, "properties": {"x": {"$ref": "#/$defs/a%25b"}}})");
  CHECK(CheckSchema(encoded).empty());
  CHECK_FALSE(ValidateJson(encoded, J(R"({"x": 1})")).empty());
}

TEST_CASE("a recursive schema follows the instance, and a cycle that consumes nothing is reported, not looped") {
  Json tree = J(R"({"$ref": "#/$defs/Node", "$defs": {"Node": {"type": "object", "required": ["v"],
      "properties": {"v": {"type": "integer"}, "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}}}}})");
  CHECK(ValidateJson(tree, J(R"({"v": 1, "children": [{"v": 2, "children": [{"v": 3}]}]})")).empty());
  CHECK(All(ValidateJson(tree, J(R"({"v": 1, "children": [{"v": 2, "children": [{"v": "3"}]}]})")))
            .find("/children/0/children/0/v: expected integer") != std::string::npos);
  Json cycle =
      J(R"({"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}}})");
  CHECK(CheckSchema(cycle).empty());
  CHECK(All(ValidateJson(cycle, J("1"))).find("a reference cycle") != std::string::npos);
  // An instance deeper than the $ref limit: the limit is named, nothing overflows.
  Json list = J(R"({"$defs": {"L": {"type": "object", "properties": {"next": {"$ref": "#/$defs/L"}}}},
                    "$ref": "#/$defs/L"})");
  Json deep = Json::object();
  for (int i = 0; i < 100; ++i) deep = Json{{"next", deep}};
  CHECK(All(ValidateJson(list, deep)).find("more than 64 references deep") != std::string::npos);
}

TEST_CASE("remote and dangling $refs are reported, never fetched") {
  auto remote = CheckSchema(J(R"({"properties": {"a": {"$ref": "https://example.com/schema.json#/x"}}})"));
  REQUIRE(remote.size() == 1);
  CHECK(remote[0].find("/properties/a: $ref 'https://example.com/schema.json#/x' is not supported") == 0);
  CHECK(remote[0].find("never fetched over the network") != std::string::npos);
  auto dangling = CheckSchema(J(R"({"items": {"$ref": "#/$defs/Missing"}})"));
  REQUIRE(dangling.size() == 1);
  CHECK(dangling[0] == "/items: $ref '#/$defs/Missing' points to nothing in the schema");
  CHECK(CheckSchema(J(R"({"$ref": 5})")).at(0) == "/: '$ref' must be a string");
  CHECK(CheckSchema(J(R"({"$defs": {"bad": {"type": "banana"}}})")).at(0) == "/$defs/bad: unknown type \"banana\"");
}

TEST_CASE("tool_param_schema passes and fails arguments through $ref") {
  Json schemas = {{"add_person", J(kPydantic)}};
  Json good = {
      {"calls", J(R"([{"name": "add_person", "args": {"name": "A", "home": {"street": "s", "zip": "12345"}}}])")},
      {"tool_schemas", schemas}};
  CHECK(Eval(J(R"({"type": "tool_param_schema", "tool": "add_person"})"), TranscriptFromJson(good)).passed);
  Json bad = {{"calls", J(R"([{"name": "add_person", "args": {"name": "A", "home": {"street": "s"}}}])")},
              {"tool_schemas", schemas}};
  AssertionResult r = Eval(J(R"({"type": "tool_param_schema", "tool": "add_person"})"), TranscriptFromJson(bad));
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("/home: missing required property 'zip'") != std::string::npos);
  Json remote = {{"calls", J(R"([{"name": "t", "args": {}}])")},
                 {"tool_schemas", {{"t", J(R"({"$ref": "http://127.0.0.1:1/s.json"})")}}}};
  r = Eval(J(R"({"type": "tool_param_schema", "tool": "t"})"), TranscriptFromJson(remote));
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("is not supported") != std::string::npos);
}

}  // namespace ab::assertions
