// The calibration spec (`agent-bench calibrate SPEC.yaml`, docs/statistics.md "Judge calibration"): a labelled
// set of items with human verdicts, the judge configs to measure against it, and how many repetitions. The file
// is read in config/ (config/calibration_spec.h, with the one YAML reader: file:line:col and a did-you-mean);
// calibrate receives the typed structs.
#pragma once

#include <string>

#include "config/calibration_spec.h"

namespace ab::calibrate {

using RunRef = config::CalibrationRunRef;
using Item = config::CalibrationItem;
using JudgeConfig = config::CalibrationJudge;
using Spec = config::CalibrationSpec;

/// Parses |text| (the contents of |file|). Every diagnostic is appended to |diagnostics| when given; the first
/// error is returned as kConfig.
inline Result<Spec> ParseSpec(const std::string& text, const std::string& file, Diagnostics* diagnostics = nullptr) {
  return config::ParseCalibrationSpec(text, file, diagnostics);
}
inline Result<Spec> LoadSpec(const std::string& path, Diagnostics* diagnostics = nullptr) {
  return config::LoadCalibrationSpec(path, diagnostics);
}

}  // namespace ab::calibrate
