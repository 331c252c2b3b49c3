// The bench configs reader in config/: typed structs, and every mistake at file:line:col with a did-you-mean.
#include "config/bench_spec.h"

#include <doctest/doctest.h>

namespace ab::config {
namespace {

std::string FirstError(const std::string& text) {
  Result<BenchSpec> r = ParseBenchSpec(text, "c.yaml");
  if (r) return "no error";
  return std::to_string(r.error().loc.line) + ":" + std::to_string(r.error().loc.col) + ": " + r.error().message;
}

TEST_CASE("bench spec: an inline provider is read by the test file's provider parser into a typed Provider") {
  Result<BenchSpec> r = ParseBenchSpec(
      "configs:\n"
      "  - name: a\n"
      "    provider:\n"
      "      type: OPENAI_COMPATIBLE\n"
      "      baseUrl: http://127.0.0.1:9/v1\n"
      "      model: m\n"
      "      rate_limits: {rpm: 60}\n"
      "      headers: {X-Team: bench}\n"
      "      limits: {max_response_bytes: 2MiB}\n",
      "c.yaml");
  REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().ToString()));
  const InlineProvider& p = *r->configs[0].inline_provider;
  CHECK(p.provider.name == "a");
  CHECK(p.provider.type == "OPENAI_COMPATIBLE");
  CHECK(p.provider.base_url == "http://127.0.0.1:9/v1");
  CHECK(p.provider.rate_limits.rpm == 60);
  REQUIRE(p.provider.headers.size() == 1);
  CHECK(p.provider.headers[0].second == "bench");
  CHECK(p.loc.line == 4);
  CHECK(p.loc.col == 7);
  CHECK(p.problems.empty());
}

TEST_CASE("bench spec: an inline provider's keys are the test file's, with a did-you-mean at the key") {
  CHECK(FirstError("configs:\n  - name: a\n    provider: {type: OPENAI, tokn: x}\n") ==
        "3:30: unknown key 'tokn' in inline provider of config 'a', did you mean 'token'?");
  CHECK(FirstError("configs:\n  - name: a\n    provider: {type: MOCK, rate_limit: {rpm: 1}}\n") ==
        "3:28: unknown key 'rate_limit' in inline provider of config 'a', did you mean 'rate_limits'?");
  CHECK(FirstError("configs:\n  - name: a\n    provider: {type: ANTHROPC}\n") ==
        "3:22: unknown provider type 'ANTHROPC', did you mean 'ANTHROPIC'?");
  CHECK(FirstError("configs:\n  - name: a\n    provider: {type: \"\"}\n") ==
        "3:15: inline provider of config 'a' needs a 'type'");
}

TEST_CASE("bench spec: what only the provider parser checks is kept, with its position, for when it is applied") {
  Result<BenchSpec> r =
      ParseBenchSpec("configs:\n  - name: a\n    provider: {type: OPENAI, max_tokens: 0}\n", "c.yaml");
  REQUIRE(r.has_value());
  const InlineProvider& p = *r->configs[0].inline_provider;
  REQUIRE_FALSE(p.problems.empty());
  bool range = false;
  for (const Diagnostic& d : p.problems) {
    CHECK(d.loc.file == "c.yaml");
    CHECK(d.loc.line == 3);
    range = range || d.message == "'max_tokens' must be between 1 and 10000000";
  }
  CHECK(range);
}

TEST_CASE("bench spec: inputs and generate are typed, their mistakes at file:line:col") {
  Result<BenchSpec> r = ParseBenchSpec(
      "configs:\n  - {name: a, provider: p}\n"
      "inputs:\n"
      "  - {name: city, type: string, required: yes, enum: [Paris, Rome]}\n"
      "  - {name: n, type: integer, default: 0x10}\n"
      "generate: {count: 0x4, hints: short, seed: 7}\n",
      "c.yaml");
  REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().ToString()));
  const GeneratedInputs& g = r->generated;
  REQUIRE(g.inputs.size() == 2);
  CHECK(g.inputs[0].required);
  CHECK(g.inputs[0].enum_values == std::vector<std::string>{"Paris", "Rome"});
  CHECK(g.inputs[1].default_value == "0x10");
  REQUIRE(g.generate.has_value());
  CHECK(g.generate->count == 4);
  CHECK(g.generate->seed == 7);
  CHECK(g.generate->loc.line == 6);

  const std::string top = "configs:\n  - {name: a, provider: p}\n";
  CHECK(FirstError(top + "inputs:\n  - {name: x, tpye: string}\n") ==
        "4:15: unknown key 'tpye' in an input, did you mean 'type'?");
  CHECK(FirstError(top + "inputs:\n  - {name: x, type: strng}\n") ==
        "4:21: 'type' must be string, integer, number or boolean, got 'strng', did you mean 'string'?");
  CHECK(FirstError(top + "generate: {count: 500}\n") == "3:19: 'count' must be a whole number from 1 to 100");
  CHECK(FirstError(top + "generate: {cuont: 5}\n") == "3:12: unknown key 'cuont' in generate, did you mean 'count'?");
  CHECK(FirstError(top + "inputs:\n  - {name: x, required: maybe}\n") ==
        "4:25: 'required' must be true or false, got 'maybe'");
  CHECK(FirstError(top + "inputs:\n  - {name: x}\n  - {name: x}\n") == "5:5: input 'x' is declared twice");
}

TEST_CASE("bench spec: ai_summary reads a boolean key and names its judge") {
  Result<BenchSpec> r = ParseBenchSpec(
      "configs:\n  - {name: a, provider: p}\nai_summary: {enabled: true, judge_provider: j}\n", "c.yaml");
  REQUIRE(r.has_value());
  CHECK(r->ai_summary);
  CHECK(r->ai_summary_provider == "j");
  CHECK(FirstError("configs:\n  - {name: a, provider: p}\nai_summary: {enabled: \"true\"}\n") ==
        "3:23: 'enabled' must be true or false, got a string");
  CHECK(FirstError("configs:\n  - {name: a, provider: p}\nai_summary: {enabeld: true}\n") ==
        "3:14: unknown key 'enabeld' in ai_summary, did you mean 'enabled'?");
}

TEST_CASE("bench spec: an alias bomb or malformed YAML is an error, not a hang or a throw") {
  CHECK(FirstError("configs: [\n").find("invalid YAML") != std::string::npos);
  CHECK(FirstError("a: &a [*a]\nconfigs: *a\n") != "no error");
}

TEST_CASE("bench spec: an inline provider that contains itself through an alias is read, not followed forever") {
  // The old bench reader converted the whole mapping to JSON and recursed through the alias until the stack ran out.
  Result<BenchSpec> r =
      ParseBenchSpec("configs:\n  - name: a\n    provider: &p {type: MOCK, model: m, pricing: *p}\n", "c.yaml");
  REQUIRE(r.has_value());
  const InlineProvider& p = *r->configs[0].inline_provider;
  REQUIRE_FALSE(p.problems.empty());
  CHECK(p.problems[0].message.find("in pricing") != std::string::npos);
  CHECK(FirstError("configs:\n  - name: a\n    provider: &p {type: MOCK, model: m, extra: [*p]}\n") ==
        "3:41: unknown key 'extra' in inline provider of config 'a'");
}

}  // namespace
}  // namespace ab::config
