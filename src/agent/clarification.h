// Detects answers that ask the user for confirmation or details instead of acting ("Would you like me to ...").
// Pattern matching (16 built-in English phrases, plus the user's RE2 patterns) and, optionally, a judge model.
// Thread-safe after construction.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "config/model.h"

namespace re2 {
class RE2;
}

namespace ab::agent {

class ClarificationDetector {
 public:
  /// Asks a judge model whether |answer| is a clarification request; returns true for yes.
  using Judge = std::function<Result<bool>(const std::string& answer)>;

  /// Compiles the custom patterns; an invalid one is an error naming it.
  static Result<std::unique_ptr<ClarificationDetector>> Create(const config::ClarificationDetection& config,
                                                               Judge judge = nullptr);
  ~ClarificationDetector();

  /// True when |answer| asks for clarification. The judge, when set, is asked only if no pattern matched;
  /// a judge error counts as "no".
  bool IsClarification(const std::string& answer) const;
  config::ClarificationLevel level() const { return level_; }
  /// How answers are judged beyond the patterns, for the transcript (Clarification::judge): set once, before use,
  /// by whoever chose the judge.
  void set_judge_note(std::string note) { judge_note_ = std::move(note); }
  const std::string& judge_note() const { return judge_note_; }

  /// The 16 built-in phrases (lower case, matched case-insensitively as substrings).
  static const std::vector<std::string>& BuiltinPatterns();

 private:
  ClarificationDetector() = default;
  bool use_builtin_ = true;
  config::ClarificationLevel level_ = config::ClarificationLevel::kWarning;
  std::vector<std::unique_ptr<re2::RE2>> custom_;
  Judge judge_;
  std::string judge_note_;
};

}  // namespace ab::agent
