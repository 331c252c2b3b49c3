// Providers: types, per-type required fields, both base-URL spellings, our extra keys.
#include <doctest/doctest.h>

#include "base/redact.h"
#include "config_test_util.h"

namespace ab::config {
namespace {

using testing::All;
using testing::ErrorCount;
using testing::Lines;
using testing::Parse;

// A file whose only provider is |provider_body| (indented by 4), used by an agent so no other error appears.
Loaded<TestFile> WithProvider(const std::string& provider_body) {
  return Parse("providers:\n  - name: p\n" + provider_body +
               "agents:\n  - name: a\n    provider: p\nsessions:\n  - name: s\n    tests: []\n");
}

TEST_CASE("every provider type with its required fields loads") {
  const char* bodies[] = {
      "    type: OPENAI\n    token: \"{{OPENAI_API_KEY}}\"\n    model: gpt-4o\n",
      "    type: ANTHROPIC\n    token: sk-ant-literal-key\n    model: claude\n",
      "    type: GOOGLE\n    token: \"{{K}}\"\n    model: gemini\n",
      "    type: GROQ\n    token: \"{{K}}\"\n    model: llama\n",
      "    type: AZURE\n    token: \"{{K}}\"\n    model: gpt\n    baseUrl: https://x\n    version: 2024-02-15\n",
      "    type: AZURE\n    auth_type: entra_id\n    model: gpt\n    base_url: https://x\n    version: v\n",
      "    type: VERTEX\n    project_id: proj\n    location: us-central1\n    model: gemini\n",
      "    type: OPENAI_COMPATIBLE\n    baseUrl: http://localhost:11434/v1\n    model: llama3\n",
      "    type: MOCK\n",
  };
  for (const char* body : bodies) {
    Loaded<TestFile> f = WithProvider(body);
    CHECK_MESSAGE(f.ok(), body, All(f));
  }
}

TEST_CASE("a template counts as present: no environment needed") {
  Loaded<TestFile> f = WithProvider("    type: OPENAI\n    token: \"{{SURELY_UNSET_VAR_12345}}\"\n    model: m\n");
  CHECK(f.ok());
  CHECK(f.value->providers[0].token == "{{SURELY_UNSET_VAR_12345}}");
}

TEST_CASE("an unquoted {{VAR}} is recovered with a warning") {
  Loaded<TestFile> f = WithProvider("    type: OPENAI\n    token: {{OPENAI_API_KEY}}\n    model: m\n");
  REQUIRE_MESSAGE(f.ok(), All(f));
  CHECK(f.value->providers[0].token == "{{OPENAI_API_KEY}}");
  REQUIRE(f.diagnostics.size() == 1);
  CHECK(f.diagnostics[0].severity == Severity::kWarning);
  CHECK(f.diagnostics[0].loc.ToString() == "t.yaml:4:12");
}

TEST_CASE("missing per-type fields are errors at the provider") {
  CHECK(All(WithProvider("    type: AZURE\n    model: m\n")) ==
        "t.yaml:2:5: error: provider 'p' is missing required key 'token' (needed by AZURE with auth_type api_key)\n"
        "t.yaml:2:5: error: provider 'p' is missing required key 'version' (needed by AZURE)\n"
        "t.yaml:2:5: error: provider 'p' is missing required key 'baseUrl' (needed by AZURE)\n");
  CHECK(All(WithProvider("    type: VERTEX\n    model: m\n")) ==
        "t.yaml:2:5: error: provider 'p' is missing required key 'project_id' (needed by VERTEX)\n");
  // No location is fine: it defaults as the Vertex SDK's does (llm/factory.cc, VertexLocation).
  CHECK(All(WithProvider("    type: GROQ\n")) ==
        "t.yaml:2:5: error: provider 'p' is missing required key 'model'\n"
        "t.yaml:2:5: error: provider 'p' is missing required key 'token' (needed by GROQ)\n");
  CHECK(All(WithProvider("    model: m\n")).find("missing required key 'type'") != std::string::npos);
}

TEST_CASE("unknown provider type suggests the closest, AMAZON-ANTHROPIC is not supported yet") {
  CHECK(All(WithProvider("    type: openai\n    model: m\n")) ==
        "t.yaml:3:11: error: unknown provider type 'openai', did you mean 'OPENAI'?\n");
  CHECK(All(WithProvider("    type: AMAZON-ANTHROPIC\n    model: m\n")) ==
        "t.yaml:3:11: error: provider type 'AMAZON-ANTHROPIC' is not supported yet by agent-bench\n");
}

TEST_CASE("our provider extensions are typed and range-checked") {
  Loaded<TestFile> f = WithProvider(
      "    type: MOCK\n    temperature: 0.2\n    max_tokens: 100\n    seed: 42\n    timeout: 90s\n"
      "    insecure: true\n    headers:\n      - \"X-A: 1\"\n    pricing:\n      input: 2.5\n      output: 10\n"
      "      cached_input: 1.25\n    rate_limits:\n      tpm: 1000\n      rpm: 10\n    retry:\n"
      "      retry_on_429: true\n"
      "      max_retries: 5\n      retry_on_5xx: true\n      retry_on_network: true\n");
  REQUIRE_MESSAGE(f.ok(), All(f));
  const Provider& p = f.value->providers[0];
  CHECK(*p.temperature == doctest::Approx(0.2));
  CHECK(*p.max_tokens == 100);
  CHECK(*p.seed == 42);
  CHECK(p.timeout->count() == 90000);
  CHECK(p.insecure);
  REQUIRE(p.headers.size() == 1);
  CHECK(p.headers[0] == std::pair<std::string, std::string>("X-A", "1"));
  CHECK(*p.pricing.input == doctest::Approx(2.5));
  CHECK(*p.pricing.cached_input == doctest::Approx(1.25));
  CHECK(p.rate_limits.tpm == 1000);
  CHECK(p.rate_limits.rpm == 10);
  CHECK(p.retry.retry_on_429);
  CHECK(p.retry.max_retries == 5);
  CHECK(p.retry.retry_on_5xx);
  CHECK(p.retry.retry_on_network);

  Loaded<TestFile> bad = WithProvider(
      "    type: MOCK\n    temperature: 7\n    rate_limits:\n      tpn: 5\n      requests_per_minute: 6\n");
  CHECK(All(bad) ==
        "t.yaml:4:18: error: 'temperature' must be between 0 and 2\n"
        "t.yaml:6:7: error: unknown key 'tpn' in rate_limits, did you mean 'tpm'?\n"
        "t.yaml:7:7: error: unknown key 'requests_per_minute' in rate_limits, did you mean 'rpm'?\n");
}

TEST_CASE("baseUrl and base_url are both accepted, but not together") {
  Loaded<TestFile> f = WithProvider("    type: OPENAI_COMPATIBLE\n    model: m\n    base_url: http://h\n");
  CHECK(f.ok());
  CHECK(f.value->providers[0].base_url == "http://h");
  Loaded<TestFile> both =
      WithProvider("    type: OPENAI_COMPATIBLE\n    model: m\n    base_url: http://h\n    baseUrl: http://i\n");
  CHECK(All(both) == "t.yaml:6:5: error: both 'base_url' and 'baseUrl' given; use one\n");
}

TEST_CASE("a literal token is registered as a secret and never echoed") {
  Loaded<TestFile> f = WithProvider("    type: ANTHROPIC\n    token: sk-ant-abcdef123456\n    model: m\n");
  CHECK(f.ok());
  CHECK(Redact("key sk-ant-abcdef123456 here") == "key [REDACTED] here");
}

TEST_CASE("duplicate provider names are errors") {
  Loaded<TestFile> f = Parse(
      "providers:\n  - name: p\n    type: MOCK\n  - name: p\n    type: MOCK\nagents:\n  - name: a\n    provider: p\n");
  CHECK(Lines(f) ==
        std::vector<std::string>{"t.yaml:1:1: warning: the test file defines no sessions, so it runs no tests",
                                 "t.yaml:4:5: error: duplicate provider name 'p' (first defined at t.yaml:2:5)"});
  CHECK(ErrorCount(f) == 1);
}

}  // namespace
}  // namespace ab::config
