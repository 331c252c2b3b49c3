// Agent Skills at run time: the system prompt a skill adds, and the built-in tools that serve it, presented as
// one in-process "server" (named "skills") so tool calls go through the same path as MCP calls and appear in the
// transcript like them: every tool assertion works on them.
//   - the reference's single skill (`skill:`): its body goes first in the system prompt; when its references/
//     folder has files, list_skill_references {} and read_skill_reference {filename} are offered;
//   - ours, `skills:` (progressive disclosure): only each skill's name and description go in the system prompt,
//     and load_skill {name} returns a body when the model chooses that skill.
// read_skill_reference refuses absolute paths, "..", anything that resolves (through symbolic links) outside
// references/, and reads at most kMaxReferenceBytes.
#pragma once

#include <string>
#include <vector>

#include "config/model.h"
#include "mcp/server.h"

namespace ab::agent {

inline constexpr const char* kSkillServerName = "skills";
inline constexpr const char* kListSkillReferences = "list_skill_references";
inline constexpr const char* kReadSkillReference = "read_skill_reference";
inline constexpr const char* kLoadSkill = "load_skill";
/// A reference file's text given to the model is cut beyond this.
inline constexpr size_t kMaxReferenceBytes = 256 * 1024;

/// The system prompt of an agent with skills: the single skill's body, then the catalogue of progressive skills,
/// then |system_prompt| (each part only when present, separated by a blank line).
std::string SkillSystemPrompt(const config::SkillDoc* single, const std::vector<config::SkillDoc>& progressive,
                              const std::string& system_prompt);

class SkillTools : public mcp::ServerConnection {
 public:
  SkillTools(std::optional<config::SkillDoc> single, std::vector<config::SkillDoc> progressive);

  /// True when there is a tool to offer (a skill with references, or progressive skills).
  bool HasTools() const { return !tools_.empty(); }
  const std::string& name() const override;
  Result<std::vector<mcp::ToolInfo>> ListTools() override { return tools_; }
  Result<ToolResult> CallTool(const std::string& tool, const Json& arguments, Millis timeout,
                              const std::atomic<bool>* cancel) override;
  bool alive() const override { return true; }
  std::string StderrTail() const override { return ""; }
  void Close() override {}

 private:
  // The skills whose references are served: the single one, and the progressive ones (by name).
  const config::SkillDoc* SkillFor(const Json& arguments, std::string& why) const;
  std::optional<config::SkillDoc> single_;
  std::vector<config::SkillDoc> progressive_;
  std::vector<mcp::ToolInfo> tools_;
};

/// Resolves |filename| inside |skill_dir|/references/: an error message when it is absolute, has a ".." part,
/// or resolves (following symbolic links) outside the folder. Exposed for tests.
Result<std::string> ResolveReference(const std::string& skill_dir, const std::string& filename);

}  // namespace ab::agent
