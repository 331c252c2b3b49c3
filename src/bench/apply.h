// Applies one bench config and one variant to freshly loaded runner units: every agent gets the config's provider
// (a copy of the named or inline provider with the config's overrides) and every file gets the variant's
// variables. Units are reloaded for each planned run, so these edit them in place.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "bench/configs.h"
#include "config/model.h"
#include "runner/plan.h"

namespace ab::bench {

/// |inline_provider| (already read by the test file's own provider parser, config/bench_spec.h) as a provider
/// named |name|. A relative mock_script or credentials_path is made absolute against |configs_dir| (the configs
/// file's directory). kConfig, at the first problem's file:line:col, when the parser found it wrong (a required
/// key of its type missing, a value out of range ...).
Result<config::Provider> InlineToProvider(const InlineProvider& inline_provider, const std::string& name,
                                          const std::string& configs_dir);

/// Gives every agent of |unit| the provider of |config|: a copy of the unit's provider |config.provider_ref| (or
/// of the inline provider) with model, temperature, max_tokens and seed overridden when set, named after the
/// config (with an "@bench" suffix when the unit already has another provider of that name). kConfig, at the
/// config's location with a did-you-mean, when the referenced provider is not defined.
[[nodiscard]] Status ApplyConfig(const BenchConfig& config, const std::string& configs_dir, runner::Unit& unit);

/// Sets the variables of |variant| in every planned file of |unit|, replacing a file's variable of the same
/// name and adding the others.
void ApplyVariant(const Variant& variant, runner::Unit& unit);

/// A test one agent will run: the runner's TestRun::Key() and the agent's name.
struct ExpectedTest {
  std::string test_key;  ///< file/session/test
  std::string agent;
};

/// Every (test, agent) a run of |unit| should produce, in declaration order, so a run that produced less can be
/// completed with error records.
std::vector<ExpectedTest> ExpectedTests(const runner::Unit& unit);

}  // namespace ab::bench
