// A message about a user's file: "file:line:col: error: message". Loaders and validators collect all of them
// instead of stopping at the first, so a user fixes a file in one pass.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/source_loc.h"

namespace ab {

enum class Severity { kError, kWarning, kNote };

/// A certain correction of a diagnostic, for `validate --fix`: replace |old_text| written at |loc| (or just inside
/// a quote there) by |new_text|. Only set where exactly one fix is possible (a misspelled key with one suggestion).
struct TextFix {
  SourceLoc loc;
  std::string old_text;
  std::string new_text;
};

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceLoc loc;
  std::string message;                        ///< lower-case, no trailing period, may end with a did-you-mean
  std::optional<TextFix> fix = std::nullopt;  ///< machine-readable did-you-mean, when unambiguous
  /// "file:line:col: error: message"
  std::string ToString() const;
};

using Diagnostics = std::vector<Diagnostic>;

bool HasErrors(const Diagnostics& d);

/// |d| with each file's diagnostics in line:col order (stable; unknown positions first), the files in the order
/// they first appear: a user reads a file's errors top to bottom.
Diagnostics InFileOrder(Diagnostics d);

/// The did-you-mean suggestion for |word| among |candidates| (as DidYouMean makes it) when it is certain: no other
/// candidate is as close. Empty otherwise.
std::string UniqueSuggestion(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace ab
