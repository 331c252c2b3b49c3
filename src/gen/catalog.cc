#include "gen/catalog.h"

#include "base/json_dump.h"
#include "base/strings.h"

namespace ab::gen {

Result<ToolCatalog> ToolCatalog::From(const agent::ToolSet& set, const std::optional<std::vector<std::string>>& only) {
  ToolCatalog c;
  const std::vector<std::string> names = set.Names();
  if (only) {
    for (const auto& n : *only) {
      const agent::BoundTool* t = set.Find(n);
      if (!t)
        return Error(ErrorCode::kConfig,
                     "generator.tools names '" + n + "', which no server of the agent offers" + DidYouMean(n, names));
      c.tools_.push_back(t->info);
    }
  } else {
    for (const auto& n : names)
      if (const agent::BoundTool* t = set.Find(n)) c.tools_.push_back(t->info);
  }
  if (c.tools_.empty()) return Error(ErrorCode::kConfig, "the agent's servers offer no tools to write tests for");
  return c;
}

const mcp::ToolInfo* ToolCatalog::Find(const std::string& name) const {
  for (const auto& t : tools_)
    if (t.name == name) return &t;
  return nullptr;
}

std::vector<std::string> ToolCatalog::Names() const {
  std::vector<std::string> out;
  for (const auto& t : tools_) out.push_back(t.name);
  return out;
}

std::string ToolCatalog::Describe() const {
  std::string out;
  for (const auto& t : tools_) {
    out += "- " + t.name + ": " + Truncate(t.description, 1000) +
           "\n  input schema: " + Truncate(DumpJson(t.input_schema), 4000) + "\n";
  }
  return out;
}

std::string ToolCatalog::Check(const std::string& name, const std::string& where) const {
  if (Find(name)) return "";
  return where + ": there is no tool '" + name + "'" + DidYouMean(name, Names()) +
         " (the tools are: " + Join(Names(), ", ") + ")";
}

std::string ToolCatalog::CheckParams(const std::string& tool, const Json& params, const std::string& where) const {
  const mcp::ToolInfo* t = Find(tool);
  if (!t) return "";
  if (!params.is_object()) return where + ": 'params' must be an object of parameter name to value";
  const Json& schema = t->input_schema;
  if (!schema.is_object() || !schema.contains("properties") || !schema["properties"].is_object()) return "";
  std::vector<std::string> declared;
  for (auto it = schema["properties"].begin(); it != schema["properties"].end(); ++it) declared.push_back(it.key());
  for (auto it = params.begin(); it != params.end(); ++it) {
    if (std::find(declared.begin(), declared.end(), it.key()) == declared.end())
      return where + ": tool '" + tool + "' has no parameter '" + it.key() + "'" + DidYouMean(it.key(), declared) +
             (declared.empty() ? " (it takes none)" : " (it takes: " + Join(declared, ", ") + ")");
  }
  return "";
}

}  // namespace ab::gen
