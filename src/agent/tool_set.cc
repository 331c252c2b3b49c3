#include "agent/tool_set.h"

#include <algorithm>

namespace ab::agent {
namespace {

bool Allows(const std::optional<std::vector<std::string>>& allowed, const std::string& name) {
  if (!allowed) return true;
  return std::find(allowed->begin(), allowed->end(), name) != allowed->end();
}

}  // namespace

std::shared_ptr<const ToolSet::Data> ToolSet::Seal(std::shared_ptr<Data> data) {
  std::vector<llm::ToolSpec> specs;
  Json schemas = Json::object();
  specs.reserve(data->order.size());
  for (const auto& name : data->order) {
    const auto& t = data->tools.at(name).info;
    specs.push_back(llm::ToolSpec{t.name, t.description, t.input_schema});
    schemas[t.name] = t.input_schema;
  }
  data->schemas = SharedJson(std::move(schemas));
  data->specs = llm::ToolList(std::move(specs));
  return data;
}

void ToolSet::AddServer(const std::string& server_name, mcp::ServerConnection* connection,
                        const std::vector<mcp::ToolInfo>& tools,
                        const std::optional<std::vector<std::string>>& allowed,
                        std::vector<std::string>* collisions) {
  // Copy on write: other copies of this set keep the old tools and list.
  auto data = data_ ? std::make_shared<Data>(*data_) : std::make_shared<Data>();
  for (const auto& t : tools) {
    if (!Allows(allowed, t.name)) continue;
    if (auto it = data->tools.find(t.name); it != data->tools.end()) {
      if (collisions)
        collisions->push_back("tool '" + t.name + "' of server '" + server_name + "' is hidden by server '" +
                              it->second.server + "', which offers a tool of the same name");
      continue;
    }
    data->order.push_back(t.name);
    data->tools[t.name] = BoundTool{server_name, connection, t};
  }
  data_ = Seal(std::move(data));
}

ToolSet ToolSet::Filtered(const std::optional<std::vector<std::string>>& allowed) const {
  if (!allowed || !data_) return *this;
  if (std::all_of(data_->order.begin(), data_->order.end(), [&](const std::string& n) { return Allows(allowed, n); }))
    return *this;
  auto data = std::make_shared<Data>();
  for (const auto& name : data_->order) {
    if (!Allows(allowed, name)) continue;
    data->order.push_back(name);
    data->tools[name] = data_->tools.at(name);
  }
  ToolSet out;
  out.data_ = Seal(std::move(data));
  return out;
}

const BoundTool* ToolSet::Find(const std::string& name) const {
  if (!data_) return nullptr;
  auto it = data_->tools.find(name);
  return it == data_->tools.end() ? nullptr : &it->second;
}

const llm::ToolList& ToolSet::Specs() const {
  static const llm::ToolList kNone;
  return data_ ? data_->specs : kNone;
}

const SharedJson& ToolSet::Schemas() const {
  static const SharedJson kNone;
  return data_ ? data_->schemas : kNone;
}

std::vector<std::string> ToolSet::Names() const { return data_ ? data_->order : std::vector<std::string>{}; }

}  // namespace ab::agent
