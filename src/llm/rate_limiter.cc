#include "llm/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace ab::llm {

using std::chrono::nanoseconds;

TokenBucket::TokenBucket(Clock& clock, double per_minute, double burst)
    : clock_(clock),
      ns_per_unit_(per_minute > 0 ? 60e9 / per_minute : 0),
      burst_(burst > 0 ? burst : std::max(per_minute, 1.0)),
      full_at_(clock.Now()) {}

nanoseconds TokenBucket::Cost(double amount) const {
  return nanoseconds(static_cast<int64_t>(std::ceil(amount * ns_per_unit_)));
}

std::chrono::milliseconds TokenBucket::Acquire(double amount) {
  if (!enabled()) return std::chrono::milliseconds(0);
  std::lock_guard<std::mutex> lock(mu_);
  const auto now = clock_.Now();
  // Taking |amount| moves the time the bucket is full again by its cost; the reservation is valid once the bucket
  // holds |amount| again, i.e. when that time is no more than a full bucket's worth ahead.
  full_at_ = std::max(full_at_, now) + Cost(std::min(amount, burst_));
  const auto valid_at = full_at_ - Cost(burst_);
  if (valid_at <= now) return std::chrono::milliseconds(0);
  return std::chrono::ceil<std::chrono::milliseconds>(valid_at - now);
}

void TokenBucket::Adjust(double amount) {
  if (!enabled()) return;
  std::lock_guard<std::mutex> lock(mu_);
  const auto now = clock_.Now();
  // A full bucket cannot hold more: giving back never moves the time before now.
  full_at_ = std::max(now, std::max(full_at_, now) + Cost(amount));
}

double EstimateTokens(size_t request_chars) { return static_cast<double>(request_chars) / 4.0 * 1.5 * 1.5; }

}  // namespace ab::llm
