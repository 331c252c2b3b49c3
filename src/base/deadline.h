// Deadlines from durations that users and peers choose: "now + timeout" overflows steady_clock (nanoseconds in
// an int64) for timeouts above ~292 years, and an overflowed deadline lies in the past, so the call "times out"
// at once. DeadlineAfter saturates instead.
#pragma once

#include <chrono>

namespace ab {

/// The longest wait a deadline stands for: far enough never to come, near enough that code adding a grace period
/// to a deadline or turning "deadline - now" into milliseconds cannot overflow either.
inline constexpr std::chrono::hours kNeverDeadline{24 * 365 * 100};

/// |now| + |d|, saturated at |now| + kNeverDeadline; a negative |d| gives |now|.
template <typename Rep, typename Period>
std::chrono::steady_clock::time_point DeadlineAfter(
    std::chrono::duration<Rep, Period> d,
    std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now()) {
  if (d <= d.zero()) return now;
  // Compared in the finer of the two units (at most nanoseconds, where 100 years still fits); converting a huge
  // |d| to nanoseconds before comparing would be exactly the overflow to avoid.
  if (d >= kNeverDeadline) return now + kNeverDeadline;
  return now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(d);
}

}  // namespace ab
