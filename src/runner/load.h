// Loads -f and -s files into planned units, with every diagnostic of every file.
#pragma once

#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "runner/plan.h"

namespace ab::runner {

struct LoadedUnits {
  std::vector<Unit> units;
  Diagnostics diagnostics;
  bool ok() const { return !HasErrors(diagnostics); }
};

/// Test files first, then suites, each in the order given. A path whose YAML has `test_files` is loaded as a suite
/// even when given with -f.
LoadedUnits LoadUnits(const std::vector<std::string>& test_files, const std::vector<std::string>& suite_files);

/// Prints diagnostics, errors and warnings, one per line.
void PrintDiagnostics(const Diagnostics& d, std::ostream& err);

}  // namespace ab::runner
