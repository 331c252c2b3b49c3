#include "llm/gemini_schema.h"

#include <doctest/doctest.h>

namespace ab::llm {
namespace {

TEST_CASE("MCP JSON Schema is reduced to what Gemini accepts") {
  const Json in = Json::parse(R"({
    "$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "additionalProperties": false,
    "properties": {
      "path": {"type": "string", "format": "uri", "description": "file"},
      "mode": {"const": "read"},
      "limit": {"type": ["integer", "null"], "default": 10},
      "tags": {"type": "array", "items": {"type": "string", "minLength": 1, "$comment": "x"}},
      "opts": {"type": "object", "properties": {"deep": {"type": "boolean"}}, "additionalProperties": {"type": "string"}},
      "level": {"enum": [1, 2, 3]},
      "when": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]}
    },
    "required": ["path", "ghost"]})");
  const Json out = CleanGeminiSchema(in);
  CHECK_FALSE(out.contains("$schema"));
  CHECK_FALSE(out.contains("additionalProperties"));
  CHECK(out["required"] == Json::array({"path"}));
  CHECK_FALSE(out["properties"]["path"].contains("format"));
  CHECK(out["properties"]["path"]["description"] == "file");
  CHECK(out["properties"]["mode"]["enum"] == Json::array({"read"}));
  CHECK(nlohmann::json(out["properties"]["limit"]) ==
        nlohmann::json({{"type", "integer"}, {"nullable", true}, {"default", 10}}));
  CHECK(out["properties"]["tags"]["items"] == Json({{"type", "string"}, {"minLength", 1}}));
  CHECK_FALSE(out["properties"]["opts"].contains("additionalProperties"));
  CHECK_FALSE(out["properties"]["level"].contains("enum"));
  CHECK(out["properties"]["when"]["format"] == "date-time");
  CHECK(out["properties"]["when"]["nullable"] == true);
}

TEST_CASE("local $refs are inlined so Gemini sees the structure (Pydantic $defs, zod definitions)") {
  const Json pydantic = Json::parse(R"({
    "$defs": {"Pet": {"type": "object", "title": "Pet", "required": ["name"],
                      "properties": {"name": {"type": "string"}, "kind": {"enum": ["cat", "dog"], "type": "string"}}},
              "Address": {"type": "object", "properties": {"zip": {"type": "string"}}}},
    "type": "object", "required": ["pets"],
    "properties": {"pets": {"type": "array", "items": {"$ref": "#/$defs/Pet"}},
                   "home": {"$ref": "#/$defs/Address", "description": "where they live"},
                   "work": {"anyOf": [{"$ref": "#/$defs/Address"}, {"type": "null"}]}}})");
  const Json out = CleanGeminiSchema(pydantic);
  CHECK_FALSE(out.contains("$defs"));
  const Json& pet = out["properties"]["pets"]["items"];
  CHECK(pet["type"] == "object");
  CHECK(pet["required"] == Json::array({"name"}));
  CHECK(pet["properties"]["kind"]["enum"] == Json::array({"cat", "dog"}));
  CHECK(out["properties"]["home"]["properties"]["zip"]["type"] == "string");
  CHECK(out["properties"]["home"]["description"] == "where they live");  // the keyword beside $ref stays
  CHECK(out["properties"]["work"]["type"] == "object");
  CHECK(out["properties"]["work"]["nullable"] == true);
  CHECK(out["properties"]["work"]["properties"]["zip"]["type"] == "string");
  CHECK(out.dump().find("$ref") == std::string::npos);

  // zod-to-json-schema: the root itself is a $ref into "definitions", names escaped as JSON pointers.
  const Json zod =
      Json::parse(R"({"$ref": "#/definitions/in~1put", "$schema": "http://json-schema.org/draft-07/schema#",
    "definitions": {"in/put": {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]}}})");
  const Json z = CleanGeminiSchema(zod);
  CHECK(z["type"] == "object");
  CHECK(z["required"] == Json::array({"q"}));
  CHECK_FALSE(z.contains("definitions"));
  CHECK_FALSE(z.contains("$schema"));
}

TEST_CASE("recursive, fanning-out and remote $refs are cut off with a permissive schema") {
  const Json tree = Json::parse(R"({"type": "object", "properties": {"root": {"$ref": "#/$defs/Node"}},
    "$defs": {"Node": {"type": "object", "properties": {"v": {"type": "integer"},
                                                        "kids": {"type": "array", "items": {"$ref": "#/$defs/Node"}}}}}})");
  const Json out = CleanGeminiSchema(tree);
  const Json* node = &out["properties"]["root"];
  int levels = 0;
  while (node->contains("properties")) {
    ++levels;
    node = &(*node)["properties"]["kids"]["items"];
  }
  CHECK(levels == 6);
  CHECK((*node)["description"].get<std::string>().find("a Node (nested too deep") == 0);
  CHECK_FALSE(node->contains("type"));

  // Each level refers to the next 30 times: 30^5 paths within the depth bound, cut by the inlining budget.
  Json fan = {{"$defs", Json::object()}, {"$ref", "#/$defs/L0"}};
  for (int i = 0; i < 5; ++i) {
    Json props = Json::object();
    for (int k = 0; k < 30; ++k) props["p" + std::to_string(k)] = {{"$ref", "#/$defs/L" + std::to_string(i + 1)}};
    fan["$defs"]["L" + std::to_string(i)] = {{"type", "object"}, {"properties", props}};
  }
  fan["$defs"]["L5"] = {{"type", "string"}};
  const std::string fanned = CleanGeminiSchema(fan).dump();
  CHECK(fanned.size() < 2'000'000);
  CHECK(fanned.find("nested too deep") != std::string::npos);

  const Json remote = Json::parse(R"({"type": "object", "properties": {"x": {"$ref": "https://example.com/s.json"}}})");
  CHECK(CleanGeminiSchema(remote)["properties"]["x"] ==
        Json({{"description", "any value (https://example.com/s.json)"}}));
}

}  // namespace
}  // namespace ab::llm
