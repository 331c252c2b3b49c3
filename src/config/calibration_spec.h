// The calibration spec (`agent-bench calibrate SPEC.yaml`, docs/statistics.md "Judge calibration") as typed
// structs: a labelled set of items with human verdicts, the judge configs to measure against it, and how many
// repetitions. Read here with the one YAML reader of config/ (judges' providers by the test file's own provider
// parser), so calibrate/ never sees YAML. Loaded strictly: an unknown key, a wrong type or a missing field is a
// diagnostic with file:line:col and a did-you-mean.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/result.h"
#include "config/model.h"

namespace ab::config {

/// A stored run transcript to judge: found in the history by these fields (Store::LoadTranscript).
struct CalibrationRunRef {
  std::string bench;  ///< informational: the bench the run belongs to
  std::string run_id;
  std::string test;  ///< test key "file/session/test"
  std::string agent;
};

struct CalibrationItem {
  std::string id;
  std::string text;  ///< the answer to judge (inline), or filled from |run|'s final output
  std::string task;  ///< what the agent was asked (optional; a run's prompt)
  std::optional<CalibrationRunRef> run;
  std::string rubric;  ///< the assertion / rubric to judge against (default: the spec's)
  /// Labeller -> verdict (true = pass). A single `human:` verdict is the labeller "human".
  std::map<std::string, bool> labels;
  /// The gold verdict: the labellers' majority; a tie counts as fail (the conservative reading for a gate).
  bool gold() const;
  SourceLoc loc;
};

struct CalibrationJudge {
  std::string name;
  Provider provider;
  std::string rubric_version;  ///< default: the spec's
  std::optional<double> temperature;
  double threshold = 0.5;  ///< a score >= threshold is a pass
  SourceLoc loc;
  /// "provider type/model/rubric version" before templates are rendered (the stored key uses the rendered model:
  /// runner::JudgeKey).
  std::string Key() const;
};

struct CalibrationSpec {
  std::string file, dir;
  std::string name;
  std::string rubric;  ///< default rubric of the items
  std::string rubric_version = "v1";
  int repetitions = 3;
  std::string store;  ///< history for `run:` items (default: the --store / default history)
  std::vector<CalibrationItem> items;
  std::vector<CalibrationJudge> judges;
};

/// Parses |text| (the contents of |file|). Every diagnostic is appended to |diagnostics| when given; the first
/// error is returned as kConfig.
Result<CalibrationSpec> ParseCalibrationSpec(const std::string& text, const std::string& file,
                                             Diagnostics* diagnostics = nullptr);
/// Reads |path| (at most 64 MiB) and parses it; kIo when it cannot be read.
Result<CalibrationSpec> LoadCalibrationSpec(const std::string& path, Diagnostics* diagnostics = nullptr);

}  // namespace ab::config
