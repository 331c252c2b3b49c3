// Settings (all tool-timeout spellings, bounds, variable_policy), criteria and variables.
#include <doctest/doctest.h>

#include "config_test_util.h"

namespace ab::config {
namespace {

using testing::All;
using testing::kMinimal;
using testing::Parse;

// kMinimal plus |tail|; the tail starts at line 12.
Loaded<TestFile> With(const std::string& tail) { return Parse(std::string(kMinimal) + tail); }

TEST_CASE("every settings key is read") {
  Loaded<TestFile> f = With(
      "settings:\n  verbose: true\n  max_iterations: 20\n  tool_timeout: 45s\n  test_timeout: 5m\n"
      "  test_delay: 2s\n  session_delay: 1s\n  variable_policy: test-only\n  max_concurrent: 4\n"
      "  max_result_bytes: 2048\n");
  REQUIRE_MESSAGE(f.ok(), All(f));
  const Settings& s = f.value->settings;
  CHECK(*s.verbose);
  CHECK(*s.max_iterations == 20);
  CHECK(s.tool_timeout->count() == 45000);
  CHECK(s.test_timeout->count() == 300000);
  CHECK(s.test_delay->count() == 2000);
  CHECK(s.session_delay->count() == 1000);
  CHECK(*s.variable_policy == VariablePolicy::kTestOnly);
  CHECK(*s.max_concurrent == 4);
  CHECK(*s.max_result_bytes == 2048);
  CHECK(s.loc.ToString() == "t.yaml:13:3");
}

TEST_CASE("tool_timeout, tool_tool_timeout and legacy timeout all set the tool timeout") {
  for (const char* key : {"tool_timeout", "tool_tool_timeout", "timeout"}) {
    Loaded<TestFile> f = With(std::string("settings:\n  ") + key + ": 12s\n");
    REQUIRE_MESSAGE(f.ok(), key, All(f));
    CHECK(f.value->settings.tool_timeout->count() == 12000);
  }
  Loaded<TestFile> same = With("settings:\n  timeout: 30s\n  tool_timeout: 30s\n");
  CHECK(same.diagnostics.empty());
  Loaded<TestFile> differ = With("settings:\n  timeout: 10s\n  tool_timeout: 30s\n");
  CHECK(differ.ok());
  CHECK(differ.value->settings.tool_timeout->count() == 30000);
  CHECK(All(differ) ==
        "t.yaml:13:3: warning: 'timeout' (10s) conflicts with 'tool_timeout' (30s); using "
        "'tool_timeout'\n");
}

TEST_CASE("durations: bare numbers are seconds, bad units are errors") {
  Loaded<TestFile> f = With("settings:\n  test_delay: 3\n  session_delay: 1h30m\n");
  REQUIRE(f.ok());
  CHECK(f.value->settings.test_delay->count() == 3000);
  CHECK(f.value->settings.session_delay->count() == 5400000);
  CHECK(All(With("settings:\n  test_delay: 3 weeks\n")).find("t.yaml:13:15: error: 'test_delay': invalid duration") ==
        0);
  CHECK(All(With("settings:\n  test_delay: -1s\n")).find("must not be negative") != std::string::npos);
  CHECK(All(With("settings:\n  test_delay: [1s]\n")) ==
        "t.yaml:13:15: error: expected a duration for 'test_delay' (e.g. 30s), got a sequence\n");
}

TEST_CASE("max_iterations bounds and variable_policy values") {
  CHECK(All(With("settings:\n  max_iterations: 150\n")) ==
        "t.yaml:13:19: warning: 'max_iterations' is 150 (more than 100)\n");
  CHECK(All(With("settings:\n  max_iterations: -1\n")) ==
        "t.yaml:13:19: error: 'max_iterations' must be between 1 and 100000, got -1\n");
  CHECK(All(With("settings:\n  variable_policy: merge-test-prio\n")) ==
        "t.yaml:13:20: error: unknown variable_policy 'merge-test-prio' (one of suite-only, test-only, "
        "merge-test-priority, merge-suite-priority), did you mean 'merge-test-priority'?\n");
  CHECK(All(With("settings:\n  verbose: maybe\n")) ==
        "t.yaml:13:12: error: expected true or false for 'verbose', got 'maybe'\n");
}

TEST_CASE("criteria.success_rate: number, numeric string, percent, out of range is an error") {
  auto rate = [](const std::string& v) { return With("criteria:\n  success_rate: " + v + "\n"); };
  CHECK(*rate("0.75").value->criteria.success_rate == doctest::Approx(0.75));
  CHECK(*rate("\"0.8\"").value->criteria.success_rate == doctest::Approx(0.8));
  CHECK(*rate("80%").value->criteria.success_rate == doctest::Approx(0.8));
  CHECK(*rate("1").value->criteria.success_rate == doctest::Approx(1.0));
  CHECK(All(rate("1.5")) ==
        "t.yaml:13:17: error: 'success_rate' must be between 0 and 1 (or 0% and 100%), got "
        "'1.5'\n");
  CHECK(All(rate("most")) ==
        "t.yaml:13:17: error: expected a number for 'success_rate' (e.g. 0.8 or \"80%\"), got "
        "'most'\n");
  CHECK(All(With("criteria:\n  sucess_rate: 1\n")) ==
        "t.yaml:13:3: error: unknown key 'sucess_rate' in criteria, did you mean 'success_rate'?\n");
}

TEST_CASE("variables keep declaration order and locations, non-scalars are errors") {
  Loaded<TestFile> f = With("variables:\n  zeta: \"{{now}}\"\n  alpha: 1\n  empty:\n");
  REQUIRE_MESSAGE(f.ok(), All(f));
  const auto& v = f.value->variables;
  REQUIRE(v.size() == 3);
  CHECK(v[0].name == "zeta");
  CHECK(v[0].value == "{{now}}");
  CHECK(v[0].loc.ToString() == "t.yaml:13:3");
  CHECK(v[1].name == "alpha");
  CHECK(v[1].value == "1");
  CHECK(v[2].value.empty());
  CHECK(All(With("variables:\n  list: [1, 2]\n")) ==
        "t.yaml:13:9: error: expected a string for 'list', got a "
        "sequence\n");
  CHECK(All(With("variables: [a]\n")) ==
        "t.yaml:12:12: error: expected a mapping of name: value for 'variables', got a sequence\n");
}

}  // namespace
}  // namespace ab::config

