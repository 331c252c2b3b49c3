#include "llm/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace ab::llm {

TokenBucket::TokenBucket(Clock& clock, double per_minute, double burst)
    : clock_(clock),
      rate_per_ms_(per_minute > 0 ? per_minute / 60'000.0 : 0),
      burst_(burst > 0 ? burst : std::max(per_minute, 1.0)),
      level_(burst_),
      last_(clock.Now()) {}

void TokenBucket::Refill() {
  const auto now = clock_.Now();
  const double elapsed = std::chrono::duration<double, std::milli>(now - last_).count();
  if (elapsed > 0) {
    level_ = std::min(burst_, level_ + elapsed * rate_per_ms_);
    last_ = now;
  }
}

std::chrono::milliseconds TokenBucket::Acquire(double amount) {
  if (!enabled()) return std::chrono::milliseconds(0);
  std::lock_guard<std::mutex> lock(mu_);
  Refill();
  level_ -= std::min(amount, burst_);
  if (level_ >= 0) return std::chrono::milliseconds(0);
  return std::chrono::milliseconds(static_cast<long long>(std::ceil(-level_ / rate_per_ms_)));
}

void TokenBucket::Adjust(double amount) {
  if (!enabled()) return;
  std::lock_guard<std::mutex> lock(mu_);
  Refill();
  level_ = std::min(burst_, level_ - amount);
}

double EstimateTokens(size_t request_chars) { return static_cast<double>(request_chars) / 4.0 * 1.5 * 1.5; }

}  // namespace ab::llm
