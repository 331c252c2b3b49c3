// Applying a config and a variant to a planned unit: provider copies, overrides, inline providers, variables.
#include "bench/apply.h"

#include <doctest/doctest.h>

#include "config/loader.h"

namespace ab::bench {
namespace {

const char* kFile = R"(
providers:
  - name: main
    type: MOCK
    model: base-model
    temperature: 0.2
  - name: judge
    type: MOCK
    model: judge-model
agents:
  - name: a1
    provider: main
  - name: a2
    provider: judge
variables:
  topic: cats
  tone: dry
sessions:
  - name: S
    tests:
      - name: both agents
        prompt: "about {{topic}}"
      - name: only a2
        agent: a2
        prompt: "again"
)";

runner::Unit MakeUnit() {
  config::Loaded<config::TestFile> loaded = config::ParseTestFile(kFile, "file.yaml");
  REQUIRE(loaded.ok());
  return runner::PlanTestFile(std::move(*loaded.value), "file.yaml");
}

BenchConfig Ref(const std::string& name, const std::string& provider) {
  BenchConfig c;
  c.name = name;
  c.provider_ref = provider;
  c.loc = SourceLoc{"configs.yaml", 3, 5};
  return c;
}

}  // namespace

TEST_CASE("apply: a referenced provider is copied under the config's name with its overrides") {
  runner::Unit unit = MakeUnit();
  BenchConfig c = Ref("fast", "main");
  c.model = "fast-model";
  c.max_tokens = 64;
  c.seed = 7;
  REQUIRE(ApplyConfig(c, "/cfg", unit).ok());
  for (const auto& agent : unit.agents) CHECK(agent.provider == "fast");
  const config::Provider* p = unit.FindProvider("fast");
  REQUIRE(p);
  CHECK(p->type == "MOCK");
  CHECK(p->model == "fast-model");
  CHECK(p->temperature == doctest::Approx(0.2));  // not overridden: kept from the copied provider
  CHECK(p->max_tokens == 64);
  CHECK(p->seed == 7);
  REQUIRE(unit.FindProvider("main"));
  CHECK(unit.FindProvider("main")->model == "base-model");  // the original is untouched
}

TEST_CASE("apply: an unknown provider is a config error at the config, with a did-you-mean") {
  runner::Unit unit = MakeUnit();
  Status s = ApplyConfig(Ref("x", "mian"), "/cfg", unit);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kConfig);
  CHECK(s.error().loc.line == 3);
  CHECK(s.error().message.find("provider 'mian' is not defined in file.yaml, did you mean 'main'?") !=
        std::string::npos);
}

TEST_CASE("apply: a config named like another provider never redirects that provider") {
  runner::Unit unit = MakeUnit();
  REQUIRE(ApplyConfig(Ref("judge", "main"), "/cfg", unit).ok());
  CHECK(unit.agents[0].provider == "judge@bench");
  REQUIRE(unit.FindProvider("judge"));
  CHECK(unit.FindProvider("judge")->model == "judge-model");
  // Naming the config after the very provider it uses simply replaces it in place.
  runner::Unit same = MakeUnit();
  BenchConfig c = Ref("main", "main");
  c.model = "m2";
  REQUIRE(ApplyConfig(c, "/cfg", same).ok());
  CHECK(same.agents[1].provider == "main");
  CHECK(same.FindProvider("main")->model == "m2");
  CHECK(same.providers.size() == 2);
}

TEST_CASE("apply: an inline provider is read like a test file's, with paths relative to the configs file") {
  runner::Unit unit = MakeUnit();
  Result<BenchSpec> spec = ParseBenchSpec(
      "configs:\n"
      "  - name: inline\n"
      "    temperature: 0.9\n"
      "    provider: {type: MOCK, mock_script: scripts/m.yaml, model: 0x10, pricing: {input: 1.5, output: 3}}\n"
      "  - name: b\n"
      "    provider: {type: MOCK, max_tokens: many}\n",
      "configs.yaml");
  REQUIRE_MESSAGE(spec.has_value(), (spec ? "" : spec.error().ToString()));
  const BenchConfig& c = spec->configs[0];
  REQUIRE(c.inline_provider.has_value());
  REQUIRE(ApplyConfig(c, "/work/cfg", unit).ok());
  const config::Provider* p = unit.FindProvider("inline");
  REQUIRE(p);
  CHECK(p->mock_script == "/work/cfg/scripts/m.yaml");
  CHECK(p->model == "0x10");  // a string key keeps the text as written: no JSON round trip turns it into "16"
  CHECK(p->pricing.input == doctest::Approx(1.5));
  CHECK(p->temperature == doctest::Approx(0.9));
  CHECK(p->loc.line == 4);
  CHECK(unit.agents[1].provider == "inline");

  // The provider parser's own errors surface when the config is applied, at the wrong value's position.
  const BenchConfig& bad = spec->configs[1];
  REQUIRE(bad.inline_provider.has_value());
  Result<config::Provider> r = InlineToProvider(*bad.inline_provider, "b", "/cfg");
  REQUIRE_FALSE(r);
  CHECK(r.error().loc.file == "configs.yaml");
  CHECK(r.error().loc.line == 6);
  CHECK(r.error().loc.col == 40);
  CHECK(r.error().message.find("inline provider of config 'b'") != std::string::npos);
  CHECK(r.error().message.find("expected an integer for 'max_tokens', got 'many'") != std::string::npos);
  CHECK_FALSE(ApplyConfig(bad, "/cfg", unit).ok());
}

TEST_CASE("apply: a variant replaces the file's variables of the same name and adds the others") {
  runner::Unit unit = MakeUnit();
  Variant v;
  v.name = "dogs";
  v.variables = {{"topic", "dogs"}, {"extra", "1"}};
  ApplyVariant(v, unit);
  const auto& vars = unit.files.front().variables;
  REQUIRE(vars.size() == 3);
  CHECK(vars[0].name == "topic");
  CHECK(vars[0].value == "dogs");
  CHECK(vars[1].value == "dry");
  CHECK(vars[2].name == "extra");
}

TEST_CASE("apply: expected tests follow each test's agent restriction") {
  runner::Unit unit = MakeUnit();
  std::vector<ExpectedTest> e = ExpectedTests(unit);
  REQUIRE(e.size() == 3);
  CHECK(e[0].test_key == "file.yaml/S/both agents");
  CHECK(e[0].agent == "a1");
  CHECK(e[1].agent == "a2");
  CHECK(e[2].test_key == "file.yaml/S/only a2");
  CHECK(e[2].agent == "a2");
}

}  // namespace ab::bench
