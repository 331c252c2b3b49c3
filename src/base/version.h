// The agent-bench version, from the CMake project version.
#pragma once

namespace ab {
/// e.g. "0.1.0"
const char* Version();
}  // namespace ab
