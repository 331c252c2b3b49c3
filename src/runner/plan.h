// Turns loaded test files and suites into units of work: each unit has one set of providers, servers and agents
// (a suite's definitions plus what its test files add) and the files whose tests run with them.
#pragma once

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "config/model.h"

namespace ab::runner {

struct PlannedFile {
  const config::TestFile* file = nullptr;   ///< owned by the Unit's loaded config
  std::vector<config::Variable> variables;  ///< after variable_policy
  config::EffectiveSettings settings;
};

struct Unit {
  std::string label;       ///< the -f or -s path
  std::string suite_name;  ///< "" for a plain test file
  std::vector<config::Provider> providers;
  std::vector<config::Server> servers;
  std::vector<config::Agent> agents;
  config::Criteria criteria;
  std::vector<PlannedFile> files;
  // Heap storage, so PlannedFile::file stays valid when a Unit is moved (e.g. into a growing vector).
  std::unique_ptr<config::TestFile> own_file;  ///< storage for a -f file
  std::unique_ptr<config::Suite> suite;        ///< storage for a -s suite

  const config::Provider* FindProvider(const std::string& name) const;
  const config::Server* FindServer(const std::string& name) const;
  const config::Agent* FindAgent(const std::string& name) const;
};

/// True when |test| runs on the agent named |agent|: every agent, unless the test names one with `agent:` or its
/// session lists some with `agents:`.
inline bool RunsOn(const config::Test& test, const std::string& agent) {
  if (test.session_agents &&
      std::find(test.session_agents->begin(), test.session_agents->end(), agent) == test.session_agents->end())
    return false;
  return test.agent.empty() || test.agent == agent;
}

/// Builds a unit from a test file (-f). The unit takes ownership of |file|.
Unit PlanTestFile(config::TestFile file, const std::string& label);
/// Builds a unit from a suite (-s): suite definitions win over a test file's definitions of the same name
/// (the loader warns); settings of a test file override the suite's key by key; variables follow
/// settings.variable_policy. The unit takes ownership of |suite|.
Unit PlanSuite(config::Suite suite, const std::string& label);

/// Variables for one file under |policy|.
std::vector<config::Variable> MergeVariables(const std::vector<config::Variable>& suite_vars,
                                             const std::vector<config::Variable>& file_vars,
                                             config::VariablePolicy policy);

}  // namespace ab::runner
