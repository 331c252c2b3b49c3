// Hand-made Run objects for the report tests: the nine layouts of the reference's "Report Hierarchy" plus a
// large run for the scale test.
#pragma once

#include <string>
#include <vector>

#include "report/model.h"

namespace ab::report::testing {

/// "01_single_agent_single_test" ... "09_failed_with_errors".
std::vector<std::string> ScenarioNames();
/// The scenario called |name|; an empty Run for an unknown name.
Run MakeScenario(const std::string& name);
/// |n| small runs over 10 agents, 1 000-test files, with assorted statuses.
Run MakeLargeRun(int n);

/// One run with a transcript (one LLM turn, one tool call, messages) and one assertion per status.
TestRun MakeTestRun(const std::string& file, const std::string& session, const std::string& test,
                    const std::string& agent, const std::string& provider_type, RunStatus status);

}  // namespace ab::report::testing
