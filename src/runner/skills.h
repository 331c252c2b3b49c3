// An agent's skills at the start of a session: renders each skill path ({{TEST_DIR}}/skills/x ...), loads and
// validates SKILL.md (already checked at load time when the path was known then), builds the system prompt and
// the built-in skill tools, and sets {{SKILL_DIR}}.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "agent/skill_tools.h"
#include "agent/tool_set.h"
#include "base/result.h"
#include "config/model.h"
#include "runner/plan.h"
#include "template/template.h"

namespace ab::runner {

struct SessionSkills {
  std::optional<config::SkillDoc> single;
  std::vector<config::SkillDoc> progressive;
  std::unique_ptr<agent::SkillTools> tools;  ///< null when the agent has no skill; outlives the session's ToolSet

  /// The skill parts, then |system_prompt|.
  std::string SystemPrompt(const std::string& system_prompt) const;
  /// |base| plus the built-in skill tools (an MCP tool of the same name wins, as the first server does).
  agent::ToolSet WithTools(const agent::ToolSet& base) const;
};

/// Loads |agent|'s skills; sets SKILL_DIR in |ctx| (the single skill's folder, or the first progressive one's).
/// Skill paths resolve as the loader checked them: against the directory of the file that defines the agent
/// (the suite's for a suite agent), which is also their {{TEST_DIR}}. An error names the skill path and what is
/// wrong with it.
Result<SessionSkills> LoadSessionSkills(const Unit& unit, const config::Agent& agent, const std::string& test_dir,
                                        tmpl::Context& ctx);

}  // namespace ab::runner