namespace ab::config {
namespace {

TEST_CASE("zero values written by the reference's generator mean 'not set', as in the reference") {
  Loaded<TestFile> f = testing::Parse(std::string(testing::kMinimal) +
                                      "settings:\n  verbose: \"\"\n  tool_tool_timeout: \"\"\n  tool_timeout: \"\"\n"
                                      "  max_iterations: 0\n  test_delay: \"\"\n  session_delay: \"\"\n"
                                      "  variable_policy: \"\"\n  max_concurrent: null\n"
                                      "criteria:\n  success_rate: \"\"\n");
  REQUIRE_MESSAGE(f.ok(), testing::All(f));
  CHECK(f.diagnostics.empty());
  const Settings& s = f.value->settings;
  CHECK_FALSE(s.verbose);
  CHECK_FALSE(s.tool_timeout);
  CHECK_FALSE(s.max_iterations);
  CHECK_FALSE(s.test_delay);
  CHECK_FALSE(s.variable_policy);
  CHECK_FALSE(f.value->criteria.success_rate);
  const EffectiveSettings e = Resolve(s);
  CHECK(e.max_iterations == 10);
  CHECK(e.tool_timeout == Millis(60'000));
  CHECK(e.variable_policy == VariablePolicy::kSuiteOnly);
  // A zero tool timeout is "not set" too (the reference's 0 = its default); null settings and criteria as well.
  Loaded<TestFile> g =
      testing::Parse(std::string(testing::kMinimal) + "settings:\n  tool_timeout: 0\ncriteria: null\n");
  REQUIRE(g.ok());
  CHECK_FALSE(g.value->settings.tool_timeout);
  Loaded<TestFile> h = testing::Parse(std::string(testing::kMinimal) + "settings: null\n");
  CHECK(h.ok());
  CHECK(h.diagnostics.empty());
}

}  // namespace
}  // namespace ab::config
