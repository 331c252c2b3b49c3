// One set of YAML scalar rules for every file agent-bench reads: the same scalars fed through a test file, a bench
// configs file, a mock LLM script (as data) and a calibration spec mean the same thing everywhere. `0x10` is the
// integer 16, `1e3` the number 1000, `yes` is a string as data (and true only for a key typed boolean), `~` is
// null, and a quoted scalar stays a string.
#include <doctest/doctest.h>

#include "config/bench_spec.h"
#include "config/calibration_spec.h"
#include "config/loader.h"
#include "config/yaml_text.h"

namespace ab::config {
namespace {

/// The first error of a diagnostics list, or "".
std::string FirstError(const Diagnostics& diags) {
  for (const Diagnostic& d : diags)
    if (d.severity == Severity::kError) return d.ToString();
  return "";
}

TEST_CASE("scalars: 0x10 is the integer 16 in test files, bench configs, mock scripts and calibration specs") {
  Loaded<TestFile> file = ParseTestFile(
      "providers:\n  - {name: p, type: MOCK, max_tokens: 0x10, seed: 0o20, pricing: {input: 1e3}}\n"
      "agents:\n  - {name: a, provider: p}\n"
      "sessions:\n  - name: s\n    tests:\n      - name: t\n        prompt: hi\n",
      "t.yaml");
  REQUIRE_MESSAGE(file.ok(), FirstError(file.diagnostics));
  const Provider& p = file.value->providers.front();
  CHECK(p.max_tokens == 16);
  CHECK(p.seed == 16);
  CHECK(p.pricing.input == doctest::Approx(1000.0));

  Result<BenchSpec> bench = ParseBenchSpec(
      "configs:\n  - {name: a, provider: p, max_tokens: 0x10, seed: 0o20, temperature: 1e-1}\nruns: 0x10\n", "c.yaml");
  REQUIRE_MESSAGE(bench.has_value(), (bench ? "" : bench.error().ToString()));
  CHECK(bench->runs == 16);
  CHECK(bench->configs[0].max_tokens == 16);
  CHECK(bench->configs[0].seed == 16);
  CHECK(bench->configs[0].temperature == doctest::Approx(0.1));

  Result<Json> script = YamlTextToJson("a: 0x10\nb: 0o20\nc: 1e3\n", "m.yaml");
  REQUIRE(script.has_value());
  CHECK((*script)["a"] == Json(16));
  CHECK((*script)["a"].is_number_integer());
  CHECK((*script)["b"] == Json(16));
  CHECK((*script)["c"] == Json(1000.0));

  Result<CalibrationSpec> spec = ParseCalibrationSpec(
      "rubric: r\nrepetitions: 0x10\nitems:\n  - {text: x, human: pass}\n"
      "judges:\n  - {name: j, threshold: 5e-1, provider: {type: MOCK, max_tokens: 0x10}}\n",
      "s.yaml");
  REQUIRE_MESSAGE(spec.has_value(), (spec ? "" : spec.error().ToString()));
  CHECK(spec->repetitions == 16);
  CHECK(spec->judges[0].threshold == doctest::Approx(0.5));
  CHECK(spec->judges[0].provider.max_tokens == 16);
}

TEST_CASE("scalars: yes is a string as data and a string key keeps the text, true only for boolean keys") {
  // Data: the assertion's value and the mock script keep `yes` as the string "yes".
  Loaded<TestFile> file = ParseTestFile(
      "providers:\n  - {name: p, type: MOCK, model: yes, insecure: yes}\n"
      "agents:\n  - {name: a, provider: p}\n"
      "sessions:\n  - name: s\n    tests:\n      - name: t\n        prompt: hi\n"
      "        assertions:\n          - {type: output_contains, value: yes}\n",
      "t.yaml");
  REQUIRE_MESSAGE(file.ok(), FirstError(file.diagnostics));
  CHECK(file.value->providers[0].model == "yes");
  CHECK(file.value->providers[0].insecure);
  const AssertionSpec& a = file.value->sessions[0].tests[0].assertions[0];
  CHECK(a.fields["value"] == Json("yes"));

  Result<Json> script = YamlTextToJson("a: yes\nb: \"0x10\"\nc: ~\nd: '1e3'\n", "m.yaml");
  REQUIRE(script.has_value());
  CHECK((*script)["a"] == Json("yes"));
  CHECK((*script)["b"] == Json("0x10"));
  CHECK((*script)["c"].is_null());
  CHECK((*script)["d"] == Json("1e3"));

  // Bench: string keys keep the text as written (no 16 for 0x10, no true for yes); a boolean key reads yes.
  Result<BenchSpec> bench = ParseBenchSpec(
      "configs:\n  - {name: a, provider: p, model: 0x10}\n"
      "variants:\n  - {name: v, variables: {n: 0x10, flag: yes}}\n"
      "ai_summary: {enabled: yes}\n",
      "c.yaml");
  REQUIRE_MESSAGE(bench.has_value(), (bench ? "" : bench.error().ToString()));
  CHECK(bench->configs[0].model == "0x10");
  CHECK(bench->variants[0].variables[0].second == "0x10");
  CHECK(bench->variants[0].variables[1].second == "yes");
  CHECK(bench->ai_summary);

  // Calibration: a verdict of yes reads as a boolean word, a label text stays as written.
  Result<CalibrationSpec> spec = ParseCalibrationSpec(
      "rubric: r\nitems:\n  - {id: 0x10, text: yes, human: yes}\njudges:\n  - {name: j, provider: {type: MOCK}}\n",
      "s.yaml");
  REQUIRE_MESSAGE(spec.has_value(), (spec ? "" : spec.error().ToString()));
  CHECK(spec->items[0].id == "0x10");
  CHECK(spec->items[0].text == "yes");
  CHECK(spec->items[0].gold());
}

TEST_CASE("scalars: a float, a null or a quoted number is not an integer in bench configs and calibration specs") {
  Result<BenchSpec> bench = ParseBenchSpec("configs:\n  - {name: a, provider: p}\nruns: 1e3\n", "c.yaml");
  REQUIRE_FALSE(bench.has_value());
  CHECK(bench.error().ToString() == "c.yaml:3:7: 'runs' must be an integer, got '1e3'");
  bench = ParseBenchSpec("configs:\n  - {name: a, provider: p, seed: ~}\n", "c.yaml");
  REQUIRE_FALSE(bench.has_value());
  CHECK(bench.error().message == "'seed' must be an integer, got null");
  bench = ParseBenchSpec("configs:\n  - {name: a, provider: p}\nruns: \"0x10\"\n", "c.yaml");
  REQUIRE_FALSE(bench.has_value());
  CHECK(bench.error().message == "'runs' must be an integer, got a string");

  Result<CalibrationSpec> spec = ParseCalibrationSpec(
      "rubric: r\nrepetitions: 1e3\nitems:\n  - {text: x, human: pass}\njudges:\n  - {name: j, provider: {type: "
      "MOCK}}\n",
      "s.yaml");
  REQUIRE_FALSE(spec.has_value());
  CHECK(spec.error().ToString() == "s.yaml:2:14: expected an integer for 'repetitions', got '1e3'");
}

TEST_CASE("scalars: test files read 0x10 as 16 for an integer key and still accept a quoted decimal") {
  Loaded<TestFile> file = ParseTestFile(
      "providers:\n  - {name: p, type: MOCK, max_tokens: \"100\", temperature: 0x1}\n"
      "agents:\n  - {name: a, provider: p}\n"
      "sessions:\n  - name: s\n    tests:\n      - name: t\n        prompt: hi\n",
      "t.yaml");
  REQUIRE_MESSAGE(file.ok(), FirstError(file.diagnostics));
  CHECK(file.value->providers[0].max_tokens == 100);
  CHECK(file.value->providers[0].temperature == doctest::Approx(1.0));
  Loaded<TestFile> bad = ParseTestFile("providers:\n  - {name: p, type: MOCK, max_tokens: 1e3}\n", "t.yaml");
  CHECK(FirstError(bad.diagnostics) == "t.yaml:2:39: error: expected an integer for 'max_tokens', got '1e3'");
}

}  // namespace
}  // namespace ab::config
