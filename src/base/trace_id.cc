#include "base/trace_id.h"

#include <random>

namespace ab {

std::string RandomTraceHex(int bytes) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  while (true) {
    std::string out;
    bool nonzero = false;
    for (int i = 0; i < bytes; ++i) {
      auto b = static_cast<unsigned>(rng() & 0xff);
      nonzero = nonzero || b != 0;
      out += kHex[b >> 4];
      out += kHex[b & 0xf];
    }
    if (nonzero) return out;
  }
}

}  // namespace ab
