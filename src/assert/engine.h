// The assertion engine's public entry points, as the runner calls them: validate a test's assertions at load
// time, evaluate them against a Transcript after the agent loop, and list the known types.
// Thread-safe: every function may be called concurrently (the shared regex/JSONPath cache is locked).
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/result.h"
#include "base/transcript.h"
#include "base/verdict.h"
#include "config/model.h"

namespace ab::assertions {

/// What an LLM judge answered for one llm_judge assertion.
struct JudgeVerdict {
  double score = 0;  ///< 0..1
  std::string reasoning;
  Usage usage;  ///< tokens the judge call cost
};

/// The newest stored calibration of a judge (`agent-bench calibrate`, docs/statistics.md).
struct JudgeCalibration {
  std::string id;    ///< the calibration's id in the history
  std::string key;   ///< "provider type/model/rubric version"
  double kappa = 0;  ///< Cohen's kappa against the human labels
};

/// What evaluation needs besides the transcript. Every member may be empty.
struct EvalContext {
  /// Renders a template ({{VAR}}); identity when empty. Only strings containing "{{" are passed to it.
  std::function<Result<std::string>(const std::string&)> render;
  /// Asks the judge model |provider| to grade |prompt|; llm_judge fails clearly when this is empty.
  std::function<Result<JudgeVerdict>(const std::string& provider, const std::string& prompt)> judge;
  /// The newest calibration of judge model |provider| ("" = the agent's own) with |rubric_version|; nullopt when
  /// it was never calibrated. llm_judge's `calibration:` treats an empty function as "never calibrated".
  std::function<Result<std::optional<JudgeCalibration>>(const std::string& provider, const std::string& rubric_version)>
      judge_calibration;
  /// Directory relative file paths resolve against (file_created); the process's cwd when empty.
  std::string test_dir;
};

/// Checks every spec statically: known type (with a did-you-mean), required, unknown and mistyped fields, regex,
/// JSONPath and JSON Schema syntax where no template is involved, combinator shape and depth. Empty when valid.
Diagnostics ValidateAssertions(const std::vector<config::AssertionSpec>& specs);

/// One result per spec, in order. Never throws: a spec that is invalid or cannot be evaluated (template error,
/// missing judge) yields a failed result whose message says why.
std::vector<AssertionResult> EvaluateAssertions(const std::vector<config::AssertionSpec>& specs,
                                                const Transcript& transcript, const EvalContext& ctx);

/// Prints every assertion type, combinators included, with its fields and a one-line description.
void ListAssertions(std::ostream& out);

}  // namespace ab::assertions
