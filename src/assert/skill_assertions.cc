// Assertions about Agent Skills: which skill the model chose to load (progressive disclosure, `skills:`).
#include "assert/factories.h"
#include "assert/fields.h"
#include "base/strings.h"

namespace ab::assertions {
namespace {

// The built-in tool that loads a skill by name (agent/skill_tools.h; assert does not link the agent layer).
constexpr const char* kLoadSkillTool = "load_skill";

class SkillLoaded : public Assertion {
 public:
  explicit SkillLoaded(const config::AssertionSpec& spec)
      : field_(spec.fields.contains("skill") ? "skill" : "name"), fields_(spec.fields) {}
  AssertionResult Check(const Transcript& t, const EvalContext& ctx) const override {
    auto skill = TextField(fields_, field_, ctx);
    if (!skill) return Verdict(false, skill.error().message);
    Json loaded = Json::array();
    for (size_t i = 0; i < t.tool_calls.size(); ++i) {
      const ToolCall& c = t.tool_calls[i];
      if (c.name != kLoadSkillTool) continue;
      std::string name = c.arguments.is_object() && c.arguments.contains("name") && c.arguments["name"].is_string()
                             ? c.arguments["name"].get<std::string>()
                             : "";
      const bool ok = c.status == ToolCallStatus::kOk && !(c.result && c.result->is_error);
      loaded.push_back({{"skill", name}, {"call", i + 1}, {"ok", ok}});
      if (name == *skill && ok)
        return Verdict(true, "skill '" + *skill + "' was loaded (call #" + std::to_string(i + 1) + ")",
                       {{"expected", *skill}, {"actual", loaded}});
    }
    return Verdict(false,
                   "expected skill '" + *skill + "' to be loaded with load_skill; " +
                       (loaded.empty() ? "no skill was loaded" : "loads were " + loaded.dump()),
                   {{"expected", *skill}, {"actual", loaded}});
  }

 private:
  std::string field_;
  Json fields_;
};

}  // namespace

std::unique_ptr<Assertion> MakeSkillLoaded(const config::AssertionSpec& spec, BuildContext& bc) {
  const bool has_skill = spec.fields.contains("skill"), has_name = spec.fields.contains("name");
  if (!has_skill && !has_name) bc.Error(spec, "", "missing required field 'skill' (the skill's name)");
  if (has_skill && has_name) bc.Error(spec, "name", "give either 'skill' or 'name', not both");
  return std::make_unique<SkillLoaded>(spec);
}

}  // namespace ab::assertions
