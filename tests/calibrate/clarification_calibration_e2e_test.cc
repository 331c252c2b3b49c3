// The clarification judge can be required to be calibrated, like llm_judge: without a stored calibration of its
// key (TYPE/model/clarification-v1) with kappa >= min_kappa its verdicts are not used (warn) or the agent does not
// start (fail); once `agent-bench calibrate` stored one, the judge decides.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "base/json.h"
#include "process.h"

namespace ab::calibrate {
namespace {

const std::string kClarBin = AB_BINARY;

bool HasText(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

TEST_CASE("calibrate e2e: the clarification judge decides only once calibrated, or stops the run when asked") {
  const std::string dir = e2e::MakeTempDir("calibrate-clarification");
  const std::string store = dir + "/history.db";
  const std::string data = std::string(AB_SOURCE_DIR) + "/tests/calibrate/data/";
  const std::string suites = std::string(AB_SOURCE_DIR) + "/suites/calibrate/";

  // Uncalibrated, warn: the judge (which says YES to everything) is not asked; the test passes with a warning.
  e2e::ProcessResult before = e2e::RunProcess(
      {kClarBin, "-f", data + "clarifying.yaml", "--store", store, "-o", dir + "/before", "-reportType", "json"}, {},
      120);
  INFO(before.out << before.err);
  CHECK(before.exit_code == 0);
  const std::string warned = before.err + e2e::ReadFile(dir + "/before.json");
  CHECK(HasText(warned,
                "uncalibrated clarification judge, its verdicts are not used (patterns only): no stored "
                "calibration of judge MOCK/judge-faithful/clarification-v1"));
  // Each run's record says the judge was not used, and why.
  const Json before_report = Json::parse(e2e::ReadFile(dir + "/before.json"), nullptr, false);
  REQUIRE(before_report.is_object());
  const std::string before_judge =
      before_report["detailed_results"][0]["execution"]["clarificationStats"].value("judge", "");
  CHECK(before_judge.rfind("patterns only: uncalibrated clarification judge", 0) == 0);

  // Uncalibrated, fail: the agent does not start.
  e2e::ProcessResult strict = e2e::RunProcess(
      {kClarBin, "-f", data + "clarifying-strict.yaml", "--store", store, "-o", dir + "/strict"}, {}, 120);
  INFO(strict.out << strict.err);
  CHECK(strict.exit_code != 0);
  CHECK(HasText(strict.out + strict.err,
                "uncalibrated clarification judge: no stored calibration of judge "
                "MOCK/judge-faithful/clarification-v1"));

  // Calibrate the judge model under the clarification rubric version (the shipped labelled set: kappa 0.8).
  std::ifstream in(suites + "spec.yaml");
  std::string spec((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  spec.replace(spec.find("rubric_version: facts-v1"), 24, "rubric_version: clarification-v1");
  for (size_t at = spec.find("mock_script: judge-"); at != std::string::npos;
       at = spec.find("mock_script: judge-", at + suites.size() + 20))
    spec.replace(at, 19, "mock_script: " + suites + "judge-");
  std::ofstream(dir + "/spec.yaml") << spec;
  e2e::ProcessResult cal = e2e::RunProcess({kClarBin, "calibrate", dir + "/spec.yaml", "--store", store}, {}, 120);
  INFO(cal.out << cal.err);
  REQUIRE(cal.exit_code == 0);

  // Calibrated: the judge is asked, flags the answer, and the assertion fails.
  e2e::ProcessResult after = e2e::RunProcess(
      {kClarBin, "-f", data + "clarifying.yaml", "--store", store, "-o", dir + "/after", "-reportType", "json"}, {},
      120);
  INFO(after.out << after.err);
  CHECK(after.exit_code == 1);
  CHECK_FALSE(HasText(after.err + e2e::ReadFile(dir + "/after.json"), "uncalibrated clarification judge"));
  // The run's record names the judge and the calibration that let it decide.
  const Json after_report = Json::parse(e2e::ReadFile(dir + "/after.json"), nullptr, false);
  REQUIRE(after_report.is_object());
  const std::string after_judge =
      after_report["detailed_results"][0]["execution"]["clarificationStats"].value("judge", "");
  INFO(after_judge);
  CHECK(after_judge.rfind("judge MOCK/judge-faithful/clarification-v1, calibration cal-", 0) == 0);
  CHECK(HasText(after_judge, "(kappa 0.80 >= 0.60)"));

  // A calibration below min_kappa is not enough.
  std::string high = e2e::ReadFile(data + "clarifying.yaml");
  high.replace(high.find("min_kappa: 0.6"), 14, "min_kappa: 0.9");
  high.replace(high.find("mock_script: clarify-judge.yaml"), 31, "mock_script: " + data + "clarify-judge.yaml");
  std::ofstream(dir + "/high.yaml") << high;
  e2e::ProcessResult low = e2e::RunProcess({kClarBin, "-f", dir + "/high.yaml", "--store", store}, {}, 120);
  INFO(low.out << low.err);
  CHECK(low.exit_code == 0);
  CHECK(HasText(low.out + low.err, "gives kappa 0.80 < 0.90"));
}

}  // namespace
}  // namespace ab::calibrate
