#include "runner/load.h"

#include <ostream>

#include "base/redact.h"
#include "config/loader.h"

namespace ab::runner {
namespace {

void LoadOne(const std::string& path, bool as_suite, LoadedUnits& out) {
  if (as_suite || config::LooksLikeSuite(path)) {
    auto loaded = config::LoadSuite(path);
    out.diagnostics.insert(out.diagnostics.end(), loaded.diagnostics.begin(), loaded.diagnostics.end());
    // A file with errors still becomes a unit, so `validate` can also check its assertions and templates;
    // the run refuses to start on any error.
    if (loaded.value) out.units.push_back(PlanSuite(std::move(*loaded.value), path));
  } else {
    auto loaded = config::LoadTestFile(path);
    out.diagnostics.insert(out.diagnostics.end(), loaded.diagnostics.begin(), loaded.diagnostics.end());
    if (loaded.value) out.units.push_back(PlanTestFile(std::move(*loaded.value), path));
  }
}

}  // namespace

LoadedUnits LoadUnits(const std::vector<std::string>& test_files, const std::vector<std::string>& suite_files) {
  LoadedUnits out;
  for (const auto& f : test_files) LoadOne(f, false, out);
  for (const auto& s : suite_files) LoadOne(s, true, out);
  return out;
}

void PrintDiagnostics(const Diagnostics& d, std::ostream& err) {
  for (const auto& x : d) err << Redact(x.ToString()) << "\n";
}

}  // namespace ab::runner
