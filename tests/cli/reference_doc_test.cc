// docs/reference.md cannot drift from the loader: every key table of config/keys.cc has a section there listing
// exactly its keys, and every provider type, server type, variable policy and assertion type is named.
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "config/keys.h"

namespace ab::cli {
namespace {

std::string Reference() {
  std::ifstream in(std::string(AB_SOURCE_DIR) + "/docs/reference.md", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The keys of the table rows ("| `key` | ...") in the section marked <!-- keys: |section| -->.
std::optional<std::set<std::string>> DocumentedKeys(const std::string& doc, const std::string& section) {
  const std::string marker = "<!-- keys: " + section + " -->";
  size_t start = doc.find(marker);
  if (start == std::string::npos) return std::nullopt;
  size_t end = doc.find("<!-- keys: ", start + marker.size());
  std::istringstream lines(doc.substr(start, end == std::string::npos ? std::string::npos : end - start));
  std::set<std::string> keys;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("| `", 0) != 0) continue;
    size_t close = line.find('`', 3);
    if (close != std::string::npos) keys.insert(line.substr(3, close - 3));
  }
  return keys;
}

}  // namespace

TEST_CASE("reference: every key of keys.cc is documented, and no other") {
  const std::string doc = Reference();
  REQUIRE_FALSE(doc.empty());
  for (const config::KeyTable& table : config::KeyTables()) {
    INFO("section " << table.section);
    auto documented = DocumentedKeys(doc, table.section);
    REQUIRE(documented.has_value());
    for (const auto& key : table.keys) {
      INFO("key " << key << " of keys.cc is missing from docs/reference.md");
      CHECK(documented->count(key) == 1);
    }
    std::set<std::string> accepted(table.keys.begin(), table.keys.end());
    for (const auto& key : *documented) {
      INFO("key " << key << " of docs/reference.md is not in keys.cc");
      CHECK(accepted.count(key) == 1);
    }
  }
}

TEST_CASE("reference: every type and policy is named") {
  const std::string doc = Reference();
  for (const auto* list : {&config::ProviderTypes(), &config::ServerTypes(), &config::VariablePolicies(),
                           &config::SchemaAssertionTypes(), &config::CombinatorKeys()}) {
    for (const auto& name : *list) {
      INFO(name << " is not in docs/reference.md");
      CHECK(doc.find("`" + name + "`") != std::string::npos);
    }
  }
}

}  // namespace ab::cli
