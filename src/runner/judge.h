// Asking a model to judge: is an answer a clarification request (yes/no), and how well does a run meet a rubric
// (a score from 0 to 1 with reasoning). Judge calls are not counted in the judged test's tokens.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>

#include "assert/engine.h"
#include "base/result.h"
#include "base/transcript.h"
#include "config/model.h"
#include "llm/provider.h"

namespace ab::runner {

/// True when the judge answers YES to "is this response asking the user for clarification or permission?".
/// Bounded by 60 s, and ended (kCancelled) when |*cancel| becomes true.
Result<bool> AskClarificationJudge(llm::Provider& judge, const std::string& answer,
                                   const std::atomic<bool>* cancel = nullptr);

struct Grade {
  double score = 0;
  std::string reasoning;
  Usage usage;
};

/// Sends |prompt| (what to grade and the rubric) and parses {"score": 0..1, "reasoning": "..."} from the answer.
/// A score given as 0..10 or 0..100 is scaled down; no parsable score is a kModel error. Bounded like
/// AskClarificationJudge.
/// |temperature| is the sampling temperature of the call (0 by default: a gate wants repeatable verdicts;
/// calibration measures a judge at the temperature it will be used with).
Result<Grade> GradeWithJudge(llm::Provider& judge, const std::string& prompt, const std::atomic<bool>* cancel = nullptr,
                             double temperature = 0.0);

/// Parses the grade out of a judge's answer text. Exposed for tests.
Result<Grade> ParseGrade(const std::string& text);

/// The key a judge's calibration is stored and found by: "TYPE/model/rubric version" (type upper-cased).
std::string JudgeKey(const std::string& provider_type, const std::string& model, const std::string& rubric_version);

/// Where llm_judge's `calibration:` finds stored calibrations: judge key -> the newest calibration, nullopt when
/// none. Process-wide, set once by the CLI (which knows the history); unset means no judge is calibrated.
using CalibrationLookup =
    std::function<Result<std::optional<assertions::JudgeCalibration>>(const std::string& judge_key)>;
void SetCalibrationLookup(CalibrationLookup lookup);
/// Calls the lookup set above (nullopt when none is set). Thread-safe.
Result<std::optional<assertions::JudgeCalibration>> LookupCalibration(const std::string& judge_key);

/// The rubric version of the clarification judge's key: a calibration of it is stored as TYPE/model/clarification-v1.
inline constexpr const char* kClarificationRubricVersion = "clarification-v1";

/// Whether a clarification judge that must be calibrated (`clarification_detection.calibration`) may decide.
struct ClarificationGate {
  bool use_judge = true;  ///< false: patterns only
  std::string warning;    ///< set when the judge is not used (on_uncalibrated: warn)
  std::string error;      ///< set when the agent must not start (on_uncalibrated: fail)
  std::optional<assertions::JudgeCalibration> calibration;  ///< the calibration found, if any
  /// Set when the judge decides, for the run's record: "judge KEY, calibration ID (kappa 0.80 >= 0.60)".
  std::string trusted_because;
};
/// Looks up the newest calibration of the judge (LookupCalibration of JudgeKey(|provider_type|, |model|,
/// kClarificationRubricVersion)) and applies |rule|: kappa >= min_kappa lets the judge decide; else a warning or,
/// with `on_uncalibrated: fail`, an error. Both name the judge key and why (none stored, or kappa too low).
ClarificationGate CheckClarificationCalibration(const config::ClarificationDetection::Calibration& rule,
                                                const std::string& provider_type, const std::string& model);

}  // namespace ab::runner
