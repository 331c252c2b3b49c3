#include "runner/skills.h"

#include <filesystem>

#include "base/path.h"
#include "base/strings.h"
#include "config/skill.h"

namespace ab::runner {

namespace fs = std::filesystem;

namespace {

Result<config::SkillDoc> Load(const config::SkillRef& ref, const std::string& test_dir, const tmpl::Context& ctx) {
  auto rendered = tmpl::Render(ref.path, ctx);
  if (!rendered) return Error(ErrorCode::kConfig, "skill path '" + ref.path + "': " + rendered.error().message);
  Diagnostics diags;
  auto doc = config::LoadSkill(ResolvePathNormalized(test_dir, *rendered), ref.loc, diags);
  if (!doc) {
    std::vector<std::string> lines;
    for (const auto& d : diags)
      if (d.severity == Severity::kError) lines.push_back(d.ToString());
    return Error(ErrorCode::kConfig, "cannot load the skill at " + ref.loc.ToString() + ": " + Join(lines, "; "));
  }
  return *doc;
}

}  // namespace

std::string SessionSkills::SystemPrompt(const std::string& system_prompt) const {
  return agent::SkillSystemPrompt(single ? &*single : nullptr, progressive, system_prompt);
}

agent::ToolSet SessionSkills::WithTools(const agent::ToolSet& base) const {
  if (!tools || !tools->HasTools()) return base;
  agent::ToolSet out = base;
  auto list = tools->ListTools();
  out.AddServer(agent::kSkillServerName, tools.get(), *list, std::nullopt, nullptr);
  return out;
}

Result<SessionSkills> LoadSessionSkills(const Unit& unit, const config::Agent& agent, const std::string& test_dir,
                                        tmpl::Context& ctx) {
  SessionSkills out;
  if (!agent.skill && agent.skills.empty()) return out;
  std::string base = test_dir;
  if (unit.suite) {
    for (const auto& a : unit.suite->agents)
      if (a.name == agent.name) base = unit.suite->dir;
  }
  tmpl::Context path_ctx = ctx;
  path_ctx.variables[tmpl::kTestDir] = base;
  if (agent.skill) {
    auto doc = Load(*agent.skill, base, path_ctx);
    if (!doc) return doc.error();
    out.single = std::move(*doc);
  }
  for (const auto& ref : agent.skills) {
    auto doc = Load(ref, base, path_ctx);
    if (!doc) return doc.error();
    out.progressive.push_back(std::move(*doc));
  }
  ctx.variables["SKILL_DIR"] = out.single ? out.single->dir : out.progressive.front().dir;
  out.tools = std::make_unique<agent::SkillTools>(out.single, out.progressive);
  return out;
}

}  // namespace ab::runner
