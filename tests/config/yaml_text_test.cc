// YAML read as data outside the loader (mock scripts): the loader's scalar rules and limits, no yaml-cpp in sight.
#include "config/yaml_text.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

namespace ab::config {
namespace {

TEST_CASE("YamlTextToJson types scalars by the YAML 1.2 core schema, as the loader does") {
  Result<Json> doc = YamlTextToJson("a: yes\nb: 0x10\nc: True\nd: '0x10'\ne: ~\nf: 1.5\ng: [1, \"2\"]\n", "t.yaml");
  REQUIRE(doc);
  CHECK((*doc)["a"] == Json("yes"));
  CHECK((*doc)["b"] == Json(16));
  CHECK((*doc)["b"].is_number_integer());
  CHECK((*doc)["c"] == Json(true));
  CHECK((*doc)["d"] == Json("0x10"));
  CHECK((*doc)["e"].is_null());
  CHECK((*doc)["f"] == Json(1.5));
  CHECK((*doc)["g"] == Json::parse(R"([1, "2"])"));
}

TEST_CASE("YamlTextToJson leaves ${VAR} alone: expansion is a test-file feature") {
  ::setenv("AB_YAML_TEXT_TEST_VAR", "expanded", 1);
  Result<Json> doc = YamlTextToJson("a: ${AB_YAML_TEXT_TEST_VAR}\n", "t.yaml");
  REQUIRE(doc);
  CHECK((*doc)["a"] == Json("${AB_YAML_TEXT_TEST_VAR}"));
}

TEST_CASE("YamlTextToJson reports invalid YAML, complex keys and deep nesting with the file's name") {
  Result<Json> bad = YamlTextToJson("rules: [\n", "s.yaml");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == ErrorCode::kParse);
  CHECK(bad.error().message.find("s.yaml") != std::string::npos);

  Result<Json> key = YamlTextToJson("? [a, b]\n: 1\n", "k.yaml");
  REQUIRE_FALSE(key);
  CHECK(key.error().message.find("plain key") != std::string::npos);

  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "[";
  for (int i = 0; i < 100; ++i) deep += "]";
  Result<Json> nested = YamlTextToJson(deep, "d.yaml");
  REQUIRE_FALSE(nested);
  CHECK(nested.error().message.find("64 levels") != std::string::npos);
  CHECK(nested.error().message.find("d.yaml") != std::string::npos);
}

TEST_CASE("an empty document is null") {
  Result<Json> empty = YamlTextToJson("", "e.yaml");
  REQUIRE(empty);
  CHECK(empty->is_null());
}

}  // namespace
}  // namespace ab::config
