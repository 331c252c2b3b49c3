// The tools a generated test may use: the agent's tools, narrowed by `generator.tools`, described for a prompt
// and looked up (with a did-you-mean) when a model's answer names one.
#pragma once

#include <string>
#include <vector>

#include "agent/tool_set.h"
#include "base/result.h"

namespace ab::gen {

class ToolCatalog {
 public:
  /// The tools of |set|; when |only| is set, just those (kConfig naming any that no server offers).
  static Result<ToolCatalog> From(const agent::ToolSet& set, const std::optional<std::vector<std::string>>& only);

  const mcp::ToolInfo* Find(const std::string& name) const;
  std::vector<std::string> Names() const;
  bool empty() const { return tools_.empty(); }
  /// One block per tool: name, description and input schema (each cut to a few KiB, so a server with huge
  /// schemas cannot blow up the prompt).
  std::string Describe() const;
  /// "" when |name| is a tool, else a sentence with a did-you-mean.
  std::string Check(const std::string& name, const std::string& where) const;
  /// "" when |params| (an object) only uses parameters the tool's schema declares, else a sentence.
  std::string CheckParams(const std::string& tool, const Json& params, const std::string& where) const;

 private:
  std::vector<mcp::ToolInfo> tools_;
};

}  // namespace ab::gen
