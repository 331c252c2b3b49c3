// A position in a user's file, for diagnostics in the `file:line:col` form.
#pragma once

#include <string>

namespace ab {

/// 1-based line and column; line 0 means "no position known".
struct SourceLoc {
  std::string file;
  int line = 0;
  int col = 0;

  bool known() const { return line > 0; }
  /// "file:line:col", "file" when the position is unknown, "" when nothing is known.
  std::string ToString() const;
};

}  // namespace ab
