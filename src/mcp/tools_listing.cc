#include "mcp/tools_listing.h"

#include "base/json_dump.h"
#include "base/redact.h"
#include "base/strings.h"

namespace ab::mcp {

int ListToolsCommand(const std::vector<config::Server>& servers, const std::string& only_server, bool json,
                     const ConnectOptions& options, std::ostream& out, std::ostream& err) {
  std::vector<const config::Server*> selected;
  std::vector<std::string> names;
  for (const auto& server : servers) {
    names.push_back(server.name);
    if (only_server.empty() || server.name == only_server) selected.push_back(&server);
  }
  if (!only_server.empty() && selected.empty()) {
    err << "error: no server named '" << only_server << "'" << DidYouMean(only_server, names) << "\n";
    return 2;
  }
  int exit_code = 0;
  Json document = {{"servers", Json::array()}};
  for (const config::Server* server : selected) {
    Json entry = {{"name", server->name}, {"type", server->type}};
    auto connection = Connect(*server, options);
    Result<std::vector<ToolInfo>> tools =
        connection ? (*connection)->ListTools() : Result<std::vector<ToolInfo>>(connection.error());
    if (connection) (*connection)->Close();
    if (!tools) {
      exit_code = 3;
      std::string message = Redact(tools.error().ToString());
      if (json) {
        entry["error"] = message;
        document["servers"].push_back(entry);
      } else {
        err << "error: " << message << "\n";
      }
      continue;
    }
    if (json) {
      entry["tools"] = Json::array();
      for (const ToolInfo& tool : *tools) {
        Json item = {{"name", tool.name}, {"description", tool.description}, {"inputSchema", tool.input_schema}};
        if (!tool.title.empty()) item["title"] = tool.title;
        if (!tool.output_schema.is_null()) item["outputSchema"] = tool.output_schema;
        if (!tool.task_support.empty()) item["execution"] = {{"taskSupport", tool.task_support}};
        if (tool.task_only()) item["offered"] = false;
        if (tool.called_as_task) item["calledAsTask"] = true;
        entry["tools"].push_back(item);
      }
      document["servers"].push_back(entry);
      continue;
    }
    out << server->name << " (" << (server->type.empty() ? "stdio" : server->type) << "): " << tools->size() << " tool"
        << (tools->size() == 1 ? "" : "s") << "\n";
    for (const ToolInfo& tool : *tools) {
      out << "  " << tool.name
          << (tool.task_only()      ? "  [task only: not offered to the model (tasks: off)]"
              : tool.called_as_task ? "  [task only: called as an MCP task and polled to its result]"
                                    : "")
          << "\n";
      if (!tool.description.empty()) {
        for (const std::string& line : Split(tool.description, '\n')) out << "      " << line << "\n";
      }
      out << "      input: " << DumpJson(tool.input_schema) << "\n";
    }
  }
  if (json) out << DumpJson(document, 2) << "\n";
  return exit_code;
}

}  // namespace ab::mcp
