// `validate --fix`: applies the certain corrections the loader attached to its diagnostics (a misspelled key
// with exactly one suggestion) to the file's text, editing only the key's bytes so comments and layout stay.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/diagnostic.h"

namespace ab::config {

/// What ApplyFixes did: the edits made (in file order) and, for each one it refused, a note saying why.
struct FixOutcome {
  std::vector<TextFix> applied;
  Diagnostics skipped;  ///< notes at the fix's position
};

/// Applies |fixes| (all for the file whose content is |text|) in place. A fix is applied only when its old text is
/// written at its line:col, bare or just inside a quote (a key written with escapes, or a file changed since it
/// was read, is skipped with a note); fixes touching the same bytes are all skipped. Everything else is
/// byte-exact.
FixOutcome ApplyFixes(std::string& text, std::vector<TextFix> fixes);

/// The fixes of |d|'s errors, grouped by file in first-seen order.
std::vector<std::pair<std::string, std::vector<TextFix>>> FixesByFile(const Diagnostics& d);

}  // namespace ab::config
