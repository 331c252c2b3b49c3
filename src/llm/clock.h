// The time seam of the LLM layer: rate limiters, retry waits and token caches read the time and sleep through a
// Clock, so tests of minute-long waits run instantly with a fake. Implementations are thread-safe.
#pragma once

#include <chrono>
#include <cstdint>

namespace ab::llm {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::steady_clock::time_point Now() = 0;
  /// Milliseconds since the Unix epoch (for HTTP-date Retry-After values and token expiry).
  virtual int64_t WallMs() = 0;
  /// Blocks for |duration| (a fake advances its time instead).
  virtual void SleepFor(std::chrono::milliseconds duration) = 0;
};

/// The process-wide real clock.
Clock& SystemClock();

}  // namespace ab::llm
