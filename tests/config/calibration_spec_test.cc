// The calibration spec reader in config/: typed structs, mistakes at file:line:col with a did-you-mean.
#include "config/calibration_spec.h"

#include <doctest/doctest.h>

namespace ab::config {
namespace {

TEST_CASE("calibration spec: items, labels and judges become typed structs") {
  Result<CalibrationSpec> s = ParseCalibrationSpec(
      "rubric: r\nrepetitions: 2\nitems:\n"
      "  - {id: a, text: x, labels: {ana: pass, ben: no}}\n"
      "  - {id: b, run: {run_id: r1, test: f/s/t, agent: g}, human: fail}\n"
      "judges:\n  - {name: j, threshold: 0.7, temperature: 0, provider: {type: MOCK, model: m}}\n",
      "dir/spec.yaml");
  REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().ToString()));
  CHECK(s->name == "spec");
  CHECK(s->dir == "dir");
  CHECK(s->repetitions == 2);
  REQUIRE(s->items.size() == 2);
  CHECK(s->items[0].labels.at("ben") == false);
  CHECK_FALSE(s->items[0].gold());  // a tie is a fail
  REQUIRE(s->items[1].run.has_value());
  CHECK(s->items[1].run->agent == "g");
  CHECK(s->judges[0].provider.name == "j");
  CHECK(s->judges[0].provider.temperature == doctest::Approx(0.0));
  CHECK(s->judges[0].threshold == doctest::Approx(0.7));
  CHECK(s->judges[0].Key() == "MOCK/m/v1");
}

TEST_CASE("calibration spec: mistakes keep file:line:col and a did-you-mean, in file order") {
  Diagnostics d;
  Result<CalibrationSpec> s = ParseCalibrationSpec(
      "rubric: r\nitems:\n  - {text: x, humna: pass}\njudges:\n  - {name: j, provider: {type: MOCK, modle: m}}\n",
      "s.yaml", &d);
  REQUIRE_FALSE(s.has_value());
  REQUIRE(d.size() >= 2);
  auto has = [&](const std::string& want) {
    for (const Diagnostic& x : d)
      if (x.ToString() == want) return true;
    return false;
  };
  CHECK(has("s.yaml:3:15: error: unknown key 'humna' in item, did you mean 'human'?"));
  CHECK(has("s.yaml:5:38: error: unknown key 'modle' in provider, did you mean 'model'?"));
  for (size_t i = 1; i < d.size(); ++i) CHECK(d[i - 1].loc.line <= d[i].loc.line);
  CHECK(ParseCalibrationSpec("items: [\n", "y.yaml").error().message.find("invalid YAML") != std::string::npos);
}

}  // namespace
}  // namespace ab::config
