#include "llm/retry_policy.h"

#include <doctest/doctest.h>

namespace ab::llm {
namespace {

HttpResponse With(HttpHeaders headers, std::string body = "{}") {
  HttpResponse r;
  r.status = 429;
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

TEST_CASE("retry hints: header priority / HTTP-date / body texts / none") {
  const int64_t now = *ParseHttpDate("Sat, 22 Nov 2025 02:00:00 GMT");
  CHECK(RetryHint(With({{"retry-after-ms", "250"}, {"Retry-After", "9"}}), now)->count() == 250);
  CHECK(RetryHint(With({{"x-ms-retry-after-ms", "1200"}}), now)->count() == 1200);
  CHECK(RetryHint(With({{"Retry-After", "2.5"}}), now)->count() == 2500);
  CHECK(RetryHint(With({{"Retry-After", "Sat, 22 Nov 2025 02:00:07 GMT"}}), now)->count() == 7000);
  CHECK(RetryHint(With({}, R"({"error":{"message":"Please retry after 12 seconds."}})"), now)->count() == 12'000);
  CHECK(RetryHint(With({}, R"({"error":{"message":"Please try again in 850ms."}})"), now)->count() == 850);
  CHECK(
      RetryHint(
          With({},
               R"({"error":{"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1m30s"}]}})"),
          now)
          ->count() == 90'000);
  CHECK_FALSE(RetryHint(With({}, R"({"error":{"message":"Too many requests"}})"), now));
}

TEST_CASE("retry hints in text: units, case, several phrases") {
  const int64_t now = 0;
  CHECK(RetryHint(With({}, "Rate limited. RETRY AFTER 3 SECONDS"), now)->count() == 3000);
  CHECK(RetryHint(With({}, "retry in 46.5s"), now)->count() == 46'500);
  CHECK(RetryHint(With({}, "try again in 2 minutes"), now)->count() == 120'000);
  CHECK(RetryHint(With({}, "try again in 20 milliseconds"), now)->count() == 20);
  CHECK(RetryHint(With({}, "retry after\t\t7"), now)->count() == 7000);  // JSON-less body, literal text
  // The first phrase without a number is skipped; the next one with a number counts.
  CHECK(RetryHint(With({}, "please retry after a while, or try again in 5s"), now)->count() == 5000);
  CHECK_FALSE(RetryHint(With({}, "retry after"), now));
  CHECK_FALSE(RetryHint(With({}, "retryafter 5"), now));
}

TEST_CASE("retry hints from a hostile body are bounded, never a crash") {
  const int64_t now = 0;
  // "retry after" + 100 000 spaces: the std::regex this replaced recursed per character and blew the stack.
  const std::string spaces = "retry after" + std::string(100'000, ' ');
  CHECK_FALSE(RetryHint(With({}, spaces), now));
  CHECK_FALSE(RetryHint(With({}, spaces + "5 seconds"), now));
  CHECK_FALSE(RetryHint(With({}, R"({"error":{"message":")" + spaces + R"("}})"), now));
  // 100 000 repetitions of the phrase and of digits: linear, no hint or a clamped one.
  std::string phrases;
  for (int i = 0; i < 20'000; ++i) phrases += "retry after ";
  CHECK_FALSE(RetryHint(With({}, phrases), now));
  CHECK_FALSE(RetryHint(With({}, "retry after " + std::string(100'000, '9')), now));
  // Enormous numbers are clamped to kMaxRetryHint instead of overflowing.
  CHECK(RetryHint(With({}, "retry after 99999999999999999999 seconds"), now) == kMaxRetryHint);
  CHECK(RetryHint(With({{"Retry-After", "1e300"}}), now) == kMaxRetryHint);
  CHECK(RetryHint(With({{"retry-after-ms", "1e308"}}), now) == kMaxRetryHint);
  CHECK(RetryHint(With({}, R"({"error":{"details":[{"@type":"RetryInfo","retryDelay":"99999999999999h"}]}})"), now) ==
        kMaxRetryHint);
  CHECK_FALSE(RetryHint(
      With({}, R"({"error":{"details":[{"@type":"RetryInfo","retryDelay":")" + std::string(100'000, '1') + R"(s"}]}})"),
      now));
  // A body nested 60 000 levels deep is refused by the bounded parser and read as plain text.
  CHECK_FALSE(RetryHint(With({}, std::string(60'000, '[') + std::string(60'000, ']')), now));
}

TEST_CASE("backoff doubles from 1 s and is capped at 60 s") {
  CHECK(Backoff(0).count() == 1000);
  CHECK(Backoff(1).count() == 2000);
  CHECK(Backoff(5).count() == 32'000);
  CHECK(Backoff(6).count() == 60'000);
  CHECK(Backoff(40).count() == 60'000);
}

TEST_CASE("permanent rate limits are recognised") {
  CHECK(IsPermanentRateLimit(With({}, R"({"error":{"code":"insufficient_quota","message":"x"}})")));
  CHECK(IsPermanentRateLimit(With({}, R"({"error":{"details":[{"violations":[{"quotaValue":"0"}]}]}})")));
  CHECK_FALSE(IsPermanentRateLimit(With({}, R"({"error":{"code":"rate_limit_exceeded"}})")));
}

}  // namespace
}  // namespace ab::llm
