#include "agent/tool_set.h"

#include <algorithm>
#include <set>

#include "base/time.h"

namespace ab::agent {
namespace {

bool Allows(const std::optional<std::vector<std::string>>& allowed, const std::string& name) {
  if (!allowed) return true;
  return std::find(allowed->begin(), allowed->end(), name) != allowed->end();
}

bool AllowsAll(const std::vector<std::vector<std::string>>& filters, const std::string& name) {
  for (const auto& f : filters)
    if (std::find(f.begin(), f.end(), name) == f.end()) return false;
  return true;
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

std::shared_ptr<const ToolSet::Data> ToolSet::Build(std::shared_ptr<Data> data, Notes* notes) {
  data->order.clear();
  data->tools.clear();
  for (const Server& server : data->servers) {
    for (const auto& t : server.tools) {
      if (!Allows(server.allowed, t.name) || !AllowsAll(data->filters, t.name)) continue;
      if (t.task_only()) {
        if (notes)
          notes->emplace_back(server.name, "tool '" + t.name + "' of server '" + server.name +
                                               "' is not offered to the model: it can only be called as a task "
                                               "(execution.taskSupport \"required\"), and the server has "
                                               "`tasks: off`");
        continue;
      }
      if (auto it = data->tools.find(t.name); it != data->tools.end()) {
        if (notes)
          notes->emplace_back(server.name, "tool '" + t.name + "' of server '" + server.name +
                                               "' is hidden by server '" + it->second.server +
                                               "', which offers a tool of the same name");
        continue;
      }
      data->order.push_back(t.name);
      data->tools[t.name] = BoundTool{server.name, server.connection, t};
    }
  }
  return Seal(std::move(data));
}

void ToolSet::AddServer(const std::string& server_name, mcp::ServerConnection* connection,
                        const std::vector<mcp::ToolInfo>& tools, const std::optional<std::vector<std::string>>& allowed,
                        std::vector<std::string>* warnings) {
  // Copy on write: other copies of this set keep the old tools and list.
  auto data = data_ ? std::make_shared<Data>(*data_) : std::make_shared<Data>();
  data->servers.push_back(
      Server{server_name, connection, allowed, tools, connection ? connection->tools_listed_at() : 0});
  // Notes on earlier servers were reported when they were added.
  Notes notes;
  data_ = Build(std::move(data), &notes);
  if (warnings)
    for (auto& [server, note] : notes)
      if (server == server_name) warnings->push_back(std::move(note));
}

ToolSet ToolSet::Filtered(const std::optional<std::vector<std::string>>& allowed) const {
  if (!allowed || !data_) return *this;
  auto data = std::make_shared<Data>(*data_);
  data->filters.push_back(*allowed);
  ToolSet out;
  if (std::all_of(data_->order.begin(), data_->order.end(), [&](const std::string& n) { return Allows(allowed, n); })) {
    // Same tools: keep the list (a copy shares its serialization cache); remember the filter for later changes.
    out.data_ = std::move(data);
    return out;
  }
  out.data_ = Build(std::move(data), nullptr);
  return out;
}

std::optional<ToolSet> ToolSet::Refreshed(int iteration, std::vector<ToolListChange>* changes) const {
  if (!data_) return std::nullopt;
  std::shared_ptr<Data> data;
  std::vector<ToolListChange> found;
  for (size_t i = 0; i < data_->servers.size(); ++i) {
    const Server& old = data_->servers[i];
    if (!old.connection || old.connection->tools_changes() == old.listed_at) continue;
    if (!data) data = std::make_shared<Data>(*data_);
    Server& server = data->servers[i];
    auto tools = old.connection->ListTools();
    // Marked as seen even when listing failed: the old tools stay offered and the next notification retries.
    server.listed_at = old.connection->tools_listed_at();
    if (server.listed_at == old.listed_at) server.listed_at = old.connection->tools_changes();
    ToolListChange change;
    change.iteration = iteration;
    change.at_ms = NowMs();
    change.server = server.name;
    if (tools) server.tools = std::move(*tools);
    else change.error = tools.error().message;
    found.push_back(std::move(change));
  }
  if (!data) return std::nullopt;
  ToolSet out;
  Notes notes;
  out.data_ = Build(std::move(data), &notes);
  // Per server: which of its offered tools appeared or went away.
  for (auto& change : found) {
    std::set<std::string> before, after;
    for (const auto& [name, bound] : data_->tools)
      if (bound.server == change.server) before.insert(name);
    for (const auto& [name, bound] : out.data_->tools)
      if (bound.server == change.server) after.insert(name);
    for (const auto& name : out.data_->order)
      if (after.count(name) && !before.count(name)) change.added.push_back(name);
    for (const auto& name : data_->order)
      if (before.count(name) && !after.count(name)) change.removed.push_back(name);
    for (const auto& [server, note] : notes)
      if (server == change.server) change.notes.push_back(note);
    if (changes && (!change.added.empty() || !change.removed.empty() || !change.error.empty()))
      changes->push_back(std::move(change));
  }
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

std::vector<ServerProtocol> ToolSet::TakeProtocols() const {
  std::vector<ServerProtocol> out;
  if (!data_) return out;
  for (const Server& server : data_->servers) {
    if (server.connection == nullptr) continue;
    out.push_back(server.connection->protocol());
    server.connection->TakeExchanges(&out.back());
  }
  return out;
}

std::vector<std::string> ToolSet::Names() const { return data_ ? data_->order : std::vector<std::string>{}; }

}  // namespace ab::agent
