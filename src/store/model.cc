#include "store/model.h"

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
  for (RunStatus s : {RunStatus::kPassed, RunStatus::kFailed, RunStatus::kError, RunStatus::kTimeout,
                      RunStatus::kSkipped}) {
    if (name == RunStatusName(s)) return s;
  }
  return std::nullopt;
}

}  // namespace ab::store
