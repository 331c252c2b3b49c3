#include "runner/load.h"

#include <optional>
#include <ostream>
#include <set>

#include "base/redact.h"
#include "config/loader.h"
#include "template/template.h"

namespace ab::runner {
namespace {

// Registers the environment values |tpl| reads: names that are neither in |known| nor built-ins.
void RegisterEnvironmentReads(const std::string& tpl, const std::set<std::string>& known) {
  if (tpl.find("{{") == std::string::npos) return;
  static const std::set<std::string> kBuiltins = {tmpl::kAgentName, tmpl::kSessionName, tmpl::kProviderName,
                                                  tmpl::kTestDir,   tmpl::kTempDir,     tmpl::kRunId};
  for (const std::string& name : tmpl::ReferencedNames(tpl)) {
    if (known.count(name) || kBuiltins.count(name)) continue;
    if (std::optional<std::string> value = tmpl::GetEnv(name)) RegisterSecret(*value);
  }
}

void RegisterAssertionReads(const std::vector<config::AssertionSpec>& specs, const std::set<std::string>& known) {
  for (const auto& spec : specs) {
    std::vector<const Json*> stack = {&spec.fields};
    while (!stack.empty()) {
      const Json* j = stack.back();
      stack.pop_back();
      if (j->is_string()) RegisterEnvironmentReads(j->get_ref<const std::string&>(), known);
      else if (j->is_structured())
        for (const auto& child : *j) stack.push_back(&child);
    }
    RegisterAssertionReads(spec.children, known);
  }
}

// A value a template takes from the environment ({{GH_PAT}} in a variable, a prompt, a system prompt or an
// assertion) is a secret: it is registered now, before anything runs. Provider and server fields are registered
// when rendered (runner/render_config.cc), where the fields that name programs and directories are left out.
void RegisterEnvironmentSecrets(const Unit& unit) {
  for (const auto& pf : unit.files) {
    std::set<std::string> known;
    for (const auto& v : pf.variables) known.insert(v.name);
    for (const auto& v : pf.variables) {
      std::set<std::string> others = known;
      others.erase(v.name);  // "PATH: '{{PATH}}:/opt'" reads the environment's PATH
      RegisterEnvironmentReads(v.value, others);
    }
    for (const auto& a : unit.agents) RegisterEnvironmentReads(a.system_prompt, known);
    for (const auto& session : pf.file->sessions) {
      for (const auto& t : session.tests) {
        RegisterEnvironmentReads(t.prompt, known);
        RegisterAssertionReads(t.assertions, known);
      }
    }
  }
}

void LoadOne(const std::string& path, bool as_suite, LoadedUnits& out) {
  if (as_suite || config::LooksLikeSuite(path)) {
    auto loaded = config::LoadSuite(path);
    out.diagnostics.insert(out.diagnostics.end(), loaded.diagnostics.begin(), loaded.diagnostics.end());
    // A file with errors still becomes a unit, so `validate` can also check its assertions and templates;
    // the run refuses to start on any error.
    if (loaded.value) {
      out.units.push_back(PlanSuite(std::move(*loaded.value), path));
      RegisterEnvironmentSecrets(out.units.back());
    }
  } else {
    auto loaded = config::LoadTestFile(path);
    out.diagnostics.insert(out.diagnostics.end(), loaded.diagnostics.begin(), loaded.diagnostics.end());
    if (loaded.value) {
      out.units.push_back(PlanTestFile(std::move(*loaded.value), path));
      RegisterEnvironmentSecrets(out.units.back());
    }
  }
}

}  // namespace

LoadedUnits LoadUnits(const std::vector<std::string>& test_files, const std::vector<std::string>& suite_files) {
  LoadedUnits out;
  for (const auto& f : test_files) LoadOne(f, false, out);
  for (const auto& s : suite_files) LoadOne(s, true, out);
  return out;
}

void PrintDiagnostics(const Diagnostics& d, std::ostream& err) {
  for (const auto& x : d) err << Redact(x.ToString()) << "\n";
}

}  // namespace ab::runner
