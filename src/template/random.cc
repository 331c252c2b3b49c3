#include "template/random.h"

#include <cassert>
#include <cstdio>

#include "template/template.h"

namespace ab::tmpl {

int64_t UniformInt(std::mt19937_64& rng, int64_t lo, int64_t hi) {
  assert(lo <= hi && "UniformInt needs lo <= hi");
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  if (span == UINT64_MAX) return static_cast<int64_t>(rng());
  const uint64_t range = span + 1;
  // Rejection sampling: drop the top partial bucket so every value is equally likely.
  const uint64_t limit = UINT64_MAX - (UINT64_MAX % range + 1) % range;
  uint64_t x = rng();
  while (x > limit) x = rng();
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + x % range);
}

double Uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

std::string RandomString(std::mt19937_64& rng, std::string_view charset, size_t n) {
  assert(!charset.empty() && "RandomString needs characters to draw from");
  std::string out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    out += charset[static_cast<size_t>(UniformInt(rng, 0, static_cast<int64_t>(charset.size()) - 1))];
  }
  return out;
}

std::string NewUuidV4(std::mt19937_64& rng) {
  uint64_t hi = rng(), lo = rng();
  hi = (hi & ~0xF000ULL) | 0x4000ULL;              // version 4
  lo = (lo & ~(0xC0ULL << 56)) | (0x80ULL << 56);  // variant 10xx
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buf;
}

}  // namespace ab::tmpl
