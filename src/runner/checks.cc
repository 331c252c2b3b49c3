#include "runner/checks.h"

#include <set>

#include "assert/engine.h"
#include "base/strings.h"
#include "template/template.h"
#include "template/variables.h"

namespace ab::runner {
namespace {

void CheckSyntax(const std::string& tpl, const SourceLoc& loc, const std::string& what, Diagnostics& out) {
  if (tpl.find("{{") == std::string::npos) return;
  Status st = tmpl::Validate(tpl);
  if (!st.ok()) out.push_back({Severity::kError, loc, what + ": " + st.error().message});
}

const std::vector<std::string>& Builtins() {
  static const std::vector<std::string> names = {tmpl::kAgentName, tmpl::kSessionName, tmpl::kProviderName,
                                                 tmpl::kTestDir,   tmpl::kTempDir,     tmpl::kRunId,
                                                 "SKILL_DIR"};
  return names;
}

class NameChecker {
 public:
  NameChecker(std::set<std::string> known, Diagnostics& out) : known_(std::move(known)), out_(out) {}
  void Check(const std::string& tpl, const SourceLoc& loc, const std::string& what,
             const std::set<std::string>& extra = {}) {
    if (tpl.find("{{") == std::string::npos) return;
    for (const auto& name : tmpl::ReferencedNames(tpl)) {
      if (known_.count(name) || extra.count(name) || tmpl::GetEnv(name)) continue;
      std::vector<std::string> candidates(known_.begin(), known_.end());
      candidates.insert(candidates.end(), extra.begin(), extra.end());
      out_.push_back({Severity::kError, loc,
                      what + ": '" + name +
                          "' is not a variable, a set environment variable, a built-in or an extracted value" +
                          DidYouMean(name, candidates)});
    }
  }

 private:
  std::set<std::string> known_;
  Diagnostics& out_;
};

void CheckAssertionTemplates(const std::vector<config::AssertionSpec>& specs, NameChecker& names,
                             const std::set<std::string>& extracted) {
  for (const auto& spec : specs) {
    for (auto it = spec.fields.begin(); it != spec.fields.end(); ++it) {
      auto loc_it = spec.field_locs.find(it.key());
      SourceLoc loc = loc_it != spec.field_locs.end() ? loc_it->second : spec.loc;
      std::vector<const Json*> strings;
      std::vector<const Json*> stack = {&it.value()};
      while (!stack.empty()) {
        const Json* j = stack.back();
        stack.pop_back();
        if (j->is_string()) strings.push_back(j);
        else if (j->is_structured())
          for (const auto& child : *j) stack.push_back(&child);
      }
      for (const Json* s : strings)
        names.Check(s->get<std::string>(), loc, "assertion '" + spec.type + "' field '" + it.key() + "'", extracted);
    }
    CheckAssertionTemplates(spec.children, names, extracted);
  }
}

}  // namespace

Diagnostics CheckStatic(const Unit& unit) {
  Diagnostics out;
  for (const auto& a : unit.agents) CheckSyntax(a.system_prompt, a.loc, "agent '" + a.name + "' system_prompt", out);
  for (const auto& pf : unit.files) {
    for (const auto& v : pf.variables) CheckSyntax(v.value, v.loc, "variable '" + v.name + "'", out);
    if (Status sizes = tmpl::CheckVariableSizes(pf.variables); !sizes.ok())
      out.push_back({Severity::kError, sizes.error().loc, sizes.error().message});
    for (const auto& s : pf.file->sessions) {
      for (const auto& t : s.tests) {
        CheckSyntax(t.prompt, t.loc, "test '" + t.name + "' prompt", out);
        Diagnostics d = assertions::ValidateAssertions(t.assertions);
        out.insert(out.end(), d.begin(), d.end());
      }
    }
  }
  return out;
}

Diagnostics CheckNames(const Unit& unit) {
  Diagnostics out;
  std::set<std::string> used_providers, used_servers;
  for (const auto& a : unit.agents) {
    bool has_tests = false;
    for (const auto& pf : unit.files)
      for (const auto& s : pf.file->sessions)
        for (const auto& t : s.tests) has_tests = has_tests || RunsOn(t, a.name);
    if (!has_tests) continue;
    used_providers.insert(a.provider);
    if (!a.clarification.judge_provider.empty() && a.clarification.judge_provider != "$self")
      used_providers.insert(a.clarification.judge_provider);
    for (const auto& s : a.servers) used_servers.insert(s.name);
  }
  for (const auto& pf : unit.files) {
    std::set<std::string> known(Builtins().begin(), Builtins().end());
    for (const auto& v : pf.variables) known.insert(v.name);
    NameChecker names(known, out);
    for (const auto& v : pf.variables) names.Check(v.value, v.loc, "variable '" + v.name + "'");
    if (&pf == &unit.files.front()) {
      for (const auto& p : unit.providers) {
        if (!used_providers.count(p.name)) continue;
        std::string what = "provider '" + p.name + "'";
        for (const auto* f : {&p.token, &p.model, &p.base_url, &p.version, &p.project_id, &p.location,
                              &p.credentials_path, &p.auth_type, &p.secret})
          names.Check(*f, p.loc, what);
        for (const auto& h : p.headers) names.Check(h.second, p.loc, what + " header '" + h.first + "'");
      }
      for (const auto& s : unit.servers) {
        if (!used_servers.count(s.name)) continue;
        std::string what = "server '" + s.name + "'";
        for (const auto* f : {&s.command, &s.url, &s.cwd, &s.working_dir, &s.shell}) names.Check(*f, s.loc, what);
        for (const auto& a : s.args) names.Check(a, s.loc, what + " args");
        for (const auto& e : s.env) names.Check(e.second, s.loc, what + " env '" + e.first + "'");
        for (const auto& h : s.headers) names.Check(h.second, s.loc, what + " header '" + h.first + "'");
      }
      for (const auto& a : unit.agents) names.Check(a.system_prompt, a.loc, "agent '" + a.name + "' system_prompt");
    }
    for (const auto& s : pf.file->sessions) {
      std::set<std::string> extracted;
      for (const auto& t : s.tests) {
        names.Check(t.prompt, t.loc, "test '" + t.name + "' prompt", extracted);
        for (const auto& ex : t.extractors) extracted.insert(ex.variable_name);
        CheckAssertionTemplates(t.assertions, names, extracted);
      }
    }
  }
  return out;
}

}  // namespace ab::runner
