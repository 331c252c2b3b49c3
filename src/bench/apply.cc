#include "bench/apply.h"

#include <filesystem>

#include "base/path.h"
#include "base/strings.h"

namespace ab::bench {
namespace {

std::string AbsoluteAgainst(const std::string& path, const std::string& dir) {
  if (path.empty() || dir.empty() || path.find("{{") != std::string::npos) return path;
  if (std::filesystem::path(path).is_absolute()) return path;
  return ResolvePathNormalized(dir, path);
}

void Override(const BenchConfig& config, config::Provider& p) {
  if (config.model) p.model = *config.model;
  if (config.temperature) p.temperature = *config.temperature;
  if (config.max_tokens) p.max_tokens = *config.max_tokens;
  if (config.seed) p.seed = *config.seed;
}

}  // namespace

Result<config::Provider> InlineToProvider(const InlineProvider& inline_provider, const std::string& name,
                                          const std::string& configs_dir) {
  // The provider was read from the configs file's own YAML node by the test file's provider parser
  // (config/bench_spec.cc); what that parser found wrong is reported here, where the config is used.
  std::string problems;
  SourceLoc first = inline_provider.loc;
  for (const Diagnostic& d : inline_provider.problems) {
    if (d.severity != Severity::kError) continue;
    if (problems.empty() && d.loc.known()) first = d.loc;  // the first problem's own key or value
    problems += (problems.empty() ? "" : "; ") + d.message;
  }
  if (!problems.empty()) {
    Error e(ErrorCode::kConfig, "inline provider of config '" + name + "': " + problems);
    e.loc = first;
    return e;
  }
  config::Provider p = inline_provider.provider;
  p.name = name;
  p.mock_script = AbsoluteAgainst(p.mock_script, configs_dir);
  p.credentials_path = AbsoluteAgainst(p.credentials_path, configs_dir);
  p.loc = inline_provider.loc;
  return p;
}

Status ApplyConfig(const BenchConfig& config, const std::string& configs_dir, runner::Unit& unit) {
  config::Provider provider;
  if (config.inline_provider) {
    Result<config::Provider> made = InlineToProvider(*config.inline_provider, config.name, configs_dir);
    if (!made) return made.error();
    provider = std::move(*made);
  } else {
    const config::Provider* base = unit.FindProvider(config.provider_ref);
    if (!base) {
      std::vector<std::string> names;
      for (const auto& p : unit.providers) names.push_back(p.name);
      Error e(ErrorCode::kConfig, "config '" + config.name + "': provider '" + config.provider_ref +
                                      "' is not defined in " + unit.label + DidYouMean(config.provider_ref, names));
      e.loc = config.loc;
      return e;
    }
    provider = *base;
  }
  Override(config, provider);
  // The provider is named after the config so reports and {{PROVIDER_NAME}} say which config ran; a clash with
  // another provider of the unit (a judge, say) must not redirect that one.
  std::string name = config.name;
  const config::Provider* clash = unit.FindProvider(name);
  if (clash && !(config.provider_ref == name && !config.inline_provider)) name += "@bench";
  provider.name = name;
  bool replaced = false;
  for (auto& p : unit.providers) {
    if (p.name == name) {
      p = provider;
      replaced = true;
    }
  }
  if (!replaced) unit.providers.push_back(provider);
  for (auto& agent : unit.agents) agent.provider = name;
  return Status::Ok();
}

void ApplyVariant(const Variant& variant, runner::Unit& unit) {
  for (auto& file : unit.files) {
    for (const auto& [name, value] : variant.variables) {
      bool found = false;
      for (auto& v : file.variables) {
        if (v.name == name) {
          v.value = value;
          found = true;
        }
      }
      if (!found) file.variables.push_back(config::Variable{name, value, variant.loc});
    }
  }
}

std::vector<ExpectedTest> ExpectedTests(const runner::Unit& unit) {
  std::vector<ExpectedTest> out;
  for (const auto& pf : unit.files) {
    for (const auto& session : pf.file->sessions) {
      for (const auto& test : session.tests) {
        std::string key = pf.file->path + "/" + session.name + "/" + test.name;
        for (const auto& agent : unit.agents) {
          if (!test.agent.empty() && test.agent != agent.name) continue;
          out.push_back(ExpectedTest{key, agent.name});
        }
      }
    }
  }
  return out;
}

}  // namespace ab::bench
