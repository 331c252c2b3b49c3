// Where the end-to-end tests find the binary under test and their data files (set by tests/e2e/CMakeLists.txt).
#pragma once

#include <string>

namespace ab::e2e {

inline const std::string kBin = AB_BINARY;
inline const std::string kData = std::string(AB_SOURCE_DIR) + "/tests/e2e/data/";
/// The sample MCP server (samples/), offline: get_weather and friends.
#ifdef AB_SAMPLE_SERVER
inline const std::string kSampleServer = AB_SAMPLE_SERVER;
#else
inline const std::string kSampleServer = std::string(AB_BINARY_DIR) + "/sample-mcp-server";
#endif

}  // namespace ab::e2e
