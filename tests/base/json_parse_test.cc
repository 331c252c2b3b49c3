#include "base/json_parse.h"

#include <doctest/doctest.h>

#include "base/json_dump.h"

namespace ab {
namespace {

std::string Nested(size_t depth, const std::string& inner = "1") {
  return std::string(depth, '[') + inner + std::string(depth, ']');
}

}  // namespace

TEST_CASE("ParseJson parses ordinary documents") {
  Result<Json> j = ParseJson(R"({"a": [1, 2, {"b": "c"}], "d": null})");
  REQUIRE(j.has_value());
  CHECK((*j)["a"][2]["b"] == "c");
  CHECK(ParseJson("  42 ")->get<int>() == 42);
}

TEST_CASE("ParseJson reports syntax errors with a position") {
  Result<Json> j = ParseJson(R"({"a": )");
  REQUIRE_FALSE(j.has_value());
  CHECK(j.error().code == ErrorCode::kParse);
  CHECK(j.error().message.find("parse error at line 1") != std::string::npos);
  CHECK(j.error().message.find("json.exception") == std::string::npos);
  CHECK_FALSE(ParseJson("").has_value());
  CHECK(ParseJsonOrDiscarded("{").is_discarded());
}

TEST_CASE("ParseJson refuses deep nesting before building a tree, naming the limit") {
  CHECK(ParseJson(Nested(512)).has_value());
  Result<Json> deep = ParseJson(Nested(513));
  REQUIRE_FALSE(deep.has_value());
  CHECK(deep.error().message.find("nested deeper than 512 levels (json_max_depth)") != std::string::npos);

  // 60 000 levels: refused at once, no recursion anywhere.
  Result<Json> hostile = ParseJson(std::string(60'000, '{') + std::string(60'000, '}'));
  REQUIRE_FALSE(hostile.has_value());
  CHECK(hostile.error().message.find("json_max_depth") != std::string::npos);
  CHECK(ParseJsonOrDiscarded(Nested(100'000)).is_discarded());

  CHECK_FALSE(ParseJson(Nested(11), JsonLimits{10}).has_value());
  CHECK(ParseJson(Nested(10), JsonLimits{10}).has_value());
}

TEST_CASE("Brackets inside strings do not count as nesting") {
  const std::string text = R"({"s": ")" + std::string(10'000, '[') + R"(\"{{{", "t": "\\"})";
  Result<Json> j = ParseJson(text);
  REQUIRE(j.has_value());
  CHECK((*j)["t"] == "\\");
}

TEST_CASE("ParseJson refuses texts above the size limit") {
  Result<Json> j = ParseJson(std::string(2000, ' ') + "1", JsonLimits{512, 1000});
  REQUIRE_FALSE(j.has_value());
  CHECK(j.error().message.find("larger than 1000 bytes (json_max_bytes)") != std::string::npos);
}

TEST_CASE("Invalid UTF-8 in strings is replaced, not refused, and dumps") {
  Result<Json> j = ParseJson("{\"name\": \"caf\xE9\"}");
  REQUIRE(j.has_value());
  CHECK((*j)["name"] == "caf\xEF\xBF\xBD");
  CHECK(DumpJson(*j) == "{\"name\":\"caf\xEF\xBF\xBD\"}");
}

TEST_CASE("DumpJson never throws on invalid UTF-8 built into a value") {
  Json j = {{"text", std::string("bad \xFF\xFE bytes")}};
  CHECK_THROWS(j.dump());  // what DumpJson exists for
  CHECK(DumpJson(j) == "{\"text\":\"bad \xEF\xBF\xBD\xEF\xBF\xBD bytes\"}");
  CHECK(DumpJson(Json{{"a", 1}}, 2) == "{\n  \"a\": 1\n}");
}

TEST_CASE("PeekTopLevelMember finds the id of a message that cannot be parsed") {
  const std::string deep = R"({"jsonrpc": "2.0", "id": 7, "result": )" + Nested(60'000) + "}";
  REQUIRE_FALSE(ParseJson(deep).has_value());
  std::optional<Json> id = PeekTopLevelMember(deep, "id");
  REQUIRE(id.has_value());
  CHECK(*id == 7);
  // The id after the deep part, a string id, and an id only in a nested object.
  CHECK(*PeekTopLevelMember(R"({"result": [[["id"]]], "id" : "abc"})", "id") == "abc");
  CHECK_FALSE(PeekTopLevelMember(R"({"result": {"id": 3}})", "id").has_value());
  CHECK_FALSE(PeekTopLevelMember(R"({"a": "id", "b": 1})", "id").has_value());
  CHECK_FALSE(PeekTopLevelMember(R"([{"id": 1}])", "id").has_value());
  CHECK_FALSE(PeekTopLevelMember("not json", "id").has_value());
  CHECK_FALSE(PeekTopLevelMember(R"({"id": )", "id").has_value());
  CHECK_FALSE(PeekTopLevelMember(R"({"id": {"x": 1}})", "id").has_value());
  CHECK(PeekTopLevelMember(R"({"id": null})", "id")->is_null());
}

}  // namespace ab
