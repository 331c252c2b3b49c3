// Where the end-to-end tests find the binary under test and their data files (set by tests/e2e/CMakeLists.txt).
#pragma once

#include <string>

namespace ab::e2e {

inline const std::string kBin = AB_BINARY;
inline const std::string kData = std::string(AB_SOURCE_DIR) + "/tests/e2e/data/";

}  // namespace ab::e2e
