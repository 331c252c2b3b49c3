// Runs a calibration: every judge grades every item |repetitions| times; the verdicts are compared with the
// human gold labels. The figures per judge are computed by Score (pure, so tests give hand-made verdicts).
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/result.h"
#include "calibrate/agreement.h"
#include "calibrate/spec.h"

namespace ab::calibrate {

/// One judge call's outcome.
struct Call {
  bool ok = false;  ///< false: the call failed or gave no parsable score (kept apart, never a verdict)
  bool pass = false;
  double score = 0;
  std::string error;
  double latency_ms = 0;
  std::optional<double> cost_usd;
};

/// Everything measured of one judge.
struct JudgeResult {
  std::string name, key;  ///< key: JudgeConfig::Key()
  std::string provider_type, model, rubric_version;
  std::optional<double> temperature;
  double threshold = 0.5;
  /// calls[item][repetition]
  std::vector<std::vector<Call>> calls;
  int failed_calls = 0;
  /// Per item: the judge's verdict is the majority over its successful repetitions (a tie is fail); items where
  /// every call failed are left out of the figures below (|judged| counts the rest).
  int judged = 0;
  Confusion confusion;   ///< judge vs gold over the judged items
  Kappa kappa;           ///< Cohen's kappa of |confusion| with its 95% interval
  double agreement = 0;  ///< p_o
  double judge_pass_rate = 0, human_pass_rate = 0;
  double bias = 0;  ///< judge_pass_rate - human_pass_rate (> 0: more lenient than the humans)
  /// Mean over judged items of the share of repetitions giving the item's majority verdict (1 = always the same).
  double self_consistency = 0;
  std::optional<double> cost_total;  ///< sum of known call costs; empty when a call's cost is unknown
  int cost_unknown = 0;
  double latency_p50_ms = 0, latency_mean_ms = 0;
};

struct Calibration {
  std::string id;  ///< "cal-<name>-<ms>"
  std::string name;
  std::string spec_file;
  int64_t created_ms = 0;
  int items = 0, repetitions = 0;
  std::vector<std::string> item_ids;
  std::vector<bool> gold;
  std::vector<std::string> labellers;
  /// Agreement of the human labellers with each other (Fleiss' kappa over items every labeller labelled), the
  /// ceiling a judge can be expected to reach; empty with fewer than two labellers.
  std::optional<double> labeller_kappa;
  int labeller_items = 0;
  std::vector<JudgeResult> judges;
};

/// Fills the figures of |judge| from its calls against |gold|.
void Score(JudgeResult& judge, const std::vector<bool>& gold);

/// The labellers' Fleiss' kappa over the items that every labeller of |spec| labelled.
void LabellerAgreement(const Spec& spec, Calibration& out);

struct RunOptions {
  std::string store_path;  ///< the history `run:` items are read from
  const std::atomic<bool>* cancel = nullptr;
};

/// Loads `run:` items, builds each judge's provider and calls it; a judge whose provider cannot be built is an
/// error (kConfig), a failed call is recorded in its JudgeResult.
Result<Calibration> Run(Spec spec, const RunOptions& options);

/// The calibration as JSON (docs/statistics.md, "Judge calibration").
Json ToJson(const Calibration& c);
/// Markdown (also the console output): a table per judge and the labellers' ceiling.
std::string ToMarkdown(const Calibration& c);

}  // namespace ab::calibrate
