// The dialect-free provider core against a scripted HttpClient and a fake clock: error mapping per class,
// 429 retries that wait what the server asked, 5xx/network retries, deadlines, cancellation, rpm/tpm buckets.
#include "llm/http_provider.h"

#include <doctest/doctest.h>

#include "fakes.h"
#include "llm/openai.h"

namespace ab::llm {
namespace {

using testing::FakeClock;
using testing::FakeHttpClient;
using testing::Msg;
using testing::ReadData;

struct Rig {
  FakeHttpClient http;
  FakeClock clock;
  std::unique_ptr<HttpProvider> provider;
  explicit Rig(config::RetryPolicy retry = {}, config::RateLimits limits = {}) {
    OpenAiWireOptions o;
    o.url = "https://api.openai.com/v1/chat/completions";
    o.api_key = "sk-rig-1234567";
    HttpProviderSettings s;
    s.provider_type = "OPENAI";
    s.model = "gpt-4o-mini";
    s.retry = retry;
    s.limits = limits;
    provider = std::make_unique<HttpProvider>(MakeOpenAiWire(std::move(o)), http, clock, s);
  }
  Result<ChatResponse> Call(const CallOptions& options = {}) {
    ChatRequest r;
    r.messages.push_back(Msg(Role::kUser, "hi"));
    return provider->Complete(r, options);
  }
};

config::RetryPolicy Retry429() {
  config::RetryPolicy p;
  p.retry_on_429 = true;
  return p;
}

TEST_CASE("HTTP statuses map to error codes with the vendor message and status") {
  struct Case {
    int status;
    std::string body;
    ErrorCode code;
    const char* text;
  };
  const std::vector<Case> cases = {
      {401,
       R"({"error":{"message":"Incorrect API key provided: sk-rig-1234567.","type":"invalid_request_error","code":"invalid_api_key"}})",
       ErrorCode::kAuth, "invalid_api_key"},
      {403, R"({"error":{"message":"forbidden"}})", ErrorCode::kAuth, "forbidden"},
      {404, R"({"error":{"message":"The model `gpt-9` does not exist","code":"model_not_found"}})",
       ErrorCode::kNotFound, "gpt-9"},
      {429, R"({"error":{"message":"Rate limit reached","code":"rate_limit_exceeded"}})", ErrorCode::kRateLimited,
       "Rate limit"},
      {500, R"({"error":{"message":"The server had an error","type":"server_error"}})", ErrorCode::kServer,
       "server had an error"},
      {529, ReadData("anthropic_529.json"), ErrorCode::kServer, "Overloaded"},
      {400, "not json at all", ErrorCode::kHttp, "not json at all"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.status);
    Rig rig;
    rig.http.Reply(c.status, c.body);
    Result<ChatResponse> r = rig.Call();
    REQUIRE_FALSE(r);
    CHECK(r.error().code == c.code);
    CHECK(r.error().http_status == c.status);
    CHECK(r.error().message.find(c.text) != std::string::npos);
    CHECK(r.error().message.find("sk-rig-1234567") == std::string::npos);  // redacted
    CHECK(rig.http.sent.size() == 1);                                      // retries are off by default
  }
}

TEST_CASE("transport failures: timeout and network errors keep their codes / bad JSON is kParse") {
  Rig rig;
  rig.http.Fail(ErrorCode::kTimeout, "no response within 10 ms");
  Result<ChatResponse> r = rig.Call();
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::kTimeout);
  Rig net;
  net.http.Fail(ErrorCode::kNetwork, "Connection");
  CHECK(net.Call().error().code == ErrorCode::kNetwork);
  Rig bad;
  bad.http.Reply(200, R"({"id":"chatcmpl-1","choices":[)");
  Result<ChatResponse> parsed = bad.Call();
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().code == ErrorCode::kParse);
}

