// Asks a model for a JSON answer that must pass validation: the answer is checked, a rejected answer is sent back
// once with the errors for a repair, and if the repair fails too a fresh attempt starts, up to |attempts| of them
// (`max_retries`) and |max_calls| model calls in all (`max_iterations`).
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/result.h"
#include "gen/model_call.h"

namespace ab::gen {

struct AskSpec {
  std::string who = "generator";  ///< progress line prefix
  std::string what;               ///< for progress lines: "plan of tests 1-5", "test 'x'"
  std::string system;
  std::function<std::string(int attempt)> prompt;  ///< attempt counts from 1
  /// Errors of an answer (empty: accepted). Only called with a JSON object.
  std::function<std::vector<std::string>(const Json&)> validate;
  int attempts = 3;
  int max_calls = 8;
  std::optional<int> max_reply_tokens;
};

/// The accepted JSON. kModel when every attempt was rejected (the message lists the last errors); the model
/// call's error otherwise (kCancelled when the budget ran out or the run was interrupted). Progress goes to
/// |progress|.
Result<Json> AskValidated(ModelCaller& model, const AskSpec& spec, std::ostream& progress);

}  // namespace ab::gen
