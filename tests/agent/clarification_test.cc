#include "agent/clarification.h"

#include <doctest/doctest.h>

namespace ab::agent {

TEST_CASE("built-in patterns match case-insensitively, completed work does not") {
  config::ClarificationDetection cfg;
  auto d = ClarificationDetector::Create(cfg);
  REQUIRE(d);
  CHECK(ClarificationDetector::BuiltinPatterns().size() == 16);
  CHECK((*d)->IsClarification("SHOULD I PROCEED with the deletion?"));
  CHECK((*d)->IsClarification("Is this correct?"));
  CHECK_FALSE((*d)->IsClarification("Done! I created the file."));
}

TEST_CASE("custom RE2 patterns, with or without the built-in ones") {
  config::ClarificationDetection cfg;
  cfg.use_builtin_patterns = false;
  cfg.custom_patterns = {"(?i)möchten sie"};
  auto d = ClarificationDetector::Create(cfg);
  REQUIRE(d);
  CHECK((*d)->IsClarification("Möchten Sie, dass ich fortfahre?"));
  CHECK_FALSE((*d)->IsClarification("Would you like me to continue?"));
}

TEST_CASE("an invalid custom pattern is a configuration error") {
  config::ClarificationDetection cfg;
  cfg.custom_patterns = {"(unclosed"};
  auto d = ClarificationDetector::Create(cfg);
  REQUIRE_FALSE(d);
  CHECK(d.error().message.find("(unclosed") != std::string::npos);
}

TEST_CASE("the judge is asked only when no pattern matched, and its errors mean no") {
  config::ClarificationDetection cfg;
  int asked = 0;
  auto d = ClarificationDetector::Create(cfg, [&](const std::string& a) -> Result<bool> {
    ++asked;
    if (a == "boom") return Error(ErrorCode::kNetwork, "down");
    return a == "Shall we?";
  });
  REQUIRE(d);
  CHECK((*d)->IsClarification("Shall we?"));
  CHECK_FALSE((*d)->IsClarification("boom"));
  CHECK((*d)->IsClarification("Please confirm"));
  CHECK(asked == 2);
}

}  // namespace ab::agent
