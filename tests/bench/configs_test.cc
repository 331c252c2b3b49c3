// The configs-file loader: the documented example loads; every kind of mistake is an error at its position.
#include "bench/configs.h"

#include <doctest/doctest.h>

#include <string>

#include "base/redact.h"

namespace ab::bench {
namespace {

constexpr const char* kExample = R"yaml(name: models
configs:
  - name: gpt-4o
    provider: openai-main
    model: gpt-4o
    temperature: 0
  - name: claude-sonnet
    provider: {type: ANTHROPIC, token: "{{ANTHROPIC_API_KEY}}", model: claude-sonnet-4-5}
    max_tokens: 2048
    seed: 42
variants:
  - name: short
    variables: {topic: cats}
  - name: long
    variables: {topic: "the history of the printing press", n: 3}
runs: 5
max_concurrent_runs: 3
)yaml";

/// The first error of |text|, as "line:col: message".
std::string FirstError(const std::string& text) {
  Result<BenchSpec> r = ParseBenchSpec(text, "c.yaml");
  if (r) return "no error";
  return std::to_string(r.error().loc.line) + ":" + std::to_string(r.error().loc.col) + ": " + r.error().message;
}

TEST_CASE("configs: the documented example loads") {
  Result<BenchSpec> r = ParseBenchSpec(kExample, "configs.yaml");
  REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().ToString()));
  const BenchSpec& s = *r;
  CHECK(s.name == "models");
  CHECK(s.runs == 5);
  CHECK(s.max_concurrent_runs == 3);
  REQUIRE(s.configs.size() == 2);
  CHECK(s.configs[0].name == "gpt-4o");
  CHECK(s.configs[0].provider_ref == "openai-main");
  CHECK_FALSE(s.configs[0].inline_provider.has_value());
  CHECK(s.configs[0].model == "gpt-4o");
  CHECK(s.configs[0].temperature == 0.0);
  CHECK(s.configs[0].loc.line == 3);
  const BenchConfig& c = s.configs[1];
  REQUIRE(c.inline_provider.has_value());
  CHECK(c.provider_ref.empty());
  CHECK(c.inline_provider->provider.type == "ANTHROPIC");
  CHECK(c.inline_provider->provider.token == "{{ANTHROPIC_API_KEY}}");
  CHECK(c.inline_provider->provider.model == "claude-sonnet-4-5");
  CHECK(c.inline_provider->provider.name == "claude-sonnet");
  CHECK(c.inline_provider->problems.empty());
  CHECK(c.max_tokens == 2048);
  CHECK(c.seed == 42);
  REQUIRE(s.variants.size() == 2);
  CHECK(s.variants[1].name == "long");
  REQUIRE(s.variants[1].variables.size() == 2);
  CHECK(s.variants[1].variables[0].second == "the history of the printing press");
  CHECK(s.variants[1].variables[1] == std::pair<std::string, std::string>{"n", "3"});
}

TEST_CASE("configs: defaults and the implicit variant") {
  Result<BenchSpec> r = ParseBenchSpec("configs:\n  - {name: a, provider: p}\n", "c.yaml");
  REQUIRE(r.has_value());
  CHECK(r->runs == 1);
  CHECK(r->max_concurrent_runs == 5);
  REQUIRE(r->variants.size() == 1);
  CHECK(r->variants[0].name == kDefaultVariant);
}

TEST_CASE("configs: unknown keys are errors with a position and a suggestion") {
  CHECK(FirstError("configs:\n  - name: a\n    provider: p\n    temprature: 0\n") ==
        "4:5: unknown key 'temprature' in config, did you mean 'temperature'?");
  CHECK(FirstError("config:\n  - {name: a, provider: p}\n") ==
        "1:1: unknown key 'config' in the configs file, did you mean 'configs'?");
  CHECK(FirstError("configs:\n  - name: a\n    provider: {type: OPENAI, tokn: x}\n") ==
        "3:30: unknown key 'tokn' in inline provider of config 'a', did you mean 'token'?");
  CHECK(FirstError("configs:\n  - {name: a, provider: p}\nvariants:\n  - {name: v, varibles: {}}\n") ==
        "4:15: unknown key 'varibles' in variant, did you mean 'variables'?");
}

