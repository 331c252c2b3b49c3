// Agents: allowed_tools spellings, clarification detection, skill and settings messages.
#include <doctest/doctest.h>

#include "config_test_util.h"

namespace ab::config {
namespace {

using testing::All;
using testing::Parse;

constexpr const char* kAgentsHead =
    "providers:\n  - name: p\n    type: MOCK\nservers:\n  - name: s\n    type: stdio\n    command: x\nagents:\n"
    "  - name: a\n    provider: p\n";  // the agent's keys continue at line 11, indent 4

Loaded<TestFile> WithAgentKeys(const std::string& keys) { return Parse(kAgentsHead + keys + "sessions: []\n"); }

TEST_CASE("allowedTools (README) and allowed_tools (code) are both accepted") {
  Loaded<TestFile> f = WithAgentKeys(
      "    allowed_tools: [t0]\n    servers:\n      - name: s\n        allowedTools: [t1]\n"
      "      - name: s\n        allowed_tools: [t2]\n");
  REQUIRE_MESSAGE(f.ok(), All(f));
  const Agent& a = f.value->agents[0];
  CHECK(*a.allowed_tools == std::vector<std::string>{"t0"});
  CHECK(*a.servers[0].allowed_tools == std::vector<std::string>{"t1"});
  CHECK(*a.servers[1].allowed_tools == std::vector<std::string>{"t2"});
  CHECK(a.servers[0].loc.ToString() == "t.yaml:13:9");

  Loaded<TestFile> both = WithAgentKeys(
      "    servers:\n      - name: s\n        allowedTools: [a]\n"
      "        allowed_tools: [b]\n");
  CHECK(All(both) == "t.yaml:14:9: error: both 'allowedTools' and 'allowed_tools' given; use one\n");
}

TEST_CASE("clarification detection keys, levels and judge_provider") {
  Loaded<TestFile> f = WithAgentKeys(
      "    clarification_detection:\n      enabled: true\n      level: error\n      use_builtin_patterns: false\n"
      "      custom_patterns: [\"(?i)möchten sie\"]\n      judge_provider: p\n");
  REQUIRE_MESSAGE(f.ok(), All(f));
  const ClarificationDetection& c = f.value->agents[0].clarification;
  CHECK(c.enabled);
  CHECK(c.level == ClarificationLevel::kError);
  CHECK_FALSE(c.use_builtin_patterns);
  CHECK(c.custom_patterns == std::vector<std::string>{"(?i)möchten sie"});
  CHECK(c.judge_provider == "p");

  CHECK(WithAgentKeys("    clarification_detection:\n      judge_provider: $self\n").ok());
  CHECK(All(WithAgentKeys("    clarification_detection:\n      judge_provider: q\n")) ==
        "t.yaml:12:23: error: clarification_detection refers to unknown provider 'q', did you mean 'p'?\n");
  CHECK(All(WithAgentKeys("    clarification_detection:\n      level: warnng\n")) ==
        "t.yaml:12:14: error: unknown clarification level 'warnng' (one of info, warning, error), did you mean "
        "'warning'?\n");
}

TEST_CASE("a skill folder that does not exist is an error at its path, agent settings a warning unless empty") {
  const std::string missing = All(WithAgentKeys("    skill:\n      path: ./skills/x\n"));
  CHECK(missing.rfind("t.yaml:12:13: error: skill folder '", 0) == 0);
  CHECK(missing.find("skills/x' does not exist") != std::string::npos);
  CHECK(All(WithAgentKeys("    settings: null\n")).empty());  // a zero value the reference's generator writes
  CHECK(All(WithAgentKeys("    settings: {}\n")).empty());
  Loaded<TestFile> f = WithAgentKeys("    settings:\n      verbose: true\n");
  CHECK(f.ok());
  CHECK(All(f) == "t.yaml:11:5: warning: 'settings' in an agent is not supported yet by agent-bench; ignored\n");
}

TEST_CASE("agent without provider, duplicate agent names") {
  Loaded<TestFile> f = Parse(std::string(kAgentsHead) + "  - name: b\n  - name: a\n    provider: p\nsessions: []\n");
  CHECK(All(f) ==
        "t.yaml:11:5: error: agent 'b' is missing required key 'provider'\n"
        "t.yaml:12:5: error: duplicate agent name 'a' (first defined at t.yaml:9:5)\n");
}

}  // namespace
}  // namespace ab::config