TEST_CASE("429 retry waits the hinted time plus a 1 s buffer / for each hint kind") {
  struct Case {
    const char* name;
    HttpHeaders headers;
    std::string body;
    long long expect_ms;
  };
  const std::vector<Case> cases = {
      {"retry-after-ms", {{"retry-after-ms", "1500"}}, "{}", 2500},
      {"Retry-After seconds", {{"Retry-After", "3"}}, "{}", 4000},
      {"Retry-After HTTP-date", {{"Retry-After", "Sat, 22 Nov 2025 02:01:39 GMT"}}, "{}", 10'000 - 0 + 1000 - 0},
      {"Gemini RetryInfo", {}, ReadData("gemini_429.json"), 47'000},
      {"Azure retry after N seconds", {}, ReadData("azure_429.json"), 7000},
      {"Groq try again in 1.5s", {}, ReadData("groq_429.json"), 2500},
      {"no hint: backoff 1 s", {}, R"({"error":{"message":"slow down"}})", 1000},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Rig rig(Retry429());
    rig.http.Reply(429, c.body, c.headers);
    rig.http.Reply(200, ReadData("openai_text.json"));
    Result<ChatResponse> r = rig.Call();
    REQUIRE(r);
    CHECK(r->retries == 1);
    CHECK(r->rate_limit_hits == 1);
    CHECK(rig.http.sent.size() == 2);
    // The HTTP-date is 10 s after the fake wall clock start minus 0.000 s: 9.999..10 s plus the buffer.
    CHECK(r->wait_ms >= static_cast<double>(c.expect_ms) - 1000.0 * (std::string(c.name) == "Retry-After HTTP-date"));
    CHECK(r->wait_ms <= static_cast<double>(c.expect_ms) + 100.0);
    CHECK(r->latency_ms < 1.0);  // waits are not latency
  }
}

TEST_CASE("429 without retry_on_429 fails at once / max_retries bounds the attempts / quota errors are not retried") {
  Rig off;
  off.http.Reply(429, "{}", {{"retry-after", "1"}});
  CHECK(off.Call().error().code == ErrorCode::kRateLimited);
  CHECK(off.http.sent.size() == 1);

  Rig bounded(Retry429());
  bounded.http.Reply(429, "{}", {{"retry-after", "1"}});
  Result<ChatResponse> r = bounded.Call();
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::kRateLimited);
  CHECK(bounded.http.sent.size() == 4);  // 1 + max_retries (3)

  Rig quota(Retry429());
  quota.http.Reply(429, ReadData("openai_429_quota.json"));
  CHECK(quota.Call().error().code == ErrorCode::kRateLimited);
  CHECK(quota.http.sent.size() == 1);
}

TEST_CASE("5xx and network retries are opt-in and back off exponentially") {
  config::RetryPolicy p;
  p.retry_on_5xx = true;
  p.retry_on_network = true;
  p.max_retries = 3;
  Rig rig(p);
  rig.http.Reply(503, R"({"error":{"message":"overloaded"}})");
  rig.http.Fail(ErrorCode::kNetwork, "Connection");
  rig.http.Reply(200, ReadData("openai_text.json"));
  Result<ChatResponse> r = rig.Call();
  REQUIRE(r);
  CHECK(r->retries == 2);
  CHECK(r->wait_ms == doctest::Approx(3000).epsilon(0.01));  // 1 s + 2 s
  Rig no5xx;
  no5xx.http.Reply(500, "{}");
  CHECK(no5xx.Call().error().code == ErrorCode::kServer);
  CHECK(no5xx.http.sent.size() == 1);
}

TEST_CASE("a retry wait that would pass the deadline fails with kTimeout / cancel stops a wait") {
  Rig rig(Retry429());
  rig.http.Reply(429, "{}", {{"retry-after", "30"}});
  CallOptions options;
  options.deadline = rig.clock.Now() + std::chrono::seconds(5);
  Result<ChatResponse> r = rig.Call(options);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::kTimeout);
  CHECK(rig.http.sent.size() == 1);

  Rig cancelled(Retry429());
  cancelled.http.Reply(429, "{}", {{"retry-after", "30"}});
  std::atomic<bool> cancel{true};
  CallOptions c;
  c.cancel = &cancel;
  CHECK(cancelled.Call(c).error().code == ErrorCode::kCancelled);
}

TEST_CASE("rpm bucket spaces requests / the waits are reported as throttling") {
  config::RateLimits limits;
  limits.rpm = 60;  // one per second, burst of one
  Rig rig({}, limits);
  rig.http.Reply(200, ReadData("openai_text.json"));
  Result<ChatResponse> first = rig.Call();
  REQUIRE(first);
  CHECK_FALSE(first->throttled);
  Result<ChatResponse> second = rig.Call();
  REQUIRE(second);
  CHECK(second->throttled);
  CHECK(second->wait_ms == doctest::Approx(1000).epsilon(0.01));
}

TEST_CASE("tpm bucket: an estimate larger than the bucket waits for a full bucket instead of failing") {
  FakeClock clock;
  TokenBucket bucket(clock, 600, 600);  // 10 tokens per second
  CHECK(bucket.Acquire(100).count() == 0);
  CHECK(bucket.Acquire(5000).count() == 10'000);  // clamped to 600: needs the 100 back, 10 s
  clock.Advance(std::chrono::seconds(10));
  bucket.Adjust(-600);  // actual usage was lower: give tokens back (capped at the burst)
  CHECK(bucket.Acquire(600).count() == 0);
  CHECK(EstimateTokens(400) == doctest::Approx(225));
}

TEST_CASE("usage is priced from the table / an unknown model has no cost") {
  Rig rig;
  rig.http.Reply(200, ReadData("openai_tool_calls.json"));
  Result<ChatResponse> r = rig.Call();
  REQUIRE(r);
  REQUIRE(r->usage.cost_usd);
  // gpt-4o-mini: (82-64)*0.15 + 64*0.075 + 17*0.60 per 1M = 2.7 + 4.8 + 10.2 = 17.7e-6
  CHECK(*r->usage.cost_usd == doctest::Approx(17.7e-6));
}

}  // namespace
}  // namespace ab::llm