TEST_CASE("configs: wrong types are errors at the value") {
  CHECK(FirstError("configs:\n  - {name: a, provider: p}\nruns: many\n") ==
        "3:7: 'runs' must be an integer, got 'many'");
  CHECK(FirstError("configs:\n  - {name: a, provider: p}\nruns: \"5\"\n") ==
        "3:7: 'runs' must be an integer, got a string");
  CHECK(FirstError("configs:\n  - {name: a, provider: p, temperature: hot}\n") ==
        "2:41: 'temperature' must be a number, got 'hot'");
  CHECK(FirstError("configs:\n  - {name: a, provider: p}\nruns: 0\n") == "3:7: 'runs' must be between 1 and 100000");
  CHECK(FirstError("configs: {name: a}\n") == "1:10: 'configs' must be a sequence, got a mapping");
  CHECK(FirstError("configs:\n  - {name: a, provider: [x]}\n") == "2:25: 'provider' must be a string, got a sequence");
  CHECK(FirstError("configs:\n  - {name: a, provider: p}\nvariants:\n  - {name: v, variables: {x: [1]}}\n") ==
        "4:30: 'x' must be a string, got a sequence");
}

TEST_CASE("configs: names must be present and unique") {
  CHECK(FirstError("configs:\n  - {name: a, provider: p}\n  - {name: a, provider: q}\n") ==
        "3:5: duplicate config name 'a' (first defined at c.yaml:2:5)");
  CHECK(FirstError("configs:\n  - {name: a, provider: p}\nvariants:\n  - {name: v}\n  - {name: v}\n") ==
        "5:5: duplicate variant name 'v' (first defined at c.yaml:4:5)");
  CHECK(FirstError("configs:\n  - {provider: p}\n") == "2:5: a config needs a non-empty 'name'");
  CHECK(FirstError("runs: 2\n") == "1:1: the configs file needs a non-empty 'configs' list");
  CHECK(FirstError("") == "1:1: the configs file is empty: it needs a 'configs' list");
  CHECK(FirstError("configs:\n  - name: a\n    name: b\n    provider: p\n") == "3:5: duplicate key 'name' in config");
}

TEST_CASE("configs: a config needs a provider, by name or inline with a known type") {
  CHECK(FirstError("configs:\n  - {name: a, model: gpt-4o}\n") ==
        "2:5: config 'a' names neither a provider of the test file nor an inline provider");
  CHECK(FirstError("configs:\n  - name: a\n    provider: {model: m}\n") ==
        "3:15: inline provider of config 'a' needs a 'type'");
  CHECK(FirstError("configs:\n  - name: a\n    provider: {type: ANTHROPC}\n") ==
        "3:22: unknown provider type 'ANTHROPC', did you mean 'ANTHROPIC'?");
}

TEST_CASE("configs: every error is collected, malformed YAML is reported") {
  Diagnostics diags;
  Result<BenchSpec> r = ParseBenchSpec("configs:\n  - {name: a, provider: p, sed: 1}\nruns: x\nmax_concurent_runs: 2\n",
                                       "c.yaml", &diags);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == ErrorCode::kConfig);
  CHECK(r.error().ToString().rfind("c.yaml:2:", 0) == 0);
  CHECK(diags.size() == 3);
  CHECK(FirstError("configs: [\n").find("invalid YAML") != std::string::npos);
}

TEST_CASE("configs: a literal inline token is registered as a secret") {
  Result<BenchSpec> r =
      ParseBenchSpec("configs:\n  - {name: a, provider: {type: OPENAI, token: sk-bench-literal-123}}\n", "c.yaml");
  REQUIRE(r.has_value());
  CHECK(Redact("key sk-bench-literal-123") == "key [REDACTED]");
}

TEST_CASE("configs: LoadBenchSpec reports an unreadable file") {
  Result<BenchSpec> r = LoadBenchSpec("/nonexistent/configs.yaml");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == ErrorCode::kIo);
}

}  // namespace
}  // namespace ab::bench
