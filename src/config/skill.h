// Agent Skills (agentskills.io) as agent-benchmark documents them: a folder with a SKILL.md whose YAML
// frontmatter names and describes the skill, a Markdown body of instructions, and optional files under
// references/ the model may read through built-in tools. Loading validates the frontmatter and reports every
// problem at SKILL.md:line:col, so a wrong skill is found by `validate`, before anything runs.
#pragma once

#include <optional>
#include <string>

#include "base/diagnostic.h"
#include "config/model.h"

namespace ab::config {

/// SKILL.md larger than this is refused (a skill is instructions, not data).
inline constexpr size_t kMaxSkillFileBytes = 1 << 20;
/// At most this many files under references/ are listed.
inline constexpr size_t kMaxSkillReferences = 1000;

/// Reads |dir|/SKILL.md: frontmatter (name: 1-64 lowercase letters, digits and single hyphens; description of at
/// most 1024 characters; optional license, version, tags), body, and the regular files under references/.
/// Problems go to |diags| (at SKILL.md:line:col, or at |ref| when the folder or file is missing); nullopt when the
/// skill cannot be used.
std::optional<SkillDoc> LoadSkill(const std::string& dir, const SourceLoc& ref, Diagnostics& diags);

/// The skill folder of |path| when it is known at load time: {{TEST_DIR}} replaced by |test_dir|, relative paths
/// resolved against |test_dir|. nullopt when |path| uses another template (resolved when the run starts).
std::optional<std::string> SkillDirAtLoad(const std::string& path, const std::string& test_dir);

/// Loads (and so validates) every skill of |agents| whose folder is known at load time; also reports two skills
/// of one agent with the same name.
void CheckSkills(const std::vector<Agent>& agents, const std::string& test_dir, Diagnostics& diags);

}  // namespace ab::config
