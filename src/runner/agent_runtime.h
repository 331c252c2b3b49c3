// What one agent needs to run tests: its provider (shared with other agents using the same provider, so rate
// limits are shared), its own MCP server connections (never shared between agents), and the tools they offer.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "agent/clarification.h"
#include "agent/tool_set.h"
#include "config/model.h"
#include "llm/provider.h"
#include "mcp/server.h"
#include "runner/options.h"
#include "template/template.h"

namespace ab::runner {

struct ProviderSetup {
  std::string base_dir;
  std::string record_dir;
  std::string replay_dir;
  ProviderCache* cache = nullptr;  ///< when set, providers come from (and go to) this shared cache
};

/// Creates each provider once, on first use, and keeps it for the run. Thread-safe.
class ProviderPool {
 public:
  ProviderPool(std::vector<config::Provider> providers, tmpl::Context ctx, ProviderSetup setup);
  /// The provider named |name|; an error (cached) when it cannot be created.
  Result<llm::Provider*> Get(const std::string& name);
  const config::Provider* Find(const std::string& name) const;

 private:
  std::vector<config::Provider> providers_;
  tmpl::Context ctx_;
  ProviderSetup setup_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<llm::Provider>> made_;
  std::map<std::string, llm::Provider*> borrowed_;  ///< from the shared cache
  std::map<std::string, Error> failed_;
};

class AgentRuntime {
 public:
  AgentRuntime(const config::Agent& agent, std::vector<config::Server> rendered_servers,
               mcp::ConnectOptions connect_options);
  ~AgentRuntime();

  /// Connects every server of the agent and gathers its tools. On failure start_error() says why.
  void Start(ProviderPool& providers);
  /// Restarts servers that died since the last call (a crashed stdio server gets a fresh process for the next
  /// session); returns a note per restart. Safe while other sessions of this agent run.
  std::vector<std::string> RestartDeadServers();
  /// A snapshot of the agent-level tools (copied so a restart cannot pull a connection from under a session).
  agent::ToolSet Tools();
  void Close();
  /// Marks the agent as unable to start (e.g. a server definition did not render); Start() then does nothing.
  void Fail(std::string reason) { start_error_ = std::move(reason); }

  const config::Agent& agent() const { return agent_; }
  const std::string& start_error() const { return start_error_; }
  llm::Provider* provider() const { return provider_; }
  const config::Provider* provider_config() const { return provider_config_; }
  const agent::ClarificationDetector* clarifier() const { return clarifier_.get(); }
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  Status Connect(size_t index);
  void RebuildTools();

  const config::Agent& agent_;
  std::vector<config::Server> servers_;
  mcp::ConnectOptions connect_options_;
  std::mutex mu_;
  std::vector<std::unique_ptr<mcp::ServerConnection>> connections_;
  std::vector<std::unique_ptr<mcp::ServerConnection>> retired_;  ///< dead connections kept until Close()
  std::vector<std::vector<mcp::ToolInfo>> tool_lists_;
  agent::ToolSet tools_;
  llm::Provider* provider_ = nullptr;
  const config::Provider* provider_config_ = nullptr;
  std::unique_ptr<agent::ClarificationDetector> clarifier_;
  std::string start_error_;
  std::vector<std::string> warnings_;
};

}  // namespace ab::runner
