// The tools one agent offers the model in one test: gathered from the agent's MCP servers, filtered by the
// agent's, session's and test's allowed_tools, each bound to the server that owns it.
// Not thread-safe to build; read-only (and so shareable) once built. Copies share the built tools (a copy is a
// pointer copy), including the model-facing list whose serialized form each dialect caches (llm::ToolList):
// a session's tests and turns reuse it, and any change (AddServer, a narrower Filtered) makes a new list.
#pragma once

#include <map>
#include <memory>
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
  /// The tools whose names are in |allowed|; the same set (sharing its cached list) when |allowed| is empty or
  /// keeps every tool.
  ToolSet Filtered(const std::optional<std::vector<std::string>>& allowed) const;

  const BoundTool* Find(const std::string& name) const;
  /// Tool specs for the model, in the order the servers listed them. Equal sets share one list and its cache.
  const llm::ToolList& Specs() const;
  std::vector<std::string> Names() const;
  /// Name -> input schema of every tool, one tree shared by every transcript that records it.
  const SharedJson& Schemas() const;
  size_t size() const { return data_ ? data_->order.size() : 0; }

 private:
  struct Data {
    std::vector<std::string> order;
    std::map<std::string, BoundTool> tools;
    llm::ToolList specs;
    SharedJson schemas;  // name -> input schema, what transcripts record
  };
  static std::shared_ptr<const Data> Seal(std::shared_ptr<Data> data);
  std::shared_ptr<const Data> data_;
};

}  // namespace ab::agent
