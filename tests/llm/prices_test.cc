#include "llm/prices.h"

#include <doctest/doctest.h>

namespace ab::llm {
namespace {

TEST_CASE("the shipped table has a source and an as-of date / and prefix lookup finds dated models") {
  CHECK_FALSE(PriceTableSource().source.empty());
  CHECK(PriceTableSource().as_of == "2026-01-15");
  auto mini = LookupPrice("OPENAI", "gpt-4o-mini-2024-07-18");
  REQUIRE(mini);
  CHECK(mini->input == 0.15);
  auto dated = LookupPrice("OPENAI", "gpt-4o-2024-05-13");
  REQUIRE(dated);
  CHECK(dated->input == 5.0);  // its own entry beats the gpt-4o prefix
  CHECK(LookupPrice("VERTEX", "gemini-2.0-flash")->output == 0.60);
  CHECK(LookupPrice("GOOGLE", "gemini-2.0-flash")->output == 0.40);
  CHECK_FALSE(LookupPrice("OPENAI", "gpt-4oo"));
  CHECK(LookupPrice("MOCK", "mock-model")->input == 0.0);  // a mock costs nothing, and says so
  CHECK_FALSE(LookupPrice("OPENAI", "my-local-llama"));
}

TEST_CASE("hand-computed costs: OpenAI cached subset / Anthropic cache writes / Gemini long context") {
  Usage u;
  u.prompt_tokens = 1'000'000;
  u.cached_tokens = 400'000;
  u.completion_tokens = 100'000;
  // gpt-4o: 600k*2.50 + 400k*1.25 + 100k*10 = 1.5 + 0.5 + 1.0
  CHECK(ComputeCost(*LookupPrice("OPENAI", "gpt-4o"), u) == doctest::Approx(3.0));
  // claude-sonnet-4: prompt 1M incl. 400k reads and 100k writes: 500k*3 + 400k*0.3 + 100k*3.75 + 100k*15
  CHECK(ComputeCost(*LookupPrice("ANTHROPIC", "claude-sonnet-4-20250514"), u, 100'000) ==
        doctest::Approx(1.5 + 0.12 + 0.375 + 1.5));
  Usage big;
  big.prompt_tokens = 300'000;
  big.completion_tokens = 1000;
  // gemini-2.5-pro above 200k: 300k*2.50 + 1k*15
  CHECK(ComputeCost(*LookupPrice("GOOGLE", "gemini-2.5-pro"), big) == doctest::Approx(0.75 + 0.015));
}

TEST_CASE("pricing overrides the table / unknown model without a full override has no cost") {
  config::Pricing over;
  over.input = 1.0;
  over.output = 2.0;
  Usage u;
  u.prompt_tokens = 1'000'000;
  u.completion_tokens = 1'000'000;
  ApplyPrice("OPENAI_COMPATIBLE", {"my-local-llama"}, over, u);
  REQUIRE(u.cost_usd);
  CHECK(*u.cost_usd == doctest::Approx(3.0));
  Usage unknown;
  unknown.prompt_tokens = 10;
  unknown.cost_usd = 5.0;
  ApplyPrice("OPENAI_COMPATIBLE", {"my-local-llama", ""}, {}, unknown);
  CHECK_FALSE(unknown.cost_usd);  // empty, never $0
  config::Pricing partial;
  partial.output = 1.0;
  ApplyPrice("OPENAI", {"gpt-4o-mini"}, partial, u);
  CHECK(*u.cost_usd == doctest::Approx(0.15 + 1.0));
}

}  // namespace
}  // namespace ab::llm
