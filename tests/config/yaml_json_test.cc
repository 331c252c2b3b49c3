// YAML 1.2 core-schema typing of scalars, and the guards against hostile documents.
#include "config/yaml_json.h"

#include <doctest/doctest.h>

namespace ab::config {
namespace {

Json Scalar(const std::string& yaml) { return ScalarToJson(YAML::Load("v: " + yaml)["v"]); }

TEST_CASE("plain scalars become null, bool, int or float when they look like one") {
  CHECK(Scalar("~").is_null());
  CHECK(Scalar("null").is_null());
  CHECK(Scalar("NULL").is_null());
  CHECK(Scalar("true") == Json(true));
  CHECK(Scalar("False") == Json(false));
  CHECK(Scalar("42") == Json(42));
  CHECK(Scalar("-7") == Json(-7));
  CHECK(Scalar("0x1F") == Json(31));
  CHECK(Scalar("0o17") == Json(15));
  CHECK(Scalar("1.5") == Json(1.5));
  CHECK(Scalar("1e3") == Json(1000.0));
  CHECK(Scalar(".5") == Json(0.5));
}

TEST_CASE("other plain scalars, YAML 1.1 booleans and quoted scalars stay strings") {
  CHECK(Scalar("yes") == Json("yes"));
  CHECK(Scalar("on") == Json("on"));
  CHECK(Scalar("1.2.3") == Json("1.2.3"));
  CHECK(Scalar("30s") == Json("30s"));
  CHECK(Scalar(".inf") == Json(".inf"));
  CHECK(Scalar("\"42\"") == Json("42"));
  CHECK(Scalar("'true'") == Json("true"));
  CHECK(Scalar("!!str 42") == Json("42"));
  CHECK(Scalar("\"\"") == Json(""));
}

TEST_CASE("integers beyond 64 bits become floats instead of wrapping") {
  Json big = Scalar("123456789012345678901234567890");
  CHECK(big.is_number_float());
  CHECK(big.get<double>() > 1e29);
}

TEST_CASE("sequences and mappings convert recursively, keeping key order") {
  Reader r("x.yaml");
  std::optional<Json> j = YamlToJson(YAML::Load("{b: [1, 'two', {c: null}], a: true}"), r);
  REQUIRE(j.has_value());
  CHECK(j->dump() == R"({"b":[1,"two",{"c":null}],"a":true})");
  CHECK(r.diagnostics().empty());
}

TEST_CASE("recursive aliases and deep nesting are reported, not followed forever") {
  Reader r("x.yaml");
  CHECK_FALSE(YamlToJson(YAML::Load("&a [*a]"), r).has_value());
  REQUIRE(r.diagnostics().size() == 1);
  CHECK(r.diagnostics()[0].message == "value nested deeper than 64 levels");

  // A "billion laughs" document: each level doubles the tree.
  std::string laughs = "l0: &l0 [x, x]\n";
  for (int i = 1; i < 30; ++i) {
    laughs += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [*l" + std::to_string(i - 1) + ", *l" +
              std::to_string(i - 1) + "]\n";
  }
  Reader r2("x.yaml");
  CHECK_FALSE(YamlToJson(YAML::Load(laughs), r2).has_value());
  REQUIRE(r2.diagnostics().size() == 1);
  CHECK(r2.diagnostics()[0].message.find("more than 100000 nodes") != std::string::npos);
}

TEST_CASE("a non-scalar mapping key is an error with its position") {
  Reader r("x.yaml");
  CHECK_FALSE(YamlToJson(YAML::Load("a: 1\n? [k]\n: v\n"), r).has_value());
  REQUIRE(r.diagnostics().size() == 1);
  CHECK(r.diagnostics()[0].ToString() == "x.yaml:2:3: error: expected a plain key, got a sequence");
}

}  // namespace
}  // namespace ab::config
