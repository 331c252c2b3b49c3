// Writing YAML in config/: a document with one top-level key replaced reads back by the same rules.
#include "config/yaml_write.h"

#include <doctest/doctest.h>

#include "config/bench_spec.h"
#include "config/yaml_text.h"

namespace ab::config {
namespace {

TEST_CASE("yaml write: a top-level key is replaced and the document reads back the same") {
  Json variants = Json::array({Json{{"name", "v1"}, {"variables", {{"n", "0x10"}, {"flag", "yes"}, {"q", "a: b"}}}}});
  Result<std::string> text = SetTopLevelKey(
      "configs:\n  - {name: a, provider: p}\nvariants:\n  - {name: old}\nruns: 2\n", "variants", variants);
  REQUIRE_MESSAGE(text.has_value(), (text ? "" : text.error().ToString()));
  Result<BenchSpec> spec = ParseBenchSpec(*text, "c.yaml");
  REQUIRE_MESSAGE(spec.has_value(), (spec ? "" : spec.error().ToString()));
  CHECK(spec->runs == 2);
  REQUIRE(spec->variants.size() == 1);
  CHECK(spec->variants[0].name == "v1");
  // Strings stay strings however they look: the values read back exactly.
  Result<Json> back = YamlTextToJson(*text, "c.yaml");
  REQUIRE(back.has_value());
  CHECK((*back)["variants"][0]["variables"] == variants[0]["variables"]);
}

TEST_CASE("yaml write: numbers, booleans and null keep their YAML types") {
  Result<std::string> text = SetTopLevelKey("a: 1\n", "b", Json{{"i", 16}, {"f", 0.5}, {"t", true}, {"n", nullptr}});
  REQUIRE(text.has_value());
  Result<Json> back = YamlTextToJson(*text, "x.yaml");
  REQUIRE(back.has_value());
  CHECK((*back)["a"] == Json(1));
  CHECK((*back)["b"]["i"] == Json(16));
  CHECK((*back)["b"]["f"] == Json(0.5));
  CHECK((*back)["b"]["t"] == Json(true));
  CHECK((*back)["b"]["n"].is_null());
}

TEST_CASE("yaml write: not YAML or not a mapping is an error, never a throw") {
  Result<std::string> bad = SetTopLevelKey("a: [\n", "b", Json(1));
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().code == ErrorCode::kParse);
  Result<std::string> list = SetTopLevelKey("- 1\n", "b", Json(1));
  REQUIRE_FALSE(list.has_value());
  CHECK(list.error().code == ErrorCode::kConfig);
}

}  // namespace
}  // namespace ab::config
