#include "mcp/header_params.h"

#include <doctest/doctest.h>

namespace ab::mcp {
namespace {

Json Schema(Json property) { return {{"type", "object"}, {"properties", {{"p", property}}}}; }

TEST_CASE("header values are sent plain when safe and base64-encoded otherwise") {
  CHECK(EncodeHeaderValue("us-west1") == "us-west1");
  CHECK(EncodeHeaderValue("us west 1") == "us west 1");
  CHECK(EncodeHeaderValue("") == "");
  CHECK(EncodeHeaderValue("Hello, 世界") == "=?base64?SGVsbG8sIOS4lueVjA==?=");
  CHECK(EncodeHeaderValue(" padded ") == "=?base64?IHBhZGRlZCA=?=");
  CHECK(EncodeHeaderValue("line1\nline2") == "=?base64?bGluZTEKbGluZTI=?=");
  CHECK(EncodeHeaderValue("line1\r\nX-Evil: 1").find('\n') == std::string::npos);
  CHECK(EncodeHeaderValue("=?base64?literal?=") == "=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=");
  CHECK(EncodeHeaderValue("\tindented").rfind("=?base64?", 0) == 0);
}

TEST_CASE("x-mcp-header annotations are collected along properties chains") {
  Json schema = {
      {"type", "object"},
      {"properties",
       {{"region", {{"type", "string"}, {"x-mcp-header", "Region"}}},
        {"opts", {{"type", "object"}, {"properties", {{"debug", {{"type", "boolean"}, {"x-mcp-header", "Debug"}}}}}}},
        {"n", {{"type", "integer"}, {"x-mcp-header", "N"}}},
        {"query", {{"type", "string"}}}}}};
  auto params = HeaderParamsOf(schema);
  REQUIRE(params.has_value());
  REQUIRE(params->size() == 3);
  auto headers =
      HeaderParamValues(*params, {{"region", "eu"}, {"opts", {{"debug", false}}}, {"n", 42}, {"query", "x"}});
  std::vector<std::pair<std::string, std::string>> expected = {
      {"Mcp-Param-N", "42"}, {"Mcp-Param-Debug", "false"}, {"Mcp-Param-Region", "eu"}};
  std::sort(headers.begin(), headers.end());
  std::sort(expected.begin(), expected.end());
  CHECK(headers == expected);
  // null and absent values are omitted
  CHECK(HeaderParamValues(*params, {{"region", nullptr}}).empty());
}

TEST_CASE("invalid x-mcp-header annotations are refused with the reason") {
  CHECK_FALSE(HeaderParamsOf(Schema({{"type", "string"}, {"x-mcp-header", ""}})).has_value());
  CHECK_FALSE(HeaderParamsOf(Schema({{"type", "string"}, {"x-mcp-header", "My Region"}})).has_value());
  CHECK_FALSE(HeaderParamsOf(Schema({{"type", "string"}, {"x-mcp-header", "Region:Primary"}})).has_value());
  CHECK_FALSE(HeaderParamsOf(Schema({{"type", "string"}, {"x-mcp-header", "Région"}})).has_value());
  CHECK_FALSE(HeaderParamsOf(Schema({{"type", "string"}, {"x-mcp-header", "Region\t1"}})).has_value());
  CHECK_FALSE(HeaderParamsOf(Schema({{"type", "number"}, {"x-mcp-header", "Score"}})).has_value());
  CHECK_FALSE(HeaderParamsOf(Schema({{"type", "object"}, {"x-mcp-header", "Data"}})).has_value());
  CHECK_FALSE(HeaderParamsOf(Schema({{"type", "null"}, {"x-mcp-header", "Nil"}})).has_value());
  Json twice = {{"type", "object"},
                {"properties",
                 {{"a", {{"type", "string"}, {"x-mcp-header", "MyField"}}},
                  {"b", {{"type", "string"}, {"x-mcp-header", "myfield"}}}}}};
  auto dup = HeaderParamsOf(twice);
  REQUIRE_FALSE(dup.has_value());
  CHECK(dup.error().message.find("twice") != std::string::npos);
  Json in_items = {
      {"type", "object"},
      {"properties", {{"list", {{"type", "array"}, {"items", {{"type", "string"}, {"x-mcp-header", "Item"}}}}}}}};
  CHECK_FALSE(HeaderParamsOf(in_items).has_value());
  CHECK(HeaderParamsOf(Schema({{"type", "string"}, {"x-mcp-header", "Ok-Name_1"}})).has_value());
}

}  // namespace
}  // namespace ab::mcp
