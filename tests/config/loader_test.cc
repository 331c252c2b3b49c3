// Top-level behaviour of ParseTestFile / LoadTestFile: valid files, strictness, YAML errors, file order.
#include "config/loader.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "config_test_util.h"

namespace ab::config {
namespace {

using testing::All;
using testing::ErrorCount;
using testing::kMinimal;
using testing::Lines;
using testing::Parse;

TEST_CASE("a minimal file loads with no diagnostics") {
  Loaded<TestFile> f = Parse(kMinimal);
  REQUIRE_MESSAGE(f.ok(), All(f));
  CHECK(f.diagnostics.empty());
  REQUIRE(f.value->sessions.size() == 1);
  const Test& t = f.value->sessions[0].tests[0];
  CHECK(t.name == "t");
  CHECK(t.prompt == "hi");
  CHECK(t.loc.ToString() == "t.yaml:10:9");
  CHECK(f.value->agents[0].provider == "mock");
  CHECK(f.value->providers[0].loc.ToString() == "t.yaml:2:5");
}

TEST_CASE("misspelled settings key is an error at its line:col with a suggestion") {
  const std::string yaml = std::string(kMinimal) + "settings:\n  verbose: true\n  max_iteration: 5\n";
  Loaded<TestFile> f = Parse(yaml);
  REQUIRE(Lines(f).size() == 1);
  CHECK(Lines(f)[0] == "t.yaml:14:3: error: unknown key 'max_iteration' in settings, did you mean 'max_iterations'?");
  CHECK_FALSE(f.ok());
  CHECK(f.value.has_value());  // semantic errors still give a value
}

TEST_CASE("unknown top-level key, and one with no close match") {
  Loaded<TestFile> f = Parse(std::string(kMinimal) + "sesions: []\nfoo: 1\n");
  REQUIRE(ErrorCount(f) == 2);
  CHECK(Lines(f)[0] == "t.yaml:12:1: error: unknown key 'sesions' in test file, did you mean 'sessions'?");
  CHECK(Lines(f)[1] == "t.yaml:13:1: error: unknown key 'foo' in test file");
}

TEST_CASE("YAML syntax error is one error with its position") {
  Loaded<TestFile> f = Parse("providers:\n  - name: x\n    type: [MOCK\n");
  REQUIRE(f.diagnostics.size() == 1);
  CHECK_FALSE(f.value.has_value());
  CHECK(f.diagnostics[0].severity == Severity::kError);
  CHECK(f.diagnostics[0].loc.line >= 3);
  CHECK(f.diagnostics[0].message.find("invalid YAML") == 0);
}

TEST_CASE("empty file and non-mapping top level are errors") {
  CHECK(Lines(Parse("")) == std::vector<std::string>{"t.yaml:1:1: error: empty test file"});
  Loaded<TestFile> list = Parse("- a\n- b\n");
  REQUIRE(ErrorCount(list) == 1);
  CHECK(Lines(list)[0] == "t.yaml:1:1: error: expected a mapping at the top of the test file, got a sequence");
}

TEST_CASE("all errors are collected, in file order") {
  const char* yaml = R"(providers:
  - name: p
    type: OPENAI
    modle: gpt
agents:
  - name: a
    provider: q
sessions:
  - name: s
    tests:
      - name: t
        prompt: hi
        start_delay: 5 parsecs
settings:
  max_iterations: abc
)";
  Loaded<TestFile> f = Parse(yaml);
  std::vector<std::string> lines = Lines(f);
  REQUIRE_MESSAGE(lines.size() == 6, All(f));
  CHECK(lines[0] == "t.yaml:2:5: error: provider 'p' is missing required key 'model'");
  CHECK(lines[1] == "t.yaml:2:5: error: provider 'p' is missing required key 'token' (needed by OPENAI)");
  CHECK(lines[2] == "t.yaml:4:5: error: unknown key 'modle' in provider, did you mean 'model'?");
  CHECK(lines[3] == "t.yaml:7:15: error: agent refers to unknown provider 'q', did you mean 'p'?");
  CHECK(lines[4].find("t.yaml:13:22: error: 'start_delay': invalid duration '5 parsecs'") == 0);
  CHECK(lines[5] == "t.yaml:15:19: error: expected an integer for 'max_iterations', got 'abc'");
}

TEST_CASE("wrong types: list for a string, mapping for a list") {
  const std::string yaml = std::string(kMinimal) +
                           "servers:\n  - name: [x]\n    type: stdio\n    command: c\n"
                           "    args: {a: 1}\n";
  Loaded<TestFile> f = Parse(yaml);
  std::vector<std::string> lines = Lines(f);
  REQUIRE_MESSAGE(lines.size() == 3, All(f));
  CHECK(lines[0] == "t.yaml:13:5: error: server is missing required key 'name'");
  CHECK(lines[1] == "t.yaml:13:11: error: expected a string for 'name', got a sequence");
  CHECK(lines[2] == "t.yaml:16:11: error: expected a list for 'args', got a mapping");
}

TEST_CASE("an empty section is fine, an empty list item is not") {
  Loaded<TestFile> f = Parse(std::string(kMinimal) + "settings:\ncriteria:\nvariables:\n");
  CHECK(f.ok());
  CHECK(f.diagnostics.empty());
  Loaded<TestFile> g = Parse(
      "providers:\n  -\n  - name: p\n    type: MOCK\nagents:\n  - name: a\n    provider: p\n"
      "    clarification_detection:\nsessions: []\n");
  // yaml-cpp places an empty item where the next token starts.
  CHECK(All(g) == "t.yaml:3:3: error: empty item in 'providers'\n");
}

TEST_CASE("a key written twice in one mapping is an error") {
  Loaded<TestFile> f = Parse(std::string(kMinimal) + "settings:\n  verbose: true\n  verbose: false\n");
  CHECK(Lines(f) == std::vector<std::string>{"t.yaml:14:3: error: duplicate key 'verbose' in settings"});
}

TEST_CASE("a file without sessions warns, without agents it is an error") {
  Loaded<TestFile> no_sessions = Parse("providers:\n  - name: p\n    type: MOCK\n");
  CHECK(no_sessions.ok());
  REQUIRE(no_sessions.diagnostics.size() == 1);
  CHECK(no_sessions.diagnostics[0].severity == Severity::kWarning);
  Loaded<TestFile> no_agents = Parse("sessions:\n  - name: s\n    tests: []\n");
  CHECK(All(no_agents) == "t.yaml:1:1: error: the test file defines no agents to run its tests\n");
}

TEST_CASE("a suite passed as a test file says so") {
  Loaded<TestFile> f = Parse(std::string(kMinimal) + "test_files: [a.yaml]\n");
  CHECK(All(f) == "t.yaml:12:1: error: 'test_files' makes this a suite file: run it with -s\n");
}

TEST_CASE("ai_summary, generator and explorer sections are read, and their mistakes have a line and column") {
  const std::string yaml = std::string(kMinimal) +
                           "ai_summary:\n  enabled: true\n  judge_provider: $self\n"
                           "generator:\n  agent: a\n  test_count: 0\n  tools: [x]\n"
                           "explorer:\n  goal: find bugs\n  stop_on_pass_count: 2\n";
  Loaded<TestFile> f = Parse(yaml);
  REQUIRE_MESSAGE(f.ok(), All(f));
  REQUIRE(f.value->ai_summary);
  CHECK(f.value->ai_summary->enabled);
  CHECK(f.value->ai_summary->judge_provider == "$self");
  REQUIRE(f.value->generator);
  CHECK(f.value->generator->test_count == 5);  // 0 means "not set", as the reference writes it
  CHECK(*f.value->generator->tools == std::vector<std::string>{"x"});
  REQUIRE(f.value->explorer);
  CHECK(f.value->explorer->stop_on_pass_count == 2);

  Loaded<TestFile> bad = Parse(std::string(kMinimal) +
                               "ai_summary:\n  judge_provider: nobody\n"
                               "explorer:\n  max_iterations: -1\n");
  std::vector<std::string> lines = Lines(bad);
  REQUIRE_MESSAGE(lines.size() == 3, All(bad));
  CHECK(lines[0] == "t.yaml:13:19: error: ai_summary refers to unknown provider 'nobody'");
  CHECK(lines[1] == "t.yaml:15:3: error: the explorer needs a 'goal': what it should try to do with the servers");
  CHECK(lines[2] == "t.yaml:15:19: error: 'max_iterations' must be between 1 and 1000, got -1");
}

TEST_CASE("generator complexity is read once into its enum, a misspelling gets a did-you-mean, \"\" the default") {
  Loaded<TestFile> simple = Parse(std::string(kMinimal) + "generator:\n  complexity: simple\n");
  REQUIRE_MESSAGE(simple.ok(), All(simple));
  CHECK(simple.value->generator->complexity == Complexity::kSimple);
  Loaded<TestFile> empty = Parse(std::string(kMinimal) + "generator:\n  complexity: \"\"\n");
  REQUIRE_MESSAGE(empty.ok(), All(empty));
  CHECK(empty.value->generator->complexity == Complexity::kMedium);
  CHECK(All(Parse(std::string(kMinimal) + "generator:\n  complexity: complx\n")) ==
        "t.yaml:13:15: error: unknown complexity 'complx' (one of simple, medium, complex), did you mean 'complex'?\n");
}

TEST_CASE("LoadTestFile reads a file, sets an absolute dir, and reports a missing file") {
  const std::filesystem::path dir = std::filesystem::path(AB_BINARY_DIR) / "config_test_tmp";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "one.yaml").string();
  std::ofstream(path) << kMinimal;
  Loaded<TestFile> f = LoadTestFile(path);
  REQUIRE_MESSAGE(f.ok(), All(f));
  CHECK(f.value->path == path);
  CHECK(std::filesystem::path(f.value->dir).is_absolute());
  CHECK(std::filesystem::equivalent(f.value->dir, dir));

