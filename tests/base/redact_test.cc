#include "base/redact.h"

#include <doctest/doctest.h>

namespace ab {

TEST_CASE("Redact hides registered secrets everywhere") {
  RegisterSecret("sk-test-1234567890");
  RegisterSecret("abc");  // too short to register safely
  CHECK(Redact("Authorization: Bearer sk-test-1234567890 and sk-test-1234567890") ==
        "Authorization: Bearer [REDACTED] and [REDACTED]");
  CHECK(Redact("abc stays") == "abc stays");
  CHECK(IsSecretHeader("Authorization"));
  CHECK(IsSecretHeader("x-api-key"));
  CHECK(IsSecretHeader("X-Goog-Api-Key"));
  CHECK_FALSE(IsSecretHeader("Content-Type"));
}

}  // namespace ab
