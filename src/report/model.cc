#include "report/model.h"

namespace ab::report {

const char* RunStatusName(RunStatus s) {
  switch (s) {
    case RunStatus::kPassed: return "passed";
    case RunStatus::kFailed: return "failed";
    case RunStatus::kError: return "error";
    case RunStatus::kSkipped: return "skipped";
  }
  return "unknown";
}

Totals Run::totals() const {
  Totals t;
  for (const auto& r : runs) {
    ++t.total;
    switch (r.status) {
      case RunStatus::kPassed: ++t.passed; break;
      case RunStatus::kFailed: ++t.failed; break;
      case RunStatus::kError: ++t.errored; break;
      case RunStatus::kSkipped: ++t.skipped; break;
    }
  }
  return t;
}

bool Run::criteria_met() const {
  Totals t = totals();
  if (incomplete) return false;
  if (required_success_rate) return t.total > 0 && t.success_rate() + 1e-12 >= *required_success_rate;
  return t.passed == t.total;
}

}  // namespace ab::report
