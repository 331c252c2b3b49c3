// The factory of every built-in assertion type, grouped by the file that implements it. Only builtin.cc, the
// registration table, needs this header.
#pragma once

#include "assert/assertion.h"

namespace ab::assertions {

// tool_assertions.cc
std::unique_ptr<Assertion> MakeToolCalled(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeToolNotCalled(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeToolCallCount(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeToolCallOrder(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeToolResultIsError(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeToolSucceeded(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeNoHallucinatedTools(const config::AssertionSpec& spec, BuildContext& bc);

// skill_assertions.cc
std::unique_ptr<Assertion> MakeSkillLoaded(const config::AssertionSpec& spec, BuildContext& bc);

// exchange_assertions.cc
std::unique_ptr<Assertion> MakeServerRequested(const config::AssertionSpec& spec, BuildContext& bc);

// param_assertions.cc
std::unique_ptr<Assertion> MakeToolParamEquals(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeToolParamMatchesRegex(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeToolResultMatchesJson(const config::AssertionSpec& spec, BuildContext& bc);

// output_assertions.cc
std::unique_ptr<Assertion> MakeOutputContains(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeOutputNotContains(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeOutputRegex(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeOutputJsonValid(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeOutputMatchesJson(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeFileCreated(const config::AssertionSpec& spec, BuildContext& bc);

// budget_assertions.cc
std::unique_ptr<Assertion> MakeMaxTokens(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeMaxLatencyMs(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeMaxCostUsd(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeMaxIterations(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeMaxToolCalls(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeNoErrorMessages(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeNoClarificationQuestions(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeNoRateLimitErrors(const config::AssertionSpec& spec, BuildContext& bc);

// cli_assertions.cc
std::unique_ptr<Assertion> MakeCliExitCodeEquals(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeCliStdoutContains(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeCliStdoutRegex(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeCliStderrContains(const config::AssertionSpec& spec, BuildContext& bc);

// schema_assertions.cc
std::unique_ptr<Assertion> MakeToolParamSchema(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeOutputJsonSchema(const config::AssertionSpec& spec, BuildContext& bc);

// judge_assertion.cc
std::unique_ptr<Assertion> MakeLlmJudge(const config::AssertionSpec& spec, BuildContext& bc);

// logic_assertions.cc
std::unique_ptr<Assertion> MakeAnyOf(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeAllOf(const config::AssertionSpec& spec, BuildContext& bc);
std::unique_ptr<Assertion> MakeNot(const config::AssertionSpec& spec, BuildContext& bc);

}  // namespace ab::assertions
