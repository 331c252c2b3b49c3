#include "llm/clock.h"

#include <thread>

#include "base/time.h"

namespace ab::llm {
namespace {

class RealClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point Now() override { return std::chrono::steady_clock::now(); }
  int64_t WallMs() override { return NowMs(); }
  void SleepFor(std::chrono::milliseconds duration) override { std::this_thread::sleep_for(duration); }
};

}  // namespace

Clock& SystemClock() {
  static RealClock clock;
  return clock;
}

}  // namespace ab::llm
