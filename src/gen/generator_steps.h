// The generator's phases as pure functions: the prompts the model gets, and the checks its answers must pass
// (against the real tool list and the assertion registry) before they are accepted. The last phase, turning an
// accepted intent into a test, is deterministic: the model never writes YAML.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "config/model.h"
#include "gen/catalog.h"

namespace ab::gen {

/// What every prompt and check needs.
struct GenContext {
  const config::GeneratorConfig* config = nullptr;
  const ToolCatalog* tools = nullptr;
  std::optional<unsigned long long> seed;
  /// Tool calls one test may expect: simple 1, medium up to 3, complex up to max_steps_per_test.
  int StepLimit() const;
};

struct PlannedTest {
  std::string name;
  std::string session;
  std::string goal;
  std::vector<std::string> tools;
  bool edge_case = false;
};

extern const char* const kPlanSystem;
extern const char* const kIntentSystem;

/// Phase 1: asks for |count| more tests after |so_far|.
std::string PlanPrompt(const GenContext& ctx, int count, const std::vector<PlannedTest>& so_far, int attempt);
/// Errors of a plan answer ({"tests": [...]}); on success |out| holds the new tests.
std::vector<std::string> CheckPlan(const Json& answer, const GenContext& ctx, int count,
                                   const std::vector<PlannedTest>& so_far, std::vector<PlannedTest>* out);

/// Phase 2: asks for the intent of one planned test.
std::string IntentPrompt(const GenContext& ctx, const PlannedTest& test, int attempt);
/// Errors of an intent answer; on success |test_out| holds the test (phase 3, BuildTest).
std::vector<std::string> CheckIntent(const Json& answer, const GenContext& ctx, const PlannedTest& test,
                                     Json* test_out);

/// Phase 3: the test as written in a test file, from an accepted intent.
Json BuildTest(const PlannedTest& test, const Json& intent);

/// Assertion JSON ({type, fields...} or {anyOf|allOf: [...]} / {not: {...}}) as the loader would read it.
std::optional<config::AssertionSpec> ToAssertionSpec(const Json& j, std::string* error, int depth = 0);

/// A file-name-safe form of |s| ("Notes and search" -> "notes_and_search"), never empty.
std::string Slug(const std::string& s);

}  // namespace ab::gen
