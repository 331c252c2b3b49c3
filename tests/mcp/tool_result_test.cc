#include "mcp/tool_result.h"

#include <doctest/doctest.h>

namespace ab::mcp {
namespace {

TEST_CASE("tool infos keep schemas and ignore unknown fields") {
  Json tool = {{"name", "get"},
               {"title", "Get"},
               {"description", "d"},
               {"execution", {{"taskSupport", "forbidden"}}},
               {"inputSchema", {{"$schema", "http://json-schema.org/draft-07/schema#"}, {"type", "object"}}},
               {"outputSchema", {{"type", "object"}}}};
  auto info = ParseToolInfo(tool);
  REQUIRE(info.has_value());
  CHECK(info->title == "Get");
  CHECK(info->input_schema.contains("$schema"));
  CHECK(info->output_schema.is_object());
  CHECK(info->annotations.is_null());
  CHECK_FALSE(ParseToolInfo(Json{{"description", "no name"}}).has_value());
}

TEST_CASE("oversized results are cut and marked truncated, binary data is dropped, not halved") {
  Json result = {
      {"content", Json::array({{{"type", "text"}, {"text", std::string(100, 'a')}},
                               {{"type", "image"}, {"data", std::string(100, 'B')}, {"mimeType", "image/png"}}})},
      {"structuredContent", {{"big", std::string(100, 'c')}}}};
  auto parsed = ParseToolResult(result, 50);
  REQUIRE(parsed.has_value());
  CHECK(parsed->truncated);
  CHECK(parsed->content[0].text.size() <= 54);
  CHECK(parsed->content[1].data.empty());
  CHECK(parsed->content[1].raw["truncated"] == true);
  CHECK(parsed->structured.is_null());
  auto whole = ParseToolResult(result, 1 << 20);
  REQUIRE(whole.has_value());
  CHECK_FALSE(whole->truncated);
  CHECK(whole->structured["big"].get<std::string>().size() == 100);
}

TEST_CASE("a result that is not an object is a protocol error") {
  CHECK(ParseToolResult(Json::array(), 100).error().code == ErrorCode::kProtocol);
}

}  // namespace
}  // namespace ab::mcp

namespace ab::mcp {
namespace {

TEST_CASE("fields of the wrong type in a tools/call result are read as absent, never thrown (fuzz_jsonrpc finding)") {
  for (const std::string bad : {R"("true")", "1", "null", "[]"}) {
    CAPTURE(bad);
    const Json result =
        Json::parse(std::string(R"({"content": [{"type": "text", "text": "hi"}], "isError": )") + bad + "}");
    Result<ToolResult> parsed = ParseToolResult(result, 1 << 20);
    REQUIRE(parsed.has_value());
    CHECK_FALSE(parsed->is_error);
    CHECK(parsed->Text() == "hi");
  }
  Result<ToolResult> flagged = ParseToolResult(Json::parse(R"({"content": [], "isError": true})"), 1 << 20);
  REQUIRE(flagged.has_value());
  CHECK(flagged->is_error);
}

}  // namespace
}  // namespace ab::mcp
