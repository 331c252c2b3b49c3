#pragma once

#include <string>

namespace ab {

/// A random id of |bytes| bytes as lower-case hex: 16 bytes for a W3C trace id, 8 for a span or parent id. Never all
/// zeros, which trace context treats as invalid. Thread-safe (one generator per thread).
std::string RandomTraceHex(int bytes);

}  // namespace ab
