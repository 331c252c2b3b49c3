#include "agent/tool_set.h"

#include <algorithm>

namespace ab::agent {
namespace {

bool Allows(const std::optional<std::vector<std::string>>& allowed, const std::string& name) {
  if (!allowed) return true;
  return std::find(allowed->begin(), allowed->end(), name) != allowed->end();
}

}  // namespace

void ToolSet::AddServer(const std::string& server_name, mcp::ServerConnection* connection,
                        const std::vector<mcp::ToolInfo>& tools,
                        const std::optional<std::vector<std::string>>& allowed,
                        std::vector<std::string>* collisions) {
  for (const auto& t : tools) {
    if (!Allows(allowed, t.name)) continue;
    if (tools_.count(t.name)) {
      if (collisions)
        collisions->push_back("tool '" + t.name + "' of server '" + server_name + "' is hidden by server '" +
                              tools_[t.name].server + "', which offers a tool of the same name");
      continue;
    }
    order_.push_back(t.name);
    tools_[t.name] = BoundTool{server_name, connection, t};
  }
}

ToolSet ToolSet::Filtered(const std::optional<std::vector<std::string>>& allowed) const {
  if (!allowed) return *this;
  ToolSet out;
  for (const auto& name : order_) {
    if (!Allows(allowed, name)) continue;
    out.order_.push_back(name);
    out.tools_[name] = tools_.at(name);
  }
  return out;
}

const BoundTool* ToolSet::Find(const std::string& name) const {
  auto it = tools_.find(name);
  return it == tools_.end() ? nullptr : &it->second;
}

std::vector<llm::ToolSpec> ToolSet::Specs() const {
  std::vector<llm::ToolSpec> out;
  out.reserve(order_.size());
  for (const auto& name : order_) {
    const auto& t = tools_.at(name).info;
    out.push_back(llm::ToolSpec{t.name, t.description, t.input_schema});
  }
  return out;
}

std::vector<std::string> ToolSet::Names() const { return order_; }

}  // namespace ab::agent
