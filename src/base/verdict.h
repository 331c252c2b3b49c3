// The outcome of one assertion, as assertions produce it and reports print it.
#pragma once

#include <string>
#include <vector>

#include "base/json.h"
#include "base/source_loc.h"

namespace ab {

struct AssertionResult {
  std::string type;
  bool passed = false;
  std::string message;                    ///< one line: what was expected and what happened
  Json details = Json::object();          ///< expected, actual, and the evidence (which call, which value)
  std::vector<AssertionResult> children;  ///< anyOf / allOf / not
  SourceLoc loc;                          ///< where the assertion is written
};

}  // namespace ab
