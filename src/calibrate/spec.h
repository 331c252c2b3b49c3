// The calibration spec (`agent-bench calibrate SPEC.yaml`, docs/statistics.md "Judge calibration"): a labelled
// set of items with human verdicts, the judge configs to measure against it, and how many repetitions. Loaded
// strictly: an unknown key, a wrong type or a missing field is a diagnostic with file:line:col.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/result.h"
#include "config/model.h"

namespace ab::calibrate {

/// A stored run transcript to judge: found in the history by these fields (Store::LoadTranscript).
struct RunRef {
  std::string bench;  ///< informational: the bench the run belongs to
  std::string run_id;
  std::string test;  ///< test key "file/session/test"
  std::string agent;
};

struct Item {
  std::string id;
  std::string text;  ///< the answer to judge (inline), or filled from |run|'s final output
  std::string task;  ///< what the agent was asked (optional; a run's prompt)
  std::optional<RunRef> run;
  std::string rubric;  ///< the assertion / rubric to judge against (default: the spec's)
  /// Labeller -> verdict (true = pass). A single `human:` verdict is the labeller "human".
  std::map<std::string, bool> labels;
  /// The gold verdict: the labellers' majority; a tie counts as fail (the conservative reading for a gate).
  bool gold() const;
  SourceLoc loc;
};

struct JudgeConfig {
  std::string name;
  config::Provider provider;
  std::string rubric_version;  ///< default: the spec's
  std::optional<double> temperature;
  double threshold = 0.5;  ///< a score >= threshold is a pass
  SourceLoc loc;
  /// "provider type/model/rubric version" before templates are rendered (the stored key uses the rendered model:
  /// runner::JudgeKey).
  std::string Key() const;
};

struct Spec {
  std::string file, dir;
  std::string name;
  std::string rubric;  ///< default rubric of the items
  std::string rubric_version = "v1";
  int repetitions = 3;
  std::string store;  ///< history for `run:` items (default: the --store / default history)
  std::vector<Item> items;
  std::vector<JudgeConfig> judges;
};

/// Parses |text| (the contents of |file|). Every diagnostic is appended to |diagnostics| when given; the first
/// error is returned as kConfig.
Result<Spec> ParseSpec(const std::string& text, const std::string& file, Diagnostics* diagnostics = nullptr);
Result<Spec> LoadSpec(const std::string& path, Diagnostics* diagnostics = nullptr);

}  // namespace ab::calibrate
