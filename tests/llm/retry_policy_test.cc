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
  CHECK(RetryHint(With({}, R"({"error":{"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1m30s"}]}})"),
                  now)->count() == 90'000);
  CHECK_FALSE(RetryHint(With({}, R"({"error":{"message":"Too many requests"}})"), now));
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
