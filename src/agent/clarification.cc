#include "agent/clarification.h"

#include <re2/re2.h>

#include "base/strings.h"

namespace ab::agent {

const std::vector<std::string>& ClarificationDetector::BuiltinPatterns() {
  static const std::vector<std::string> patterns = {
      "would you like me to",    "do you want me to", "should i proceed", "shall i proceed",
      "shall i continue",        "would you prefer",  "do you prefer",    "please confirm",
      "please clarify",          "can you confirm",   "can you clarify",  "let me know if you want me to",
      "let me know if i should", "is that correct",   "is this correct",  "do you want to proceed",
  };
  return patterns;
}

Result<std::unique_ptr<ClarificationDetector>> ClarificationDetector::Create(
    const config::ClarificationDetection& config, Judge judge) {
  std::unique_ptr<ClarificationDetector> d(new ClarificationDetector());
  d->use_builtin_ = config.use_builtin_patterns;
  d->level_ = config.level;
  d->judge_ = std::move(judge);
  for (const auto& p : config.custom_patterns) {
    auto re = std::make_unique<re2::RE2>(p, re2::RE2::Quiet);
    if (!re->ok())
      return Error(ErrorCode::kConfig, "invalid clarification pattern '" + p + "': " + re->error(), config.loc);
    d->custom_.push_back(std::move(re));
  }
  return d;
}

ClarificationDetector::~ClarificationDetector() = default;

bool ClarificationDetector::IsClarification(const std::string& answer) const {
  if (use_builtin_) {
    std::string lower = ToLower(answer);
    for (const auto& p : BuiltinPatterns())
      if (lower.find(p) != std::string::npos) return true;
  }
  for (const auto& re : custom_)
    if (re2::RE2::PartialMatch(answer, *re)) return true;
  if (judge_) {
    auto verdict = judge_(answer);
    return verdict.has_value() && *verdict;
  }
  return false;
}

}  // namespace ab::agent
