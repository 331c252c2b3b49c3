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
  CHECK(nlohmann::json(out["properties"]["limit"]) == nlohmann::json({{"type", "integer"}, {"nullable", true}, {"default", 10}}));
  CHECK(out["properties"]["tags"]["items"] == Json({{"type", "string"}, {"minLength", 1}}));
  CHECK_FALSE(out["properties"]["opts"].contains("additionalProperties"));
  CHECK_FALSE(out["properties"]["level"].contains("enum"));
  CHECK(out["properties"]["when"]["format"] == "date-time");
  CHECK(out["properties"]["when"]["nullable"] == true);
}

}  // namespace
}  // namespace ab::llm
