// Judge calibrations in the history (schema step 5): each `agent-bench calibrate` run is saved whole (its JSON)
// with one row per judge, so an llm_judge assertion can ask "what is the latest kappa of this judge key?".
// Self-contained: opens its own connection to the same history (SQLite file or PostgreSQL URL) as OpenStore.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/result.h"

namespace ab::store {

/// One judge of a calibration, as the history keeps it.
struct CalibrationJudgeRow {
  std::string calibration_id;
  std::string judge_key;  ///< "provider type/model/rubric version"
  std::string judge_name;
  double kappa = 0, kappa_low = 0, kappa_high = 0;
  double agreement = 0, bias = 0;
  int64_t created_ms = 0;
};

struct CalibrationRow {
  std::string id, name;
  int64_t created_ms = 0;
  int items = 0, repetitions = 0;
  std::optional<double> labeller_kappa;
  Json result;  ///< the calibration's JSON (calibrate::ToJson)
  std::vector<CalibrationJudgeRow> judges;
};

/// Saves |row| and its judges (replacing a calibration with the same id) in |location|.
[[nodiscard]] Status SaveCalibration(const std::string& location, const CalibrationRow& row);

/// The newest stored judge row with |judge_key|; nullopt when the judge was never calibrated.
Result<std::optional<CalibrationJudgeRow>> LatestCalibration(const std::string& location, const std::string& judge_key);

/// Calibrations newest first (without their JSON), at most |limit| (0 = all).
Result<std::vector<CalibrationRow>> ListCalibrations(const std::string& location, int limit = 0);

/// One stored calibration of one judge, with the calibration it came from.
struct JudgeCalibrationPoint {
  CalibrationJudgeRow judge;
  std::string calibration_name;
  int items = 0, repetitions = 0;
};

/// A judge key's calibrations over time (oldest first), so a drifting kappa shows as a trend.
struct JudgeCalibrations {
  std::string judge_key;
  std::vector<JudgeCalibrationPoint> points;
};

/// |calibrations| (as ListCalibrations returns them) regrouped per judge key, keys in alphabetical order; only the
/// keys containing |key_filter| (any case; "" = all).
std::vector<JudgeCalibrations> GroupCalibrationsByJudge(const std::vector<CalibrationRow>& calibrations,
                                                        const std::string& key_filter = "");

}  // namespace ab::store
