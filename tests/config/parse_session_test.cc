// Sessions, tests and extractors: required keys, durations, duplicate names, test -> agent references.
#include <doctest/doctest.h>

#include "config_test_util.h"

namespace ab::config {
namespace {

using testing::All;
using testing::Parse;

constexpr const char* kSessionsHead =
    "providers:\n  - name: p\n    type: MOCK\nagents:\n  - name: agent1\n    provider: p\nsessions:\n";  // line 8 on

TEST_CASE("test keys: description, agent, delays, allowed_tools, extractors") {
  Loaded<TestFile> f = Parse(std::string(kSessionsHead) +
                             "  - name: s\n"
                             "    allowedTools: [x]\n"
                             "    tests:\n"
                             "      - name: t\n"
                             "        description: d\n"
                             "        prompt: |\n"
                             "          multi\n"
                             "          line\n"
                             "        agent: agent1\n"
                             "        start_delay: 500ms\n"
                             "        timeout: 1m30s\n"
                             "        allowed_tools: [y]\n"
                             "        extractors:\n"
                             "          - type: jsonpath\n"
                             "            tool: get\n"
                             "            path: $.id\n"
                             "            variable_name: ID\n");
  REQUIRE_MESSAGE(f.ok(), All(f));
  const Session& s = f.value->sessions[0];
  CHECK(*s.allowed_tools == std::vector<std::string>{"x"});
  const Test& t = s.tests[0];
  CHECK(t.description == "d");
  CHECK(t.prompt == "multi\nline\n");
  CHECK(t.agent == "agent1");
  CHECK(t.start_delay->count() == 500);
  CHECK(t.timeout->count() == 90000);
  CHECK(*t.allowed_tools == std::vector<std::string>{"y"});
  REQUIRE(t.extractors.size() == 1);
  CHECK(t.extractors[0].variable_name == "ID");
  CHECK(t.extractors[0].loc.ToString() == "t.yaml:21:13");
}

TEST_CASE("test agent must name an agent") {
  Loaded<TestFile> f = Parse(std::string(kSessionsHead) +
                             "  - name: s\n    tests:\n      - name: t\n        prompt: p\n"
                             "        agent: agent2\n");
  CHECK(All(f) == "t.yaml:12:16: error: test refers to unknown agent 'agent2', did you mean 'agent1'?\n");
}

TEST_CASE("missing name and prompt, duplicate test and session names") {
  Loaded<TestFile> f = Parse(std::string(kSessionsHead) +
                             "  - name: s\n    tests:\n      - prompt: p\n      - name: t\n"
                             "      - name: t\n        prompt: p\n"
                             "  - name: s\n    tests: []\n");
  CHECK(All(f) ==
        "t.yaml:10:9: error: test is missing required key 'name'\n"
        "t.yaml:11:9: error: test 't' is missing required key 'prompt'\n"
        "t.yaml:12:9: error: duplicate test name 't' in session 's' (first defined at t.yaml:11:9)\n"
        "t.yaml:14:5: error: duplicate session name 's' (first defined at t.yaml:8:5)\n");
}

TEST_CASE("extractor errors") {
  Loaded<TestFile> f = Parse(std::string(kSessionsHead) +
                             "  - name: s\n    tests:\n      - name: t\n        prompt: p\n"
                             "        extractors:\n          - type: xpath\n            tool: x\n");
  CHECK(All(f) ==
        "t.yaml:13:13: error: extractor is missing required key 'path'\n"
        "t.yaml:13:13: error: extractor is missing required key 'variable_name'\n"
        "t.yaml:13:19: error: unknown extractor type 'xpath' (only 'jsonpath')\n");
}

TEST_CASE("tests that is not a list, unknown test key") {
  CHECK(All(Parse(std::string(kSessionsHead) + "  - name: s\n    tests: {}\n")) ==
        "t.yaml:9:12: error: expected a list for 'tests', got a mapping\n");
  CHECK(All(Parse(std::string(kSessionsHead) + "  - name: s\n    tests:\n      - name: t\n        promt: p\n")) ==
        "t.yaml:10:9: error: test 't' is missing required key 'prompt'\n"
        "t.yaml:11:9: error: unknown key 'promt' in test, did you mean 'prompt'?\n");
}

}  // namespace
}  // namespace ab::config

namespace ab::config {
namespace {

TEST_CASE("session agents: copied to each test, and an unknown name is an error with a suggestion") {
  Loaded<TestFile> f = testing::Parse(std::string(kSessionsHead) +
                                      "  - name: s\n"
                                      "    agents: [agent1]\n"
                                      "    tests:\n"
                                      "      - name: t\n"
                                      "        prompt: hi\n");
  REQUIRE_MESSAGE(f.ok(), testing::All(f));
  const Session& s = f.value->sessions[0];
  REQUIRE(s.agents);
  CHECK(*s.agents == std::vector<std::string>{"agent1"});
  REQUIRE(s.tests[0].session_agents);
  CHECK(*s.tests[0].session_agents == std::vector<std::string>{"agent1"});

  Loaded<TestFile> bad = testing::Parse(std::string(kSessionsHead) +
                                        "  - name: s\n"
                                        "    agents:\n"
                                        "      - agnet1\n"
                                        "    tests:\n"
                                        "      - name: t\n"
                                        "        prompt: hi\n"
                                        "        agent: agent1\n");
  CHECK_FALSE(bad.ok());
  const std::string all = testing::All(bad);
  CHECK(all.find("t.yaml:10:9: error: session refers to unknown agent 'agnet1', did you mean 'agent1'?") !=
        std::string::npos);
  CHECK(all.find("t.yaml:12:9: warning: test 't' runs only on agent 'agent1', which is not in the agents of session "
                 "'s' (agnet1); it never runs") != std::string::npos);
}

}  // namespace
}  // namespace ab::config
