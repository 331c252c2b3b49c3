// Golden-file comparison for the report tests (R8). AB_UPDATE_GOLDEN=1 rewrites the files instead of comparing.
#pragma once

#include <string>

namespace ab::report::testing {

/// Full path of tests/report/golden/|name| in the source tree.
std::string GoldenPath(const std::string& name);
/// Compares |actual| with the golden file |name|; rewrites it when AB_UPDATE_GOLDEN=1. Returns "" on a match,
/// else a description of the first difference.
std::string CheckGolden(const std::string& name, const std::string& actual);
/// The whole file, or "" when it cannot be read.
std::string ReadFile(const std::string& path);

}  // namespace ab::report::testing
