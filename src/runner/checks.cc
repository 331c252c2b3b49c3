#include "runner/checks.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "assert/engine.h"
#include "base/path.h"
#include "base/sibling.h"
#include "base/strings.h"
#include "llm/mock_script.h"
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

bool IsEnvironmentStyle(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

bool IsNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

// The lines of the files diagnostics point into, read once, to place a diagnostic on the {{name}} itself.
class SourceLines {
 public:
  // Where |name| is read inside a {{...}} at or after |near| (the test, provider, variable ... that holds the
  // template), within the next kWindow lines; |near| itself when it cannot be found.
  SourceLoc Locate(const SourceLoc& near, const std::string& name) {
    if (!near.known() || near.file.empty()) return near;
    const std::vector<std::string>& lines = Lines(near.file);
    constexpr int kWindow = 400;
    for (int i = near.line - 1; i >= 0 && i < static_cast<int>(lines.size()) && i < near.line - 1 + kWindow; ++i) {
      const std::string& line = lines[static_cast<size_t>(i)];
      for (size_t open = line.find("{{"); open != std::string::npos; open = line.find("{{", open + 2)) {
        size_t close = line.find("}}", open + 2);
        if (close == std::string::npos) close = line.size();
        for (size_t at = line.find(name, open + 2); at != std::string::npos && at < close;
             at = line.find(name, at + 1)) {
          bool starts = !IsNameChar(line[at - 1]);
          bool ends = at + name.size() >= line.size() || !IsNameChar(line[at + name.size()]);
          if (starts && ends) return SourceLoc{near.file, i + 1, static_cast<int>(at) + 1};
        }
      }
    }
    return near;
  }

  // Where `key:` is written at or after |near|, within the next 100 lines; |near| when not found.
  SourceLoc LocateKey(const SourceLoc& near, const std::string& key) {
    if (!near.known() || near.file.empty()) return near;
    const std::vector<std::string>& lines = Lines(near.file);
    for (int i = near.line - 1; i >= 0 && i < static_cast<int>(lines.size()) && i < near.line + 100; ++i) {
      const std::string& line = lines[static_cast<size_t>(i)];
      size_t at = line.find(key + ":");
      if (at != std::string::npos && (at == 0 || !IsNameChar(line[at - 1])))
        return SourceLoc{near.file, i + 1, static_cast<int>(at) + 1};
    }
    return near;
  }

 private:
  const std::vector<std::string>& Lines(const std::string& file) {
    auto it = files_.find(file);
    if (it != files_.end()) return it->second;
    std::vector<std::string>& lines = files_[file];
    std::error_code ec;
    constexpr std::uintmax_t kMaxBytes = 16u << 20;  // the loaders refuse larger files anyway
    if (std::filesystem::file_size(file, ec) > kMaxBytes || ec) return lines;
    std::ifstream in(file, std::ios::binary);
    for (std::string line; std::getline(in, line);) lines.push_back(std::move(line));
    return lines;
  }
  std::map<std::string, std::vector<std::string>> files_;
};

class NameChecker {
 public:
  NameChecker(std::set<std::string> known, NameMode mode, SourceLines& lines, Diagnostics& out)
      : known_(std::move(known)), mode_(mode), lines_(lines), out_(out) {}
  void Check(const std::string& tpl, const SourceLoc& loc, const std::string& what,
             const std::set<std::string>& extra = {}) {
    if (tpl.find("{{") == std::string::npos) return;
    for (const auto& name : tmpl::ReferencedNames(tpl)) {
      if (known_.count(name) || extra.count(name) || tmpl::GetEnv(name)) continue;
      std::vector<std::string> candidates(known_.begin(), known_.end());
      candidates.insert(candidates.end(), extra.begin(), extra.end());
      const std::string suggestion = DidYouMean(name, candidates);
      const SourceLoc at = lines_.Locate(loc, name);
      if (mode_ == NameMode::kValidate && suggestion.empty() && IsEnvironmentStyle(name)) {
        out_.push_back({Severity::kWarning, at,
                        what + ": '" + name +
                            "' is not set in this environment; the run needs it set (or a "
                            "variable of that name)"});
        continue;
      }
      out_.push_back({Severity::kError, at,
                      what + ": '" + name +
                          "' is not a variable, a set environment variable, a built-in or an extracted value" +
                          suggestion});
    }
  }

 private:
  std::set<std::string> known_;
  NameMode mode_;
  SourceLines& lines_;
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

// The providers and servers of the agents that run at least one test.
void UsedNames(const Unit& unit, std::set<std::string>& providers, std::set<std::string>& servers) {
  for (const auto& a : unit.agents) {
    bool has_tests = false;
    for (const auto& pf : unit.files)
      for (const auto& s : pf.file->sessions)
        for (const auto& t : s.tests) has_tests = has_tests || RunsOn(t, a.name);
    if (!has_tests) continue;
    providers.insert(a.provider);
    if (!a.clarification.judge_provider.empty() && a.clarification.judge_provider != "$self")
      providers.insert(a.clarification.judge_provider);
    for (const auto& s : a.servers) servers.insert(s.name);
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

Diagnostics CheckNames(const Unit& unit, NameMode mode) {
  Diagnostics out;
  std::set<std::string> used_providers, used_servers;
  UsedNames(unit, used_providers, used_servers);
  SourceLines lines;
  for (const auto& pf : unit.files) {
    std::set<std::string> known(Builtins().begin(), Builtins().end());
    for (const auto& v : pf.variables) known.insert(v.name);
    NameChecker names(known, mode, lines, out);
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

namespace {

// |path| as the run will open it: {{TEST_DIR}} replaced, relative paths against |base_dir|; nullopt when another
// template is left (rendered only when the run starts).
std::optional<std::filesystem::path> PathAtLoad(std::string path, const std::string& base_dir) {
  for (const char* builtin : {"{{TEST_DIR}}", "{{ TEST_DIR }}"}) {
    for (size_t at = path.find(builtin); at != std::string::npos; at = path.find(builtin))
      path.replace(at, std::string(builtin).size(), base_dir);
  }
  if (path.find("{{") != std::string::npos) return std::nullopt;
  return std::filesystem::path(ResolvePathNormalized(base_dir, path));
}

// ", did you mean 'x'?" among the regular files beside |missing| (the first 2000 entries of its folder).
std::string SiblingSuggestion(const std::filesystem::path& missing) {
  const std::string close = ClosestSibling(missing, SiblingKind::kFile, 2000);
  return close.empty() ? "" : ", did you mean '" + close + "'?";
}

// Empty when |path| is a readable regular file, else why not, as the end of a sentence.
std::string FileProblem(const std::filesystem::path& path, const std::string& written) {
  std::error_code ec;
  auto st = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(st))
    return "there is no file '" + written + "' (looked for " + path.string() + ")" + SiblingSuggestion(path);
  if (!std::filesystem::is_regular_file(st)) return "'" + written + "' (" + path.string() + ") is not a file";
  std::ifstream in(path, std::ios::binary);
  if (!in) return "'" + written + "' (" + path.string() + ") cannot be read";
  return "";
}

}  // namespace

Diagnostics CheckFiles(const Unit& unit, bool only_used, bool credentials) {
  Diagnostics out;
  std::set<std::string> used_providers, used_servers;
  UsedNames(unit, used_providers, used_servers);
  // The run resolves provider files against the first test file's folder (runner/executor.cc).
  std::string base_dir = !unit.files.empty() ? unit.files.front().file->dir : std::string();
  if (base_dir.empty() && unit.suite) base_dir = unit.suite->dir;
  SourceLines lines;
  for (const auto& p : unit.providers) {
    if (only_used && !used_providers.count(p.name)) continue;
    const std::string what = "provider '" + p.name + "'";
    if (!p.mock_script.empty()) {
      if (auto path = PathAtLoad(p.mock_script, base_dir)) {
        const SourceLoc at = lines.LocateKey(p.loc, "mock_script");
        if (std::string problem = FileProblem(*path, p.mock_script); !problem.empty()) {
          out.push_back({Severity::kError, at, what + " mock_script: " + problem});
        } else if (Result<llm::MockScript> script = llm::LoadMockScript(path->string()); !script) {
          out.push_back(
              {Severity::kError, at,
               what + " mock_script '" + p.mock_script + "' is not a valid mock script: " + script.error().ToString()});
        }
      }
    }
    if (credentials && !p.credentials_path.empty()) {
      if (auto path = PathAtLoad(p.credentials_path, base_dir)) {
        if (std::string problem = FileProblem(*path, p.credentials_path); !problem.empty())
          // validate warns: like secrets in the environment, key files are often put only where tests run.
          out.push_back({only_used ? Severity::kError : Severity::kWarning, lines.LocateKey(p.loc, "credentials_path"),
                         what + " credentials_path: " + problem});
      }
    }
  }
  return out;
}

}  // namespace ab::runner
