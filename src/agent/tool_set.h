// The tools one agent offers the model in one test: gathered from the agent's MCP servers, filtered by the
// agent's, session's and test's allowed_tools, each bound to the server that owns it.
// Not thread-safe to build; read-only (and so shareable) once built.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "llm/chat.h"
#include "mcp/server.h"

namespace ab::agent {

struct BoundTool {
  std::string server;
  mcp::ServerConnection* connection = nullptr;  ///< not owned; outlives the ToolSet
  mcp::ToolInfo info;
};

class ToolSet {
 public:
  /// Adds every tool of |server_name| that |allowed| permits (all when empty). A name already present (from an
  /// earlier server) is skipped and reported in |collisions|: the first server wins.
  void AddServer(const std::string& server_name, mcp::ServerConnection* connection,
                 const std::vector<mcp::ToolInfo>& tools, const std::optional<std::vector<std::string>>& allowed,
                 std::vector<std::string>* collisions);
  /// A copy keeping only the tools whose names are in |allowed| (no-op when |allowed| is empty).
  ToolSet Filtered(const std::optional<std::vector<std::string>>& allowed) const;

  const BoundTool* Find(const std::string& name) const;
  /// Tool specs for the model, in the order the servers listed them.
  std::vector<llm::ToolSpec> Specs() const;
  std::vector<std::string> Names() const;
  size_t size() const { return order_.size(); }

 private:
  std::vector<std::string> order_;
  std::map<std::string, BoundTool> tools_;
};

}  // namespace ab::agent
