#include "base/diagnostic.h"

namespace ab {

std::string Diagnostic::ToString() const {
  const char* sev = severity == Severity::kError ? "error" : severity == Severity::kWarning ? "warning" : "note";
  std::string where = loc.ToString();
  return (where.empty() ? std::string() : where + ": ") + sev + ": " + message;
}

bool HasErrors(const Diagnostics& d) {
  for (const auto& x : d)
    if (x.severity == Severity::kError) return true;
  return false;
}

}  // namespace ab
