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

#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "cli/flags.h"

namespace ab::cli {
namespace ci_docs_test {

// The agent-bench command lines of a CI file: from "agent-bench " to the end of the line, cut at a pipe, a
// redirection, a comment or a shell operator, joined with the next line after a trailing backslash.
std::vector<std::vector<std::string>> CommandLines(const std::string& text) {
  std::vector<std::vector<std::string>> out;
  std::istringstream in(text);
  std::string carried;
  for (std::string line; std::getline(in, line);) {
    if (!carried.empty()) line = carried + " " + line;
    carried.clear();
    size_t at = line.find("agent-bench ");
    if (at == std::string::npos || (at > 0 && line[at - 1] != ' ' && line[at - 1] != '`' && line[at - 1] != '-'))
      continue;
    if (at > 0 && line[at - 1] == '-') continue;  // a path such as .agent-bench-src
    std::string cmd = line.substr(at);
    if (!cmd.empty() && cmd.back() == '\\') {
      carried = cmd.substr(0, cmd.size() - 1);
      continue;
    }
    for (const char* stop : {" |", " >", " #", " ||", " &&", ";", "`"})
      if (size_t s = cmd.find(stop, 1); s != std::string::npos) cmd = cmd.substr(0, s);
    std::vector<std::string> args;
    std::istringstream words(cmd);
    for (std::string w; words >> w;) {
      if (w.size() >= 2 && w.front() == '"' && w.back() == '"') w = w.substr(1, w.size() - 2);
      args.push_back(w);
    }
    out.push_back(args);
  }
  return out;
}

TEST_CASE("ci docs: the workflow files are YAML and every agent-bench command in them parses") {
  int commands = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(AB_SOURCE_DIR) + "/docs/ci")) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    INFO(entry.path().string());
    if (entry.path().extension() == ".yml") CHECK_NOTHROW(YAML::Load(text.str()));
    for (const auto& args : CommandLines(text.str())) {
      REQUIRE(args.size() >= 2);
      INFO(args[1] << " ...");
      std::vector<std::string> rest(args.begin() + 1, args.end());
      const std::string usage = UsageText();
      bool has_flag = false;
      for (const auto& a : rest) has_flag = has_flag || (a.size() > 1 && a[0] == '-');
      // Prose ("agent-bench is ..."): a word that is no command, with no flag after it.
      if (rest[0][0] != '-' && usage.find("agent-bench " + rest[0]) == std::string::npos && !has_flag) continue;
      auto parsed = ParseFlags(rest);
      CHECK(parsed.has_value());
      if (parsed)
        CHECK((parsed->command == "run" || usage.find("agent-bench " + parsed->command) != std::string::npos));
      ++commands;
    }
  }
  CHECK(commands >= 10);
}

}  // namespace ci_docs_test
}  // namespace ab::cli

#include "config/loader.h"

namespace ab::cli {
namespace readme_test {

TEST_CASE("README: the test-file example loads, and its npm server starts with npx -y") {
  std::ifstream in(std::string(AB_SOURCE_DIR) + "/README.md", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  size_t section = readme.find("## Test files");
  REQUIRE(section != std::string::npos);
  size_t start = readme.find("```yaml\n", section);
  REQUIRE(start != std::string::npos);
  start += 8;
  size_t end = readme.find("```", start);
  REQUIRE(end != std::string::npos);
  auto loaded = config::ParseTestFile(readme.substr(start, end - start), "README.md");
  for (const auto& d : loaded.diagnostics) INFO(d.ToString());
  REQUIRE(loaded.ok());
  bool npx = false;
  for (const auto& s : loaded.value->servers) {
    if (s.command != "npx") continue;
    npx = true;
    REQUIRE_FALSE(s.args.empty());
    CHECK(s.args.front() == "-y");
  }
  CHECK(npx);
}

}  // namespace readme_test
}  // namespace ab::cli
