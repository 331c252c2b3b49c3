#include "base/diagnostic.h"

#include <algorithm>
#include <tuple>

#include "base/strings.h"

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

Diagnostics InFileOrder(Diagnostics d) {
  std::vector<std::string> files;
  for (const auto& x : d)
    if (std::find(files.begin(), files.end(), x.loc.file) == files.end()) files.push_back(x.loc.file);
  auto rank = [&](const Diagnostic& x) {
    return std::tuple(std::find(files.begin(), files.end(), x.loc.file) - files.begin(), x.loc.line, x.loc.col);
  };
  std::stable_sort(d.begin(), d.end(), [&](const Diagnostic& a, const Diagnostic& b) { return rank(a) < rank(b); });
  return d;
}

std::string UniqueSuggestion(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string pick = SuggestClosest(word, candidates);
  if (pick.empty()) return "";
  // The same bound as SuggestClosest: a candidate beyond it is never suggested.
  const std::string lower = ToLower(word);
  const int bound = std::max(2, static_cast<int>(word.size()) / 3);
  const int best = EditDistance(lower, ToLower(pick), bound);
  int ties = 0;
  for (const auto& c : candidates) ties += EditDistance(lower, ToLower(c), bound) == best ? 1 : 0;
  return ties == 1 ? pick : "";
}

}  // namespace ab
