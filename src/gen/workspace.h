// What the generator and the explorer work with: a loaded config file (the reference's -g/-e files: providers,
// servers, agents plus a `generator:` or `explorer:` section), the chosen agent's provider and its running MCP
// servers with their tools. Providers are made as for a run, so --record/--replay and pricing apply to every
// model call made through provider().
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "agent/tool_set.h"
#include "base/result.h"
#include "config/model.h"
#include "llm/provider.h"
#include "runner/agent_runtime.h"
#include "runner/load.h"

namespace ab::gen {

struct WorkspaceOptions {
  std::string record_dir;
  std::string replay_dir;
  std::optional<unsigned long long> seed;
  const std::atomic<bool>* cancel = nullptr;
};

class Workspace {
 public:
  /// Loads |path| and prints its diagnostics to |err|; kConfig when it has errors. Nothing is started yet.
  static Result<std::unique_ptr<Workspace>> Load(const std::string& path, std::ostream& err);
  ~Workspace();

  /// Starts |agent_name|'s provider and servers (the first agent when empty) and lists their tools. kUnavailable
  /// with the reason when a server or the provider cannot start.
  Status Start(const std::string& agent_name, const WorkspaceOptions& options);

  const config::TestFile& file() const { return *unit().files.front().file; }
  const runner::Unit& unit() const { return loaded_.units.front(); }
  const config::EffectiveSettings& settings() const { return unit().files.front().settings; }
  const config::Agent& agent() const { return runtime_->agent(); }
  llm::Provider& provider() const { return *runtime_->provider(); }
  /// The provider named |name| of the file (for an ai_summary judge); an error when it cannot be made.
  Result<llm::Provider*> ProviderNamed(const std::string& name) { return pool_->Get(name); }
  agent::ToolSet Tools() const { return runtime_->Tools(); }
  const std::string& path() const { return path_; }

 private:
  Workspace() = default;
  std::string path_;
  runner::LoadedUnits loaded_;
  std::unique_ptr<runner::ProviderPool> pool_;
  std::unique_ptr<runner::AgentRuntime> runtime_;
};

}  // namespace ab::gen
