#include "runner/plan.h"

#include <set>

namespace ab::runner {
namespace {

template <typename T>
const T* FindByName(const std::vector<T>& items, const std::string& name) {
  for (const auto& i : items)
    if (i.name == name) return &i;
  return nullptr;
}

template <typename T>
void AddMissing(std::vector<T>& into, const std::vector<T>& from) {
  for (const auto& item : from)
    if (!FindByName(into, item.name)) into.push_back(item);
}

}  // namespace

const config::Provider* Unit::FindProvider(const std::string& name) const { return FindByName(providers, name); }
const config::Server* Unit::FindServer(const std::string& name) const { return FindByName(servers, name); }
const config::Agent* Unit::FindAgent(const std::string& name) const { return FindByName(agents, name); }

std::vector<config::Variable> MergeVariables(const std::vector<config::Variable>& suite_vars,
                                             const std::vector<config::Variable>& file_vars,
                                             config::VariablePolicy policy) {
  using config::VariablePolicy;
  if (policy == VariablePolicy::kTestOnly) return file_vars;
  if (policy == VariablePolicy::kMergeTestPriority || policy == VariablePolicy::kMergeSuitePriority) {
    const auto& first = policy == VariablePolicy::kMergeTestPriority ? file_vars : suite_vars;
    const auto& second = policy == VariablePolicy::kMergeTestPriority ? suite_vars : file_vars;
    std::vector<config::Variable> out = first;
    std::set<std::string> seen;
    for (const auto& v : first) seen.insert(v.name);
    for (const auto& v : second)
      if (!seen.count(v.name)) out.push_back(v);
    return out;
  }
  return suite_vars;  // suite-only, the reference's default
}

Unit PlanTestFile(config::TestFile file, const std::string& label) {
  Unit u;
  u.label = label;
  u.own_file = std::make_unique<config::TestFile>(std::move(file));
  const config::TestFile& f = *u.own_file;
  u.providers = f.providers;
  u.servers = f.servers;
  u.agents = f.agents;
  u.criteria = f.criteria;
  PlannedFile pf;
  pf.file = &f;
  pf.variables = f.variables;
  pf.settings = config::Resolve(f.settings);
  u.files.push_back(std::move(pf));
  return u;
}

Unit PlanSuite(config::Suite suite, const std::string& label) {
  Unit u;
  u.label = label;
  u.suite = std::make_unique<config::Suite>(std::move(suite));
  const config::Suite& s = *u.suite;
  u.suite_name = s.name;
  u.providers = s.providers;
  u.servers = s.servers;
  u.agents = s.agents;
  u.criteria = s.criteria;
  for (const auto& f : s.files) {
    AddMissing(u.providers, f.providers);
    AddMissing(u.servers, f.servers);
    AddMissing(u.agents, f.agents);
    PlannedFile pf;
    pf.file = &f;
    pf.settings = config::Resolve(f.settings, s.settings);
    pf.variables = MergeVariables(s.variables, f.variables, pf.settings.variable_policy);
    u.files.push_back(std::move(pf));
  }
  return u;
}

}  // namespace ab::runner
