// The request limiter never lets more requests through than rpm allows, counted in windows on a fake clock
// (no timing): the bucket's own reservations, and the send times of a provider under a steady stream of calls.
#include "llm/rate_limiter.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "fakes.h"
#include "llm/http_provider.h"
#include "llm/openai.h"

namespace ab::llm {
namespace {

using std::chrono::milliseconds;
using testing::FakeClock;
using testing::Msg;
using TimePoint = std::chrono::steady_clock::time_point;

// The most of |times| (sorted) that fall in any half-open window [t, t + width).
size_t MostInWindow(const std::vector<TimePoint>& times, milliseconds width) {
  size_t most = 0;
  for (size_t i = 0, j = 0; i < times.size(); ++i) {
    while (j < times.size() && times[j] < times[i] + width) ++j;
    most = std::max(most, j - i);
  }
  return most;
}

TEST_CASE("request bucket: reservations from many callers never exceed rpm in any window") {
  FakeClock clock;
  TokenBucket bucket(clock, 600, 1);  // what HttpProvider uses for rpm 600: 10 a second, evenly spaced
  std::mt19937 rng(7);
  std::vector<TimePoint> slots;
  // 1 500 requests arriving in clumps (up to 30 at the same instant) and lulls, far faster than 10 a second at
  // first, then slower than the rate, then a flood again: every pattern the bucket has to queue or refill from.
  for (int i = 0; i < 1500; ++i) {
    const int phase = i / 500;
    const int gap = phase == 1 ? static_cast<int>(rng() % 300) : (rng() % 30 == 0 ? static_cast<int>(rng() % 50) : 0);
    clock.Advance(milliseconds(gap));
    const milliseconds wait = bucket.Acquire(1);
    CHECK(wait.count() >= 0);
    slots.push_back(clock.Now() + wait);
  }
  std::sort(slots.begin(), slots.end());
  for (size_t i = 1; i < slots.size(); ++i) {
    CHECK(slots[i] - slots[i - 1] >= milliseconds(100));  // evenly spaced: never two closer than 60 s / rpm
  }
  CHECK(MostInWindow(slots, milliseconds(1'000)) <= 10);
  CHECK(MostInWindow(slots, milliseconds(60'000)) <= 600);
  CHECK(MostInWindow(slots, milliseconds(10'000)) == 100);  // and the rate is used: queued callers go on time
}

TEST_CASE("provider with rpm: sends counted per window stay within the limit from the first request on") {
  // Records the fake time of every send; the provider's waits advance the fake clock.
  struct TimedHttp final : HttpClient {
    explicit TimedHttp(FakeClock& c) : clock(c) {}
    FakeClock& clock;
    std::vector<TimePoint> sends;
    Result<HttpResponse> Send(const HttpRequest&) override {
      sends.push_back(clock.Now());
      HttpResponse r;
      r.status = 200;
      r.body = testing::ReadData("openai_text.json");
      return r;
    }
  };
  FakeClock clock;
  TimedHttp http(clock);
  OpenAiWireOptions o;
  o.url = "https://api.openai.com/v1/chat/completions";
  o.api_key = "sk-limit-test-1";
  HttpProviderSettings s;
  s.provider_type = "OPENAI";
  s.model = "gpt-4o-mini";
  s.limits.rpm = 600;
  HttpProvider provider(MakeOpenAiWire(std::move(o)), http, clock, s);
  ChatRequest r;
  r.messages.push_back(Msg(Role::kUser, "hi"));
  for (int i = 0; i < 1300; ++i) REQUIRE(provider.Complete(r, {}));
  REQUIRE(http.sends.size() == 1300);
  CHECK(MostInWindow(http.sends, milliseconds(1'000)) <= 10);  // no burst: the first second holds 10, not 20
  CHECK(MostInWindow(http.sends, milliseconds(60'000)) <= 600);
  // The measured rate over the run, as bench/bench.py computes it, is at most the configured one.
  const double seconds = std::chrono::duration<double>(http.sends.back() - http.sends.front()).count();
  const double rate = static_cast<double>(http.sends.size() - 1) / seconds * 60.0 / 600.0;
  CHECK(rate <= 1.0);
  CHECK(rate > 0.95);
}

}  // namespace
}  // namespace ab::llm
