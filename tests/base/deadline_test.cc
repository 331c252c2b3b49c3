#include "base/deadline.h"

#include <doctest/doctest.h>

namespace ab {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST_CASE("DeadlineAfter adds an ordinary duration exactly") {
  const Clock::time_point now = Clock::now();
  CHECK(DeadlineAfter(1500ms, now) == now + 1500ms);
  CHECK(DeadlineAfter(2h, now) == now + 2h);
  CHECK(DeadlineAfter(0ms, now) == now);
  CHECK(DeadlineAfter(-5s, now) == now);
}

TEST_CASE("DeadlineAfter saturates instead of overflowing into the past") {
  const Clock::time_point now = Clock::now();
  // 99999999999h in ms is 3.6e17, in ns 3.6e23: the plain sum wraps to a time long past.
  const Clock::time_point d = DeadlineAfter(std::chrono::milliseconds(99'999'999'999LL * 3'600'000), now);
  CHECK(d > now + 24h * 365 * 50);
  CHECK(d == now + kNeverDeadline);
  CHECK(DeadlineAfter(std::chrono::hours(99'999'999'999LL), now) == now + kNeverDeadline);
  CHECK(DeadlineAfter(std::chrono::milliseconds::max(), now) == now + kNeverDeadline);
  CHECK(DeadlineAfter(std::chrono::nanoseconds::max(), now) == now + kNeverDeadline);
}

}  // namespace ab
