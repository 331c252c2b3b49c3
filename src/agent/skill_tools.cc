#include "agent/skill_tools.h"

#include <filesystem>
#include <fstream>

#include "base/strings.h"
#include "base/utf8.h"

namespace ab::agent {

namespace fs = std::filesystem;

namespace {

ToolResult TextResult(std::string text, bool is_error = false) {
  ToolResult r;
  ContentBlock c;
  c.type = "text";
  c.text = std::move(text);
  c.raw = Json{{"type", "text"}, {"text", c.text}};
  r.content.push_back(std::move(c));
  r.is_error = is_error;
  return r;
}

Json ObjectSchema(Json properties, std::vector<std::string> required) {
  Json s{{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) s["required"] = required;
  return s;
}

std::string StringArg(const Json& args, const char* key) {
  if (!args.is_object() || !args.contains(key) || !args[key].is_string()) return "";
  return args[key].get<std::string>();
}

}  // namespace

std::string SkillSystemPrompt(const config::SkillDoc* single, const std::vector<config::SkillDoc>& progressive,
                              const std::string& system_prompt) {
  std::vector<std::string> parts;
  if (single && !single->body.empty()) parts.push_back(single->body);
  if (!progressive.empty()) {
    std::string catalogue =
        "You have these skills. When a task matches a skill's description, call the load_skill tool with its name "
        "to read its instructions before acting.\n";
    for (const auto& s : progressive) catalogue += "\n- " + s.name + ": " + s.description;
    parts.push_back(catalogue);
  }
  if (!system_prompt.empty()) parts.push_back(system_prompt);
  return Join(parts, "\n\n");
}

Result<std::string> ResolveReference(const std::string& skill_dir, const std::string& filename) {
  if (filename.empty()) return Error(ErrorCode::kInvalidArgument, "'filename' is required");
  if (filename.size() > 4096 || filename.find('\0') != std::string::npos)
    return Error(ErrorCode::kInvalidArgument, "'filename' is not a usable file name");
  fs::path rel(filename);
  if (rel.is_absolute() || filename[0] == '/' || filename[0] == '\\')
    return Error(ErrorCode::kInvalidArgument,
                 "'" + filename + "' is an absolute path; give a name relative to the skill's references/ folder");
  for (const auto& part : rel)
    if (part == "..")
      return Error(ErrorCode::kInvalidArgument,
                   "'" + filename + "' leaves the skill's references/ folder ('..' is not allowed)");
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(fs::path(skill_dir) / "references", ec);
  if (ec) return Error(ErrorCode::kNotFound, "the skill has no references/ folder");
  const fs::path target = fs::weakly_canonical(root / rel, ec);
  if (ec) return Error(ErrorCode::kNotFound, "no reference named '" + filename + "'");
  // A symbolic link inside references/ may point anywhere: what counts is where the path really leads.
  auto [root_end, target_it] = std::mismatch(root.begin(), root.end(), target.begin(), target.end());
  if (root_end != root.end())
    return Error(ErrorCode::kInvalidArgument, "'" + filename + "' resolves outside the skill's references/ folder");
  if (!fs::is_regular_file(target, ec)) return Error(ErrorCode::kNotFound, "no reference named '" + filename + "'");
  return target.string();
}

SkillTools::SkillTools(std::optional<config::SkillDoc> single, std::vector<config::SkillDoc> progressive)
    : single_(std::move(single)), progressive_(std::move(progressive)) {
  bool any_references = single_ && !single_->references.empty();
  for (const auto& s : progressive_) any_references = any_references || !s.references.empty();
  // With progressive skills the model says which skill's references it means (optional with a single skill).
  const bool named = !progressive_.empty();
  Json skill_prop = {{"type", "string"}, {"description", "the skill's name (optional when there is one skill)"}};
  if (any_references) {
    Json list_props = Json::object();
    if (named) list_props["skill"] = skill_prop;
    tools_.push_back(mcp::ToolInfo{kListSkillReferences, "",
                                   "Lists the reference files of the skill (paths relative to its references/ "
                                   "folder).",
                                   ObjectSchema(list_props, {}), Json(), Json()});
    Json read_props = {
        {"filename", {{"type", "string"}, {"description", "a path relative to the skill's references/ folder"}}}};
    if (named) read_props["skill"] = skill_prop;
    tools_.push_back(mcp::ToolInfo{kReadSkillReference, "",
                                   "Reads one reference file of the skill, by the name list_skill_references gave.",
                                   ObjectSchema(read_props, {"filename"}), Json(), Json()});
  }
  if (!progressive_.empty()) {
    Json props = {{"name", {{"type", "string"}, {"description", "the skill's name, as listed in the system prompt"}}}};
    tools_.push_back(mcp::ToolInfo{kLoadSkill, "", "Loads a skill's full instructions by its name.",
                                   ObjectSchema(props, {"name"}), Json(), Json()});
  }
}

const std::string& SkillTools::name() const {
  static const std::string kName = kSkillServerName;
  return kName;
}

const config::SkillDoc* SkillTools::SkillFor(const Json& arguments, std::string& why) const {
  const std::string wanted = StringArg(arguments, "skill");
  if (wanted.empty()) {
    if (single_) return &*single_;
    if (progressive_.size() == 1) return &progressive_.front();
    why = "'skill' is required: name one of the skills listed in the system prompt";
    return nullptr;
  }
  if (single_ && single_->name == wanted) return &*single_;
  std::vector<std::string> names;
  for (const auto& s : progressive_) {
    if (s.name == wanted) return &s;
    names.push_back(s.name);
  }
  if (single_) names.push_back(single_->name);
  why = "no skill named '" + wanted + "'" + DidYouMean(wanted, names);
  return nullptr;
}

Result<ToolResult> SkillTools::CallTool(const std::string& tool, const Json& arguments, Millis,
                                        const std::atomic<bool>*) {
  if (tool == kLoadSkill) {
    const std::string wanted = StringArg(arguments, "name");
    std::vector<std::string> names;
    for (const auto& s : progressive_) {
      if (s.name == wanted) return TextResult(s.body);
      names.push_back(s.name);
    }
    return TextResult("Error: no skill named '" + wanted + "'; the skills are: " + Join(names, ", "), true);
  }
  std::string why;
  if (tool == kListSkillReferences) {
    const config::SkillDoc* s = SkillFor(arguments, why);
    if (!s) return TextResult("Error: " + why, true);
    if (s->references.empty()) return TextResult("The skill '" + s->name + "' has no reference files.");
    return TextResult(Join(s->references, "\n"));
  }
  if (tool == kReadSkillReference) {
    const config::SkillDoc* s = SkillFor(arguments, why);
    if (!s) return TextResult("Error: " + why, true);
    auto path = ResolveReference(s->dir, StringArg(arguments, "filename"));
    if (!path) return TextResult("Error: " + path.error().message, true);
    std::ifstream in(*path, std::ios::binary);
    std::string text(kMaxReferenceBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(in.gcount()));
    ToolResult r;
    if (text.size() > kMaxReferenceBytes) {
      text.resize(kMaxReferenceBytes);
      r = TextResult(ValidUtf8(text) + "\n[reference cut at " + std::to_string(kMaxReferenceBytes) + " bytes]");
      r.truncated = true;
      return r;
    }
    return TextResult(ValidUtf8(text));
  }
  return Error(ErrorCode::kRpcError, "unknown built-in tool '" + tool + "'");
}

}  // namespace ab::agent
