// Proactive client-side limits (requests and tokens per minute) as token buckets. One limiter belongs to one
// provider object and is shared by every concurrent call through it. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>

#include "llm/clock.h"

namespace ab::llm {

/// A token bucket refilled continuously at |per_minute|/60 s with room for |burst|. Acquire() reserves at once
/// and returns how long the caller must wait before using the reservation, so concurrent callers queue fairly
/// without holding a lock while they sleep (golang.org/x/time/rate's Reserve).
/// Kept as the time at which the bucket will be full again, in whole nanoseconds (the "virtual scheduling" form of
/// a token bucket), so reservations are exact: with burst 1, reserved times are exactly 60/per_minute s apart,
/// never a rounding error closer.
class TokenBucket {
 public:
  /// |per_minute| <= 0 disables the bucket (Acquire always returns 0). |burst| <= 0 means |per_minute|.
  TokenBucket(Clock& clock, double per_minute, double burst);
  bool enabled() const { return ns_per_unit_ > 0; }
  double burst() const { return burst_; }
  /// Reserves |amount| (clamped to the burst: an oversized request waits for a full bucket instead of failing)
  /// and returns the wait before the reservation is valid (rounded up to whole milliseconds).
  std::chrono::milliseconds Acquire(double amount);
  /// Takes |amount| more (or gives back a negative amount) without waiting: reconciles an estimate with actual use.
  void Adjust(double amount);

 private:
  /// Nanoseconds of refill that |amount| stands for, rounded up (so a reservation never comes early).
  std::chrono::nanoseconds Cost(double amount) const;
  Clock& clock_;
  double ns_per_unit_;
  double burst_;
  std::mutex mu_;
  std::chrono::steady_clock::time_point full_at_;  // when the bucket is full again; <= now means full
};

/// Estimated tokens of a request body: chars/4, plus half again for the reply, plus a 50% margin (the
/// reference's 2.25x of input, without its tokenizer download).
double EstimateTokens(size_t request_chars);

}  // namespace ab::llm
