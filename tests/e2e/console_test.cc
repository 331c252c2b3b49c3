// The console of a real run: the bundled demo (two agents on the mock LLM and the sample server) shows a trace for
// each failed run and the model of each agent, fits in fewer lines than before, and -q keeps why the run failed.
#include <doctest/doctest.h>

#include "paths.h"
#include "process.h"

namespace ab::e2e {
namespace console_e2e {  // named: the e2e tests are built in unity batches

bool Has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

size_t Lines(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

TEST_CASE("console: the demo shows traces of failed runs, models, and a title for what it compares") {
  std::string dir = MakeTempDir("console-demo");
  auto r = RunProcess({kBin, "-s", std::string(AB_SOURCE_DIR) + "/suites/demo/suite.yaml", "-o", dir + "/report",
                       "-reportType", "json", "--no-progress"});
  INFO(r.err);
  CHECK(r.exit_code == 0);  // the demo's criteria (success rate 50%) are met
  CHECK(Has(r.out, "AGENT COMPARISON (2 agents × 4 tests)"));
  CHECK(Has(r.out, "MOCK · mock-model"));
  CHECK(Has(r.out,
            "Trace: \"What is the weather in Paris today?\" → weather_lookup{place:\"Paris\"} not offered → "
            "\"Sorry, I could not find the weather.\""));
  CHECK(Has(r.out, "Trace: \"Compute (2+3)*4 with the calculator\" → \"The result is 25.\""));
  CHECK_FALSE(Has(r.out, "SERVER COMPARISON"));
  CHECK(Lines(r.out) < 170);  // 250 before traces, one-line passing assertions and one-line rows
}

TEST_CASE("console -q: only the failed runs, why they failed, and the verdict") {
  std::string dir = MakeTempDir("console-quiet");
  auto r = RunProcess({kBin, "-s", std::string(AB_SOURCE_DIR) + "/suites/demo/suite.yaml", "-o", dir + "/report",
                       "-reportType", "json", "-q"});
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK(Has(r.out, "✗ FAIL Weather in Paris · sloppy-agent [MOCK · mock-model]"));
  CHECK(Has(r.out, "! ERROR Read the note back · sloppy-agent"));
  CHECK(Has(r.out, "unknown variable 'note_id'"));
  CHECK(Has(r.out, "✗ no_hallucinated_tools"));
  CHECK_FALSE(Has(r.out, "careful-agent"));  // it passed everything
  CHECK(Has(r.out, "Total: 8 | Passed: 4 | Failed: 3 | Errors: 1 | Criteria: success rate ≥ 50.0% MET"));
  CHECK(Lines(r.out) < 60);
}

}  // namespace console_e2e
}  // namespace ab::e2e
