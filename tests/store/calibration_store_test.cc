// Judge calibrations over time: saved calibrations read back per judge key, oldest first, with their intervals.
#include "store/calibration_store.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

namespace ab::store {
namespace {

CalibrationRow Calibration(const std::string& id, int64_t created_ms, double gpt_kappa, double claude_kappa) {
  CalibrationRow c;
  c.id = id;
  c.name = "labels-" + id;
  c.created_ms = created_ms;
  c.items = 20;
  c.repetitions = 3;
  c.result = Json{{"id", id}};
  c.judges.push_back({id, "OPENAI/gpt-x/v1", "gpt", gpt_kappa, gpt_kappa - 0.2, gpt_kappa + 0.1, 0.9, 0.05, 0});
  c.judges.push_back({id, "ANTHROPIC/claude-x/v1", "claude", claude_kappa, claude_kappa - 0.3, 1.0, 0.8, -0.1, 0});
  return c;
}

TEST_CASE("calibrations are grouped per judge key, oldest first") {
  std::filesystem::path dir = std::filesystem::path(AB_BINARY_DIR) / "tmp-store-tests" / "calibrations-by-judge";
  std::filesystem::remove_all(dir);
  std::string location = (dir / "history.db").string();
  REQUIRE(SaveCalibration(location, Calibration("c2", 2000, 0.6, 0.7)).ok());
  REQUIRE(SaveCalibration(location, Calibration("c1", 1000, 0.8, 0.5)).ok());
  Result<std::vector<CalibrationRow>> all = ListCalibrations(location);
  REQUIRE(all.has_value());
  REQUIRE(all->size() == 2);
  CHECK((*all)[0].id == "c2");  // newest first

  std::vector<JudgeCalibrations> groups = GroupCalibrationsByJudge(*all);
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].judge_key == "ANTHROPIC/claude-x/v1");
  const JudgeCalibrations& gpt = groups[1];
  CHECK(gpt.judge_key == "OPENAI/gpt-x/v1");
  REQUIRE(gpt.points.size() == 2);
  CHECK(gpt.points[0].judge.calibration_id == "c1");
  CHECK(gpt.points[0].judge.kappa == doctest::Approx(0.8));
  CHECK(gpt.points[0].judge.kappa_low == doctest::Approx(0.6));
  CHECK(gpt.points[0].judge.created_ms == 1000);
  CHECK(gpt.points[0].calibration_name == "labels-c1");
  CHECK(gpt.points[1].judge.kappa == doctest::Approx(0.6));
  CHECK(gpt.points[1].items == 20);

  std::vector<JudgeCalibrations> only = GroupCalibrationsByJudge(*all, "gpt");
  REQUIRE(only.size() == 1);
  CHECK(only[0].judge_key == "OPENAI/gpt-x/v1");
  CHECK(GroupCalibrationsByJudge(*all, "nobody").empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ab::store
