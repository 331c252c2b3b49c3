// The loader's key tables against schema/agent-bench.schema.json: same keys at every level, same enums, and files
// the loader accepts validate against the schema (with a small draft-07 checker).
#include "config/keys.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "config/loader.h"
#include "config/yaml_json.h"
#include "json_schema_lite.h"

namespace ab::config {
namespace {

namespace fs = std::filesystem;

Json LoadSchema() {
  std::ifstream in(std::string(AB_SOURCE_DIR) + "/schema/agent-bench.schema.json");
  REQUIRE(in.good());
  return Json::parse(in);
}

std::set<std::string> Set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

std::set<std::string> PropertyNames(const Json& def) {
  std::set<std::string> out;
  for (const auto& [key, value] : def["properties"].items()) out.insert(key);
  return out;
}

std::set<std::string> EnumOf(const Json& schema) {
  std::set<std::string> out;
  for (const Json& v : schema["enum"]) out.insert(v.get<std::string>());
  return out;
}

// The file as typed JSON, the way the loader reads scalars.
Json YamlFileAsJson(const fs::path& path) {
  Reader r(path.string());
  std::optional<Json> j = YamlToJson(YAML::LoadFile(path.string()), r);
  REQUIRE(j.has_value());
  return *j;
}

TEST_CASE("every key table matches the schema definition of the same name") {
  const Json schema = LoadSchema();
  const Json& defs = schema["definitions"];
  for (const KeyTable& table : KeyTables()) {
    INFO("section " << table.section);
    REQUIRE(defs.contains(table.section));
    CHECK(PropertyNames(defs[table.section]) == Set(table.keys));
  }
}

TEST_CASE("schema objects are closed and every property is described") {
  const Json schema = LoadSchema();
  CHECK(schema["$schema"] == "http://json-schema.org/draft-07/schema#");
  // Named copies, not structured bindings: clang 14 cannot capture a binding in INFO's lambda.
  for (const auto& item : schema["definitions"].items()) {
    const std::string name = item.key();
    const Json& def = item.value();
    INFO("definition " << name);
    CHECK(def.contains("description"));
    if (!def.contains("properties")) continue;
    CHECK(def["additionalProperties"] == Json(false));
    for (const auto& property : def["properties"].items()) {
      const std::string key = property.key();
      const Json& prop = property.value();
      INFO("property " << key);
      CHECK((prop.contains("description") || prop.contains("$ref")));
    }
  }
}

TEST_CASE("schema enums match the loader's value tables") {
  const Json defs = LoadSchema()["definitions"];
  std::set<std::string> provider_types = Set(ProviderTypes());
  provider_types.erase("AMAZON-ANTHROPIC");  // the loader rejects it: not supported yet
  CHECK(EnumOf(defs["provider"]["properties"]["type"]) == provider_types);
  CHECK(EnumOf(defs["server"]["properties"]["type"]) == Set(ServerTypes()));
  CHECK(EnumOf(defs["settings"]["properties"]["variable_policy"]) == Set(VariablePolicies()));
  // The closed sets of config/choices.h: the loader's one table each.
  CHECK(EnumOf(defs["clarificationDetection"]["properties"]["level"]) == Set(NamesOf(kClarificationLevels)));
  CHECK(EnumOf(defs["server"]["properties"]["tasks"]) == Set(NamesOf(kTaskPolicies)));
  std::set<std::string> complexities = Set(NamesOf(kComplexities));
  complexities.insert("");  // "" keeps the default, as the reference's own generator writes it
  CHECK(EnumOf(defs["generator"]["properties"]["complexity"]) == complexities);
  CHECK(EnumOf(defs["oauth"]["properties"]["grant"]) == Set(NamesOf(kOAuthGrants)));
  CHECK(EnumOf(defs["assertion"]["properties"]["type"]) == Set(SchemaAssertionTypes()));
  CHECK(SchemaAssertionTypes().size() == 33);
  for (const std::string& c : CombinatorKeys()) {
    INFO(c);
    REQUIRE(defs.contains(c + "Assertion"));
    CHECK(PropertyNames(defs[c + "Assertion"]) == std::set<std::string>{c});
  }
}

TEST_CASE("the example data files validate against the schema") {
  const Json schema = LoadSchema();
  const fs::path data = fs::path(AB_SOURCE_DIR) / "tests/config/data";
  for (const char* name : {"basic.yaml", "cli_and_http.yaml", "suite.yaml", "suite_tests/first.yaml"}) {
    std::vector<std::string> errors = testing::ValidateAgainstSchema(schema, YamlFileAsJson(data / name));
    CHECK_MESSAGE(errors.empty(), name, ": ", errors.empty() ? "" : errors[0]);
  }
}

TEST_CASE("the schema checker rejects what the loader rejects: unknown keys, bad enums, bad durations") {
  const Json schema = LoadSchema();
  auto errors = [&](const std::string& yaml) {
    Reader r("x");
    return testing::ValidateAgainstSchema(schema, *YamlToJson(YAML::Load(yaml), r));
  };
  CHECK(errors("sessions: []\n").empty());
  CHECK_FALSE(errors("sessions: []\nsetings: {}\n").empty());
  CHECK_FALSE(errors("providers: [{name: p, type: openai}]\n").empty());
  CHECK_FALSE(errors("settings: {test_delay: 5 parsecs}\n").empty());
  CHECK(errors("settings: {test_delay: 1m30s, tool_timeout: 2}\n").empty());
  CHECK_FALSE(errors("sessions: [{name: s, tests: [{name: t, prompt: p, assertions: [{anyOf: []}]}]}]\n").empty());
  CHECK(errors("sessions: [{name: s, tests: [{name: t, prompt: p, assertions: [{not: {type: tool_called}}]}]}]\n")
            .empty());
  CHECK_FALSE(errors("test_files: [a.yaml]\nsessions: []\n").empty());
  CHECK(errors("test_files: [a.yaml]\ncriteria: {success_rate: 80%}\n").empty());
}

TEST_CASE("every compat-corpus file the loader accepts also validates against the schema") {
  const fs::path root = fs::path(AB_SOURCE_DIR) / ".." / "shared" / "compat-corpus";
  if (!fs::is_directory(root)) {
    MESSAGE("compat corpus not found; skipped");
    return;
  }
  const Json schema = LoadSchema();
  int checked = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".yaml" || LooksLikeSuite(entry.path().string())) continue;
    if (!LoadTestFile(entry.path().string()).ok()) continue;
    // Files whose only mistakes are assertion fields: the loader passes those through and `validate` rejects them
    // through the assertion registry (docs/COMPATIBILITY.md); the schema rejects them too.
    const std::string name = entry.path().filename().string();
    if (name.find("excel-range-cli-test") != std::string::npos ||
        name.find("excel-table-cli-test") != std::string::npos)
      continue;
    std::vector<std::string> errors = testing::ValidateAgainstSchema(schema, YamlFileAsJson(entry.path()));
    CHECK_MESSAGE(errors.empty(), entry.path().filename().string(), ": ", errors.empty() ? "" : errors[0]);
    ++checked;
  }
  CHECK(checked > 0);
}

}  // namespace
}  // namespace ab::config
