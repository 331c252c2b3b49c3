// Flip rates count verdicts only: an outage (error, timeout) between two runs is reported apart, never a flip.
#include <doctest/doctest.h>

#include <vector>

#include "store/model.h"

namespace ab::store {
namespace {

TestFlips Flips(const std::vector<RunStatus>& statuses) {
  TestFlips f;
  f.test_key = "f.yaml/s/t";
  for (RunStatus s : statuses) {
    TestOutcome o;
    o.status = s;
    f.outcomes.push_back(o);
  }
  CountFlips(f);
  return f;
}

using S = RunStatus;

TEST_CASE("an error between two passes is no flip and is counted apart") {
  TestFlips f = Flips({S::kPassed, S::kError, S::kPassed, S::kTimeout, S::kPassed});
  CHECK(f.flips == 0);
  CHECK(f.verdicts == 3);
  CHECK(f.errors == 2);
  CHECK(f.flip_rate() == doctest::Approx(0.0));
  CHECK(f.Trend() == "stable");
  CHECK_FALSE(f.flaky());
}

TEST_CASE("a failure after an error is one flip against the last verdict") {
  TestFlips f = Flips({S::kPassed, S::kPassed, S::kError, S::kFailed});
  CHECK(f.flips == 1);
  CHECK(f.verdicts == 3);
  CHECK(f.flip_rate() == doctest::Approx(0.5));
  CHECK(f.Trend() == "regression");
  // The newest outcome an error: the trend still reads the last verdict.
  TestFlips fixed = Flips({S::kFailed, S::kPassed, S::kError});
  CHECK(fixed.Trend() == "fixed");
}

TEST_CASE("a verdict that keeps changing is flaky, a single step is not") {
  TestFlips flaky = Flips({S::kPassed, S::kFailed, S::kPassed, S::kFailed, S::kPassed});
  CHECK(flaky.flips == 4);
  CHECK(flaky.flaky());
  CHECK(flaky.Trend() == "flaky");
  // Two flips over many runs: a rate below the threshold.
  std::vector<S> long_history(20, S::kPassed);
  long_history[10] = S::kFailed;
  TestFlips rare = Flips(long_history);
  CHECK(rare.flips == 2);
  CHECK(rare.flip_rate() == doctest::Approx(2.0 / 19));
  CHECK_FALSE(rare.flaky());
  CHECK(Flips({S::kError, S::kError}).Trend() == "new");
}

}  // namespace
}  // namespace ab::store
