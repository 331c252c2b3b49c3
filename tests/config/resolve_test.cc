// Resolve(): file settings over suite settings over defaults.
#include <doctest/doctest.h>

#include "config/model.h"

namespace ab::config {
namespace {

TEST_CASE("empty settings give the documented defaults") {
  EffectiveSettings e = Resolve(Settings{});
  CHECK_FALSE(e.verbose);
  CHECK(e.max_iterations == 10);
  CHECK(e.tool_timeout.count() == 60000);
  CHECK_FALSE(e.test_timeout.has_value());
  CHECK(e.test_delay.count() == 0);
  CHECK(e.variable_policy == VariablePolicy::kSuiteOnly);
  CHECK(e.max_concurrent == 0);
  CHECK(e.max_result_bytes == 1 << 20);
}

TEST_CASE("over wins over base, base fills what over leaves unset") {
  Settings base;
  base.max_iterations = 5;
  base.tool_timeout = Millis(1000);
  base.test_timeout = Millis(9000);
  base.variable_policy = VariablePolicy::kTestOnly;
  Settings over;
  over.max_iterations = 7;
  over.verbose = true;
  over.max_result_bytes = 10;
  EffectiveSettings e = Resolve(over, base);
  CHECK(e.max_iterations == 7);
  CHECK(e.verbose);
  CHECK(e.tool_timeout.count() == 1000);
  CHECK(e.test_timeout->count() == 9000);
  CHECK(e.variable_policy == VariablePolicy::kTestOnly);
  CHECK(e.max_result_bytes == 10);
  CHECK(e.session_delay.count() == 0);
}

}  // namespace
}  // namespace ab::config
