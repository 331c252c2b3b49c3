#include "store/model.h"

#include "base/redact.h"
#include "base/strings.h"

namespace ab::store {

const char* RunStatusName(RunStatus s) {
  switch (s) {
    case RunStatus::kPassed: return "passed";
    case RunStatus::kFailed: return "failed";
    case RunStatus::kError: return "error";
    case RunStatus::kTimeout: return "timeout";
    case RunStatus::kSkipped: return "skipped";
  }
  return "error";
}

std::optional<RunStatus> ParseRunStatus(std::string_view name) {
  for (RunStatus s :
       {RunStatus::kPassed, RunStatus::kFailed, RunStatus::kError, RunStatus::kTimeout, RunStatus::kSkipped}) {
    if (name == RunStatusName(s)) return s;
  }
  return std::nullopt;
}

std::string FinalAnswerText(std::string_view answer) {
  // Redacted before cutting: a secret cut in two would no longer be recognised.
  return Truncate(Redact(std::string(answer)), kMaxFinalAnswerBytes);
}

std::string ToolChainText(const std::vector<std::pair<std::string, bool>>& calls) {
  std::string out;
  for (const auto& [name, ok] : calls) {
    std::string step = (out.empty() ? "" : " \u2192 ") + name + (ok ? " ok" : " error");
    if (out.size() + step.size() > kMaxToolChainBytes) {
      out += " \u2192 \u2026";
      break;
    }
    out += step;
  }
  return Redact(out);
}

bool IsVerdict(RunStatus status) { return status == RunStatus::kPassed || status == RunStatus::kFailed; }

void CountFlips(TestFlips& f) {
  f.flips = f.verdicts = f.errors = 0;
  const TestOutcome* last = nullptr;  // the previous verdict, across errors
  for (const TestOutcome& o : f.outcomes) {
    if (!IsVerdict(o.status)) {
      f.errors += o.status != RunStatus::kSkipped;
      continue;
    }
    ++f.verdicts;
    if (last && last->status != o.status) ++f.flips;
    last = &o;
  }
}

std::string TestFlips::Trend() const {
  if (verdicts < 2) return "new";
  if (flips == 0) return "stable";
  // One change is a step (a regression or a fix that stayed); a verdict that keeps changing is flakiness.
  if (flips == 1) {
    for (auto it = outcomes.rbegin(); it != outcomes.rend(); ++it)
      if (IsVerdict(it->status)) return it->status == RunStatus::kPassed ? "fixed" : "regression";
  }
  return "flaky";
}

bool TestFlips::flaky() const { return flips >= kFlakyMinFlips && flip_rate() >= kFlakyFlipRate; }

}  // namespace ab::store
