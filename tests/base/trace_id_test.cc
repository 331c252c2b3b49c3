#include "base/trace_id.h"

#include <doctest/doctest.h>

#include <set>

namespace ab {

TEST_CASE("RandomTraceHex gives lower-case hex of the asked size, never all zeros, and differs call to call") {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string id = RandomTraceHex(i % 2 ? 16 : 8);
    CHECK(id.size() == (i % 2 ? 32u : 16u));
    CHECK(id.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(id.find_first_not_of('0') != std::string::npos);
    seen.insert(id);
  }
  CHECK(seen.size() == 200);
  // One byte: the all-zero value is drawn about once in 256 tries and must be retried.
  for (int i = 0; i < 2000; ++i) CHECK(RandomTraceHex(1) != "00");
}

}  // namespace ab
