// A message about a user's file: "file:line:col: error: message". Loaders and validators collect all of them
// instead of stopping at the first, so a user fixes a file in one pass.
#pragma once

#include <string>
#include <vector>

#include "base/source_loc.h"

namespace ab {

enum class Severity { kError, kWarning, kNote };

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceLoc loc;
  std::string message;  ///< lower-case, no trailing period, may end with a did-you-mean
  /// "file:line:col: error: message"
  std::string ToString() const;
};

using Diagnostics = std::vector<Diagnostic>;

bool HasErrors(const Diagnostics& d);

}  // namespace ab
