// A fake MCP server connection for unit tests: a fixed tool list, handlers per tool, and a record of calls.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "mcp/server.h"

namespace ab::fakes {

class FakeServer : public mcp::ServerConnection {
 public:
  using Handler = std::function<Result<ToolResult>(const Json& args, Millis timeout)>;

  explicit FakeServer(std::string name) : name_(std::move(name)) {}

  /// Adds a tool answering with |handler| (default: text "ok:<name>").
  void AddTool(const std::string& tool, Handler handler = nullptr, Json schema = Json{{"type", "object"}}) {
    tools_.push_back(mcp::ToolInfo{tool, "", "fake tool " + tool, std::move(schema), nullptr, nullptr});
    handlers_[tool] =
        handler ? handler : [tool](const Json&, Millis) -> Result<ToolResult> { return TextResult("ok:" + tool); };
  }
  static ToolResult TextResult(const std::string& text, bool is_error = false) {
    ToolResult r;
    r.content.push_back(ContentBlock{"text", text, "", "", "", "", Json{{"type", "text"}, {"text", text}}});
    r.is_error = is_error;
    return r;
  }

  const std::string& name() const override { return name_; }
  Result<std::vector<mcp::ToolInfo>> ListTools() override { return tools_; }
  Result<ToolResult> CallTool(const std::string& tool, const Json& args, Millis timeout,
                              const std::atomic<bool>*) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      calls.push_back({tool, args});
    }
    auto it = handlers_.find(tool);
    if (it == handlers_.end()) return Error(ErrorCode::kRpcError, "JSON-RPC error -32602: unknown tool " + tool);
    return it->second(args, timeout);
  }
  bool alive() const override { return alive_; }
  std::string StderrTail() const override { return ""; }
  void Close() override { alive_ = false; }

  std::vector<std::pair<std::string, Json>> calls;

 private:
  std::string name_;
  std::vector<mcp::ToolInfo> tools_;
  std::map<std::string, Handler> handlers_;
  bool alive_ = true;
  std::mutex mu_;
};

}  // namespace ab::fakes
