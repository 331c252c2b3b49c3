// The tools one agent offers the model in one test: gathered from the agent's MCP servers, filtered by the
// agent's, session's and test's allowed_tools, each bound to the server that owns it.
// Not thread-safe to build; read-only (and so shareable) once built. Copies share the built tools (a copy is a
// pointer copy), including the model-facing list whose serialized form each dialect caches (llm::ToolList):
// a session's tests and turns reuse it, and any change (AddServer, a narrower Filtered, Refreshed) makes a new
// list. A set remembers its servers and filters, so when a server announces a new tool list (list_changed) the
// agent loop rebuilds the set from the new list with the same filters.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/transcript.h"
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
  /// Adds every tool of |server_name| that |allowed| permits (all when empty). Reported in |warnings| and not
  /// offered: a name already present from an earlier server (the first server wins), and a tool that can only
  /// be called as a task (execution.taskSupport "required"; "optional" tools are offered as usual).
  void AddServer(const std::string& server_name, mcp::ServerConnection* connection,
                 const std::vector<mcp::ToolInfo>& tools, const std::optional<std::vector<std::string>>& allowed,
                 std::vector<std::string>* warnings);
  /// The tools whose names are in |allowed|; the same list (sharing its cache) when |allowed| is empty or
  /// keeps every tool. The filter is remembered and applies to tools a server adds later.
  ToolSet Filtered(const std::optional<std::vector<std::string>>& allowed) const;
  /// When a server sent notifications/tools/list_changed since its tools were listed for this set, lists them
  /// again and returns the rebuilt set (same servers, same filters); std::nullopt when no server changed.
  /// Each server whose offered tools differ (or whose new listing failed: its old tools stay) adds an entry to
  /// |changes| with |iteration|.
  std::optional<ToolSet> Refreshed(int iteration, std::vector<ToolListChange>* changes) const;

  const BoundTool* Find(const std::string& name) const;
  /// Tool specs for the model, in the order the servers listed them. Equal sets share one list and its cache.
  const llm::ToolList& Specs() const;
  std::vector<std::string> Names() const;
  /// The per-test record of each of the set's servers, in server order: the protocol it speaks (era and version)
  /// and the requests it made outside tool calls since the last take, which this hands out and clears (see
  /// mcp::ServerConnection::TakeExchanges): call it once, at the end of a test.
  std::vector<ServerProtocol> TakeProtocols() const;
  /// Name -> input schema of every tool, one tree shared by every transcript that records it.
  const SharedJson& Schemas() const;
  size_t size() const { return data_ ? data_->order.size() : 0; }

 private:
  struct Server {
    std::string name;
    mcp::ServerConnection* connection = nullptr;
    std::optional<std::vector<std::string>> allowed;
    std::vector<mcp::ToolInfo> tools;  // as listed, before any filter
    uint64_t listed_at = 0;            // connection->tools_listed_at() of |tools|
  };
  struct Data {
    std::vector<Server> servers;
    std::vector<std::vector<std::string>> filters;  // agent, session, test allowed_tools, in order
    std::vector<std::string> order;
    std::map<std::string, BoundTool> tools;
    llm::ToolList specs;
    SharedJson schemas;  // name -> input schema, what transcripts record
  };
  using Notes = std::vector<std::pair<std::string, std::string>>;  // (server, what was left out and why)
  /// Computes order/tools from servers and filters, then the specs and schemas.
  static std::shared_ptr<const Data> Build(std::shared_ptr<Data> data, Notes* notes);
  static std::shared_ptr<const Data> Seal(std::shared_ptr<Data> data);
  std::shared_ptr<const Data> data_;
};

}  // namespace ab::agent
