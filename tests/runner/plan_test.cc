#include "runner/plan.h"

#include <doctest/doctest.h>

namespace ab::runner {
namespace {

std::vector<config::Variable> Vars(std::initializer_list<std::pair<const char*, const char*>> kv) {
  std::vector<config::Variable> out;
  for (const auto& [k, v] : kv) out.push_back(config::Variable{k, v, {}});
  return out;
}

std::vector<std::string> Render(const std::vector<config::Variable>& vars) {
  std::vector<std::string> out;
  for (const auto& v : vars) out.push_back(v.name + "=" + v.value);
  return out;
}

}  // namespace

TEST_CASE("variable policies") {
  auto suite = Vars({{"a", "suite"}, {"b", "suite"}});
  auto file = Vars({{"b", "file"}, {"c", "file"}});
  CHECK(Render(MergeVariables(suite, file, config::VariablePolicy::kSuiteOnly)) ==
        std::vector<std::string>{"a=suite", "b=suite"});
  CHECK(Render(MergeVariables(suite, file, config::VariablePolicy::kTestOnly)) ==
        std::vector<std::string>{"b=file", "c=file"});
  CHECK(Render(MergeVariables(suite, file, config::VariablePolicy::kMergeTestPriority)) ==
        std::vector<std::string>{"b=file", "c=file", "a=suite"});
  CHECK(Render(MergeVariables(suite, file, config::VariablePolicy::kMergeSuitePriority)) ==
        std::vector<std::string>{"a=suite", "b=suite", "c=file"});
}

TEST_CASE("a suite's definitions win, test files add what the suite lacks, settings override key by key") {
  config::Suite s;
  s.name = "S";
  s.providers.push_back(config::Provider{});
  s.providers.back().name = "p";
  s.providers.back().model = "suite-model";
  s.settings.max_iterations = 5;
  s.settings.test_delay = Millis(100);
  config::TestFile f;
  f.path = "f.yaml";
  f.providers.push_back(config::Provider{});
  f.providers.back().name = "p";
  f.providers.back().model = "file-model";
  f.providers.push_back(config::Provider{});
  f.providers.back().name = "q";
  f.settings.max_iterations = 3;
  s.files.push_back(f);
  Unit u = PlanSuite(std::move(s), "suite.yaml");
  REQUIRE(u.providers.size() == 2);
  CHECK(u.FindProvider("p")->model == "suite-model");
  CHECK(u.FindProvider("q") != nullptr);
  REQUIRE(u.files.size() == 1);
  CHECK(u.files[0].settings.max_iterations == 3);
  CHECK(u.files[0].settings.test_delay == Millis(100));
  CHECK(u.suite_name == "S");
  CHECK(u.files[0].file == &u.suite->files[0]);
}

TEST_CASE("a plain test file is a unit of its own") {
  config::TestFile f;
  f.path = "t.yaml";
  f.agents.push_back(config::Agent{});
  f.agents.back().name = "a";
  f.criteria.success_rate = 0.5;
  Unit u = PlanTestFile(std::move(f), "t.yaml");
  CHECK(u.FindAgent("a") != nullptr);
  CHECK(u.FindAgent("b") == nullptr);
  CHECK(*u.criteria.success_rate == 0.5);
  CHECK(u.files[0].settings.max_iterations == 10);
}

}  // namespace ab::runner
