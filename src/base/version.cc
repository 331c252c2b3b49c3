#include "base/version.h"

namespace ab {
const char* Version() { return AB_VERSION; }
}  // namespace ab
