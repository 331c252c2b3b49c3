// Generated files are YAML written from JSON: whatever a model put in a string must read back as that string.
#include "gen/yaml_emit.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "config/loader.h"

namespace ab::gen {
namespace {

Json RoundTrip(const Json& sections, const std::string& name) {
  const auto path = std::filesystem::temp_directory_path() / ("ab_gen_yaml_" + name + ".yaml");
  std::ofstream(path) << EmitYaml(sections);
  std::string why;
  auto back = config::ReadSectionsAsJson(path.string(), {"variables", "sessions"}, why);
  std::filesystem::remove(path);
  REQUIRE_MESSAGE(back, why);
  return *back;
}

TEST_CASE("hostile strings survive the YAML round trip unchanged") {
  Json vars = Json::object();
  for (const char* s : {"key: value", "- item", "# not a comment", "yes", "null", "{{VAR}}", "'quoted'",
                        "line one\nline two", "tab\there", "ünïcödé ✓", "[1, 2]", "&anchor *alias", "", "0x10"})
    vars[std::string("k") + std::to_string(vars.size())] = s;
  vars["odd key: x"] = "v";
  vars["true"] = "reserved word as key";
  Json in = {{"variables", vars}};
  CHECK(RoundTrip(in, "strings") == in);
}

TEST_CASE("nested lists and mappings keep their shape, empty ones included") {
  Json in = {
      {"sessions",
       Json::array(
           {{{"name", "S"},
             {"tests",
              Json::array({{{"name", "t"},
                            {"assertions",
                             Json::array({{{"anyOf", Json::array({{{"type", "a"}}, {{"type", "b"}, {"n", 3}}})}}})},
                            {"empty_list", Json::array()},
                            {"empty_map", Json::object()},
                            {"flag", true},
                            {"ratio", 0.5}}})}}})}};
  CHECK(RoundTrip(in, "nested") == in);
}

}  // namespace
}  // namespace ab::gen
