// Suites: relative test_files, shared definitions, overrides, per-file diagnostics, LooksLikeSuite.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "config_test_util.h"

namespace ab::config {
namespace {

namespace fs = std::filesystem;
using testing::All;

// A fresh directory under the build tree for one test case.
fs::path TempDir(const std::string& name) {
  fs::path dir = fs::path(AB_BINARY_DIR) / "config_suite_test" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

constexpr const char* kSuiteDefs = "providers:\n  - name: p\n    type: MOCK\nagents:\n  - name: a\n    provider: p\n";

TEST_CASE("the example suite in tests/config/data loads with its test file") {
  const std::string path = std::string(AB_SOURCE_DIR) + "/tests/config/data/suite.yaml";
  CHECK(LooksLikeSuite(path));
  Loaded<Suite> s = LoadSuite(path);
  REQUIRE_MESSAGE(s.ok(), All(s));
  CHECK(s.diagnostics.empty());
  CHECK(s.value->name == "Example suite");
  REQUIRE(s.value->files.size() == 1);
  CHECK(s.value->files[0].sessions[0].tests[0].agent == "a");
  CHECK(fs::path(s.value->test_file_paths[0]).is_absolute());
  CHECK(fs::equivalent(s.value->files[0].dir, fs::path(AB_SOURCE_DIR) / "tests/config/data/suite_tests"));
  CHECK(*s.value->settings.max_iterations == 4);
}

TEST_CASE("test_files resolve against the suite's directory, a missing one is an error at its item") {
  fs::path dir = TempDir("relative");
  Write(dir / "suite.yaml",
        std::string("name: S\ntest_files:\n  - tests/one.yaml\n  - tests/missing.yaml\n") + kSuiteDefs);
  Write(dir / "tests/one.yaml", "sessions:\n  - name: s\n    tests:\n      - name: t\n        prompt: p\n");
  const std::string suite_path = (dir / "suite.yaml").string();
  Loaded<Suite> s = LoadSuite(suite_path);
  REQUIRE(s.value.has_value());
  REQUIRE(s.value->test_file_paths.size() == 2);
  CHECK(s.value->test_file_paths[0] == (dir / "tests/one.yaml").lexically_normal().string());
  REQUIRE(s.value->files.size() == 1);
  CHECK(s.value->files[0].path == (dir / "tests/one.yaml").lexically_normal().string());
  REQUIRE(s.diagnostics.size() == 1);
  CHECK(s.diagnostics[0].loc.ToString() == suite_path + ":4:5");
  CHECK(s.diagnostics[0].message.find("cannot read test file 'tests/missing.yaml'") == 0);
}

TEST_CASE("a test file may reference the suite's providers and agents, its errors carry its own path") {
  fs::path dir = TempDir("refs");
  Write(dir / "suite.yaml", std::string("test_files: [a.yaml]\n") + kSuiteDefs);
  Write(dir / "a.yaml",
        "agents:\n  - name: own\n    provider: p\n"
        "sessions:\n  - name: s\n    tests:\n      - name: t\n        prompt: p\n        agent: a\n"
        "      - name: u\n        prompt: p\n        agent: b\n");
  Loaded<Suite> s = LoadSuite((dir / "suite.yaml").string());
  const std::string file = (dir / "a.yaml").lexically_normal().string();
  CHECK(All(s) == file + ":12:16: error: test refers to unknown agent 'b', did you mean 'a'?\n");
}

TEST_CASE("a name defined by both suite and test file: the suite wins, with a warning") {
  fs::path dir = TempDir("override");
  Write(dir / "suite.yaml", std::string("test_files: [a.yaml]\n") + kSuiteDefs);
  Write(dir / "a.yaml",
        "providers:\n  - name: p\n    type: MOCK\n  - name: extra\n    type: MOCK\n"
        "sessions: []\n");
  Loaded<Suite> s = LoadSuite((dir / "suite.yaml").string());
  REQUIRE_MESSAGE(s.ok(), All(s));
  const std::string file = (dir / "a.yaml").lexically_normal().string();
  const std::string suite_file = (dir / "suite.yaml").string();
  CHECK(All(s) == file + ":2:5: warning: test file's provider 'p' is ignored: the suite defines it too (at " +
                      suite_file + ":3:5)\n");
  REQUIRE(s.value->files[0].providers.size() == 1);
  CHECK(s.value->files[0].providers[0].name == "extra");
}

TEST_CASE("suite-level strictness: unknown keys, sessions in a suite, dangling references") {
  Loaded<Suite> s = ParseSuite(
      "name: S\ntest_files: [a.yaml]\nagents:\n  - name: a\n    provider: nope\n"
      "sessions: []\nsetings: {}\n",
      "suite.yaml");
  CHECK(All(s) ==
        "suite.yaml:5:15: error: agent refers to unknown provider 'nope' (no providers are defined)\n"
        "suite.yaml:6:1: error: 'sessions' belongs in a test file; list test files under 'test_files'\n"
        "suite.yaml:7:1: error: unknown key 'setings' in suite file, did you mean 'settings'?\n");
  CHECK(All(ParseSuite("name: S\n", "suite.yaml")) == "suite.yaml:1:1: error: the suite file has no 'test_files'\n");
}

TEST_CASE("no agents anywhere is an error for the test file") {
  fs::path dir = TempDir("noagents");
  Write(dir / "suite.yaml", "test_files: [a.yaml]\n");
  Write(dir / "a.yaml", "sessions:\n  - name: s\n    tests: []\n");
  Loaded<Suite> s = LoadSuite((dir / "suite.yaml").string());
  CHECK(All(s).find("no agents are defined, neither by the suite nor by this test file") != std::string::npos);
}

TEST_CASE("LooksLikeSuite is true only for a mapping with test_files") {
  fs::path dir = TempDir("looks");
  Write(dir / "s.yaml", "test_files: []\n");
  Write(dir / "t.yaml", testing::kMinimal);
  Write(dir / "bad.yaml", "[unclosed\n");
  CHECK(LooksLikeSuite((dir / "s.yaml").string()));
  CHECK_FALSE(LooksLikeSuite((dir / "t.yaml").string()));
  CHECK_FALSE(LooksLikeSuite((dir / "bad.yaml").string()));
  CHECK_FALSE(LooksLikeSuite((dir / "absent.yaml").string()));
}

}  // namespace
}  // namespace ab::config
