// ${VAR}, ${VAR:-default} and $$ in string values, read from the environment at load time.
#include "config/env_expand.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <map>

#include "config_test_util.h"

namespace ab::config {
namespace {

std::string X(const std::string& text) {
  static const std::map<std::string, std::string> kEnv = {{"TOKEN", "sk-123456"}, {"EMPTY", ""}};
  return ExpandEnv(text, [](const std::string& name) -> std::optional<std::string> {
    auto it = kEnv.find(name);
    if (it == kEnv.end()) return std::nullopt;
    return it->second;
  });
}

TEST_CASE("${VAR} and ${VAR:-default} expand, an unset ${VAR} becomes {{VAR}}, and $$ is a dollar") {
  CHECK(X("Bearer ${TOKEN}") == "Bearer sk-123456");
  CHECK(X("${TOKEN}${TOKEN}") == "sk-123456sk-123456");
  CHECK(X("${MISSING:-fallback value}") == "fallback value");
  CHECK(X("${TOKEN:-fallback}") == "sk-123456");
  CHECK(X("${EMPTY}") == "");               // set but empty: set
  CHECK(X("${EMPTY:-dflt}") == "dflt");     // :- also replaces an empty value
  CHECK(X("${MISSING}") == "{{MISSING}}");  // checked like {{MISSING}} before a run
  CHECK(X("costs $$5 and $$${TOKEN}") == "costs $5 and $sk-123456");
  // Left as written: $self, regex anchors, malformed references.
  CHECK(X("$self") == "$self");
  CHECK(X("^end$") == "^end$");
  CHECK(X("${1abc}") == "${1abc}");
  CHECK(X("${UNCLOSED") == "${UNCLOSED");
  CHECK(X("${A-B}") == "${A-B}");
  CHECK(X("$") == "$");
}

TEST_CASE("the loader expands ${VAR} in strings, headers, variables and assertion fields") {
  ::setenv("AB_TEST_ENV_TOKEN", "tok-from-env-987", 1);
  Loaded<TestFile> f = testing::Parse(
      "providers:\n  - name: p\n    type: OPENAI\n    model: m\n    token: ${AB_TEST_ENV_TOKEN}\n"
      "    headers:\n      X-Env: \"${AB_TEST_ENV_TOKEN:-x}\"\n"
      "agents:\n  - name: a\n    provider: p\n"
      "variables:\n  who: ${AB_TEST_ENV_UNSET:-world}\n"
      "sessions:\n  - name: s\n    tests:\n      - name: t\n        prompt: \"hi ${AB_TEST_ENV_UNSET}\"\n"
      "        assertions:\n          - type: output_contains\n            value: ${AB_TEST_ENV_TOKEN}\n");
  REQUIRE_MESSAGE(f.ok(), testing::All(f));
  CHECK(f.value->providers[0].token == "tok-from-env-987");
  CHECK(f.value->providers[0].headers[0].second == "tok-from-env-987");
  CHECK(f.value->variables[0].value == "world");
  CHECK(f.value->sessions[0].tests[0].prompt == "hi {{AB_TEST_ENV_UNSET}}");
  CHECK(f.value->sessions[0].tests[0].assertions[0].fields["value"] == "tok-from-env-987");
  ::unsetenv("AB_TEST_ENV_TOKEN");
}

}  // namespace
}  // namespace ab::config
