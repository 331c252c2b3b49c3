// The calibration spec loader: every mistake with file:line:col, gold from the labellers' majority.
#include "calibrate/spec.h"

#include <doctest/doctest.h>

#include "calibrate/run.h"

namespace ab::calibrate {
namespace {

const char* kGood = R"(name: t
rubric: "Is it right?"
items:
  - id: a
    text: "x"
    labels: {ana: pass, ben: pass, cleo: fail}
  - id: b
    text: "y"
    human: fail
judges:
  - name: j
    provider: {type: MOCK, model: m}
)";

TEST_CASE("spec: a valid spec, gold by majority, judge key") {
  Result<Spec> s = ParseSpec(kGood, "spec.yaml");
  REQUIRE(s.has_value());
  CHECK(s->name == "t");
  CHECK(s->repetitions == 3);
  REQUIRE(s->items.size() == 2);
  CHECK(s->items[0].gold());
  CHECK_FALSE(s->items[1].gold());
  REQUIRE(s->judges.size() == 1);
  CHECK(s->judges[0].provider.name == "j");
  CHECK(s->judges[0].Key() == "MOCK/m/v1");
  Calibration c;
  LabellerAgreement(*s, c);
  CHECK(c.labellers == std::vector<std::string>{"ana", "ben", "cleo", "human"});
  CHECK(c.labeller_items == 0);  // no item was labelled by all four
}

TEST_CASE("spec: mistakes are diagnostics with positions and did-you-mean") {
  Diagnostics d;
  Result<Spec> s = ParseSpec("items:\n  - id: a\n    txt: x\n    human: maybe\njudges: []\n", "bad.yaml", &d);
  CHECK_FALSE(s.has_value());
  std::string all;
  for (const Diagnostic& x : d) all += x.ToString() + "\n";
  CHECK(all.find("bad.yaml:3:") != std::string::npos);
  CHECK(all.find("did you mean 'text'") != std::string::npos);
  CHECK(all.find("'human' must be pass or fail, got 'maybe'") != std::string::npos);
  CHECK(all.find("non-empty 'judges'") != std::string::npos);
  CHECK_FALSE(ParseSpec("repetitions: 0\n", "r.yaml").has_value());
  CHECK_FALSE(ParseSpec("items: [\n", "y.yaml").has_value());  // invalid YAML, no throw
}

TEST_CASE("spec: limits fire as diagnostics before any call is made") {
  std::string many = "rubric: r\nrepetitions: 1000\nitems:\n";
  for (int i = 0; i < 1001; ++i) many += "  - {text: t, human: pass}\n";
  many += "judges:\n  - {name: a, provider: {type: MOCK}}\n  - {name: b, provider: {type: MOCK}}\n";
  Diagnostics d;
  CHECK_FALSE(ParseSpec(many, "big.yaml", &d).has_value());
  std::string all;
  for (const Diagnostic& x : d) all += x.message + "\n";
  CHECK(all.find("asks for 2002000 judge calls") != std::string::npos);
  CHECK(all.find("the limit is 1000000") != std::string::npos);
}

}  // namespace
}  // namespace ab::calibrate
