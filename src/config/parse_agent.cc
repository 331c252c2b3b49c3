// Agents: a provider, the servers it may use (with tool filters) and clarification detection.
#include <algorithm>

#include "base/strings.h"
#include "config/keys.h"
#include "config/parsers.h"
#include "config/read_choice.h"

namespace ab::config {

namespace {

AgentServer ReadAgentServer(Reader& r, const YAML::Node& node) {
  AgentServer s;
  s.loc = r.Loc(node);
  std::string spelling;
  r.ForEachKey(node, "agent server", KeysOf("agentServer"),
               [&](const std::string& key, const YAML::Node& key_node, const YAML::Node& v) {
                 if (key == "name") {
                   r.AddReference(Reference::Kind::kServer, v, "agent");
                   return SetIf(s.name, r.String(v, key));
                 }
                 ReadAllowedTools(r, key, key_node, v, s.allowed_tools, spelling);
               });
  if (node.IsMap() && s.name.empty()) r.Error(node, "agent server is missing required key 'name'");
  return s;
}

/// `clarification_detection.calibration: {min_kappa, on_uncalibrated}` (the same rule as llm_judge's).
void ReadClarificationCalibration(Reader& r, const YAML::Node& node, ClarificationDetection& c) {
  ClarificationDetection::Calibration cal;
  static const std::vector<std::string> kModes = {"warn", "fail"};
  r.ForEachKey(node, "calibration", KeysOf("clarificationCalibration"),
               [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
                 if (key == "min_kappa") {
                   std::optional<double> k = r.Double(v, key);
                   if (k && (*k < -1 || *k > 1)) return r.Error(v, "'min_kappa' must be a number between -1 and 1");
                   if (k) cal.min_kappa = *k;
                   return;
                 }
                 std::optional<std::string> mode = r.String(v, key);
                 if (mode && std::find(kModes.begin(), kModes.end(), *mode) == kModes.end())
                   return r.Error(
                       v, "'on_uncalibrated' must be warn or fail, got '" + *mode + "'" + DidYouMean(*mode, kModes));
                 if (mode) cal.fail = *mode == "fail";
               });
  c.calibration = cal;
}

void ReadClarification(Reader& r, const YAML::Node& node, ClarificationDetection& c) {
  c.loc = r.Loc(node);
  r.ForEachKey(node, "clarification_detection", KeysOf("clarificationDetection"),
               [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
                 if (key == "enabled") return SetIf(c.enabled, r.Bool(v, key));
                 if (key == "level")
                   return SetIf(c.level, ReadChoice(r, v, key, kClarificationLevels, "clarification level"));
                 if (key == "use_builtin_patterns") return SetIf(c.use_builtin_patterns, r.Bool(v, key));
                 if (key == "custom_patterns") return SetIf(c.custom_patterns, r.StringList(v, key));
                 if (key == "judge_provider") {
                   // "$self" means the agent's own provider.
                   if (!v.IsScalar() || v.Scalar() != "$self") {
                     r.AddReference(Reference::Kind::kProvider, v, "clarification_detection");
                   }
                   return SetIf(c.judge_provider, r.String(v, key));
                 }
                 if (key == "calibration") return ReadClarificationCalibration(r, v, c);
               });
}

SkillRef ReadSkillRef(Reader& r, const YAML::Node& node) {
  SkillRef s;
  s.loc = r.Loc(node);
  bool has_path = false;
  r.ForEachKey(node, "skill", KeysOf("skill"),
               [&](const std::string& key, const YAML::Node& key_node, const YAML::Node& v) {
                 if (key == "path") {
                   has_path = true;
                   s.loc = r.Loc(v);
                   return SetIf(s.path, r.String(v, key));
                 }
                 // file_access: written by users of a development branch of the reference; its releases ignore it.
                 r.Warn(key_node,
                        "'file_access' in a skill is not an agent-benchmark key; ignored (a skill's references/ "
                        "files are offered through list_skill_references and read_skill_reference)");
               });
  if (node.IsMap() && (!has_path || s.path.empty())) r.Error(node, "skill is missing required key 'path'");
  if (!node.IsMap() && !node.IsNull()) s.path.clear();
  return s;
}

}  // namespace

void ReadAllowedTools(Reader& r, const std::string& key, const YAML::Node& key_node, const YAML::Node& value,
                      std::optional<std::vector<std::string>>& out, std::string& seen_spelling) {
  if (!seen_spelling.empty()) {
    r.Error(key_node, "both '" + seen_spelling + "' and '" + key + "' given; use one");
    return;
  }
  seen_spelling = key;
  out = r.StringList(value, key);
}

Agent ReadAgent(Reader& r, const YAML::Node& node) {
  Agent a;
  a.loc = r.Loc(node);
  std::string spelling;
  r.ForEachKey(node, "agent", KeysOf("agent"),
               [&](const std::string& key, const YAML::Node& key_node, const YAML::Node& v) {
                 if (key == "name") return SetIf(a.name, r.String(v, key));
                 if (key == "provider") {
                   r.AddReference(Reference::Kind::kProvider, v, "agent");
                   return SetIf(a.provider, r.String(v, key));
                 }
                 if (key == "system_prompt") return SetIf(a.system_prompt, r.String(v, key));
                 if (key == "servers") {
                   a.servers = ReadList<AgentServer>(r, v, key, &ReadAgentServer);
                   return;
                 }
                 if (key == "clarification_detection") return ReadClarification(r, v, a.clarification);
                 if (key == "skill") {
                   if (v.IsNull()) return;  // `skill:` with nothing under it: no skill, as in the reference
                   a.skill = ReadSkillRef(r, v);
                   if (a.skill->path.empty()) a.skill.reset();
                   return;
                 }
                 if (key == "skills") {
                   for (SkillRef& s : ReadList<SkillRef>(r, v, key, &ReadSkillRef))
                     if (!s.path.empty()) a.skills.push_back(std::move(s));
                   return;
                 }
                 if (key == "settings") {
                   if (v.IsNull() || (v.IsMap() && v.size() == 0))
                     return;  // written empty by the reference's generator
                   return r.Warn(key_node, "'settings' in an agent is not supported yet by agent-bench; ignored");
                 }
                 ReadAllowedTools(r, key, key_node, v, a.allowed_tools, spelling);
               });
  if (!node.IsMap()) return a;
  if (a.name.empty()) r.Error(node, "agent is missing required key 'name'");
  if (a.provider.empty()) r.Error(node, "agent '" + a.name + "' is missing required key 'provider'");
  return a;
}

}  // namespace ab::config
