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
class TokenBucket {
 public:
  /// |per_minute| <= 0 disables the bucket (Acquire always returns 0). |burst| <= 0 means |per_minute|.
  TokenBucket(Clock& clock, double per_minute, double burst);
  bool enabled() const { return rate_per_ms_ > 0; }
  double burst() const { return burst_; }
  /// Reserves |amount| (clamped to the burst: an oversized request waits for a full bucket instead of failing)
  /// and returns the wait before the reservation is valid.
  std::chrono::milliseconds Acquire(double amount);
  /// Takes |amount| more (or gives back a negative amount) without waiting: reconciles an estimate with actual use.
  void Adjust(double amount);

 private:
  void Refill();
  Clock& clock_;
  double rate_per_ms_;
  double burst_;
  std::mutex mu_;
  double level_;  // may go negative: outstanding reservations
  std::chrono::steady_clock::time_point last_;
};

/// Estimated tokens of a request body: chars/4, plus half again for the reply, plus a 50% margin (the
/// reference's 2.25x of input, without its tokenizer download).
double EstimateTokens(size_t request_chars);

}  // namespace ab::llm