  Loaded<TestFile> missing = LoadTestFile((dir / "nope.yaml").string());
  CHECK_FALSE(missing.value.has_value());
  REQUIRE(missing.diagnostics.size() == 1);
  CHECK(missing.diagnostics[0].message == "cannot read test file: no such file");
}

TEST_CASE("the example files in tests/config/data load cleanly") {
  for (const char* name : {"basic.yaml", "cli_and_http.yaml"}) {
    Loaded<TestFile> f = LoadTestFile(std::string(AB_SOURCE_DIR) + "/tests/config/data/" + name);
    CHECK_MESSAGE(f.ok(), name, "\n", All(f));
    CHECK_MESSAGE(f.diagnostics.empty(), All(f));
  }
}

TEST_CASE("hostile inputs neither crash nor hang") {
  const std::vector<std::string> inputs = {
      "a: &x [*x]\n",
      "sessions:\n  - name: s\n    tests:\n      - name: t\n        prompt: p\n        assertions:\n"
      "          - &a {type: x, v: [*a, *a]}\n",
      "sessions:\n  - name: s\n    tests:\n      - name: t\n        prompt: p\n        assertions:\n"
      "          - &n {not: *n}\n",
      std::string(5000, '[') + std::string(5000, ']'),
      "\t\x01\xff: \"",
      "? [a, b]\n: c\n",
      "providers: 3\nservers: x\nagents: {}\nsessions: [[1]]\nsettings: []\nvariables: [a]\ncriteria: 1\n",
  };
  for (const std::string& in : inputs) {
    Loaded<TestFile> f = Parse(in);
    CHECK_MESSAGE(ErrorCount(f) > 0, in.substr(0, 80));
  }
}

}  // namespace
}  // namespace ab::config

namespace ab::config {
namespace {

TEST_CASE("a file in another tool's format gets one sentence, not a dozen unknown keys") {
  Loaded<TestFile> f = testing::Parse("name: x\ntest_delay: 60s\nmcp_servers:\n  - name: s\nscenarios:\n  - name: a\n");
  REQUIRE(testing::Lines(f).size() == 1);
  CHECK(testing::Lines(f)[0] ==
        "t.yaml:5:1: error: this is not an agent-benchmark test file: 'scenarios:' belongs to another tool's format "
        "(an agent-benchmark test file has providers, servers, agents and sessions)");
  // A real test file that also has such a key still gets the usual message.
  Loaded<TestFile> g = testing::Parse(std::string(testing::kMinimal) + "scenarios: []\n");
  CHECK(testing::All(g).find("unknown key 'scenarios' in test file") != std::string::npos);
}

}  // namespace
}  // namespace ab::config
