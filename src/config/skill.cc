#include "config/skill.h"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/path.h"
#include "base/sibling.h"
#include "base/strings.h"
#include "base/utf8.h"
#include "config/keys.h"
#include "config/parsers.h"
#include "config/yaml_reader.h"

namespace ab::config {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string>& FrontmatterKeys() {
  // The specification's keys (compatibility, metadata and allowed-tools are accepted and not used).
  static const std::vector<std::string> kKeys = {"name", "description",   "license",  "version",
                                                 "tags", "compatibility", "metadata", "allowed-tools"};
  return kKeys;
}

bool ValidSkillName(const std::string& name) {
  static const RE2 kName("[a-z0-9]+(-[a-z0-9]+)*");
  return !name.empty() && name.size() <= 64 && RE2::FullMatch(name, kName);
}

// The frontmatter is the text between a first line "---" and the next line "---". Returns false when there is
// none; |yaml| keeps the frontmatter's line numbers (the opening "---" becomes an empty line).
bool SplitFrontmatter(const std::string& text, std::string& yaml, std::string& body, int& body_line) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || Trim(line) != "---") return false;
  yaml = "\n";
  int n = 1;
  while (std::getline(in, line)) {
    ++n;
    if (Trim(line) == "---") {
      body_line = n + 1;
      std::ostringstream rest;
      rest << in.rdbuf();
      body = rest.str();
      // The body starts after blank lines; trailing whitespace is not instructions.
      size_t b = body.find_first_not_of("\r\n");
      body = b == std::string::npos ? "" : body.substr(b);
      while (!body.empty() && (body.back() == '\n' || body.back() == '\r' || body.back() == ' ')) body.pop_back();
      return true;
    }
    yaml += line + "\n";
  }
  return false;
}

std::vector<std::string> ListReferences(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (out.size() >= kMaxSkillReferences) break;
    std::error_code fec;
    // Symbolic links are not followed: a reference is a file of the skill, not a way out of it.
    if (it->is_symlink(fec) || !it->is_regular_file(fec)) continue;
    out.push_back(fs::relative(it->path(), dir, fec).generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// ", did you mean 'x'?" for a skill folder that does not exist, naming the closest folder beside it by its path
// (the first 1 000 entries of its parent are read).
std::string FolderSuggestion(const std::string& dir) {
  fs::path wanted = fs::path(dir).lexically_normal();
  if (!wanted.has_filename()) wanted = wanted.parent_path();
  const std::string close = ClosestSibling(wanted, SiblingKind::kDirectory, 1000);
  return close.empty() ? "" : ", did you mean '" + (wanted.parent_path() / close).string() + "'?";
}

}  // namespace

std::optional<std::string> SkillDirAtLoad(const std::string& path, const std::string& test_dir) {
  std::string p = path;
  for (const char* form : {"{{TEST_DIR}}", "{{ TEST_DIR }}"}) p = ReplaceAll(p, form, test_dir);
  if (IsTemplate(p)) return std::nullopt;
  return ResolvePathNormalized(test_dir, p);
}

std::optional<SkillDoc> LoadSkill(const std::string& dir, const SourceLoc& ref, Diagnostics& diags) {
  const fs::path file = fs::path(dir) / "SKILL.md";
  const std::string file_name = file.string();
  auto error = [&](const SourceLoc& loc, std::string msg) {
    diags.push_back(Diagnostic{Severity::kError, loc, std::move(msg)});
  };
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    error(ref, "skill folder '" + dir + "' does not exist" + FolderSuggestion(dir));
    return std::nullopt;
  }
  if (!fs::is_regular_file(file, ec)) {
    error(ref, "skill folder '" + dir + "' has no SKILL.md");
    return std::nullopt;
  }
  auto size = fs::file_size(file, ec);
  if (!ec && size > kMaxSkillFileBytes) {
    error(ref, "skill file " + file_name + " is " + std::to_string(size) + " bytes, over the limit of " +
                   std::to_string(kMaxSkillFileBytes));
    return std::nullopt;
  }
  // Read at most the limit, even if the file grows after the size check.
  std::ifstream in(file, std::ios::binary);
  std::string text(kMaxSkillFileBytes, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  std::string yaml, body;
  int body_line = 0;
  text = ValidUtf8(text);
  if (!SplitFrontmatter(text, yaml, body, body_line)) {
    error(SourceLoc{file_name, 1, 1},
          "SKILL.md must start with YAML frontmatter between '---' lines (with at least 'name' and 'description')");
    return std::nullopt;
  }
  Reader r(file_name);
  SkillDoc doc;
  doc.dir = fs::absolute(fs::path(dir), ec).lexically_normal().string();
  doc.body = std::move(body);
  try {
    YAML::Node root = YAML::Load(yaml);
    if (!root.IsMap()) {
      r.Error(SourceLoc{file_name, 2, 1}, "SKILL.md frontmatter must be a mapping with 'name' and 'description'");
    } else {
      bool has_name = false, has_description = false;
      r.ForEachKey(
          root, "SKILL.md frontmatter", FrontmatterKeys(),
          [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
            if (key == "name") {
              has_name = true;
              SetIf(doc.name, r.String(v, key));
              if (!ValidSkillName(doc.name))
                r.Error(v, "skill name '" + doc.name +
                               "' must be 1-64 lowercase letters, digits and single hyphens (e.g. 'excel-cli')");
            } else if (key == "description") {
              has_description = true;
              SetIf(doc.description, r.String(v, key));
              if (Trim(doc.description).empty()) r.Error(v, "skill description is empty");
              if (doc.description.size() > 1024)
                r.Error(v, "skill description is " + std::to_string(doc.description.size()) +
                               " characters, over the limit of 1024");
            } else if (key == "license") {
              SetIf(doc.license, r.String(v, key));
            } else if (key == "version") {
              SetIf(doc.version, r.String(v, key));
            } else if (key == "tags") {
              SetIf(doc.tags, r.StringList(v, key));
            }
            // compatibility, metadata, allowed-tools: part of the specification, not used by agent-bench.
          },
          [&](const std::string& key, const YAML::Node& key_node) {
            r.Warn(key_node,
                   "unknown key '" + key + "' in SKILL.md frontmatter; ignored" + DidYouMean(key, FrontmatterKeys()));
            return true;
          });
      if (!has_name) r.Error(SourceLoc{file_name, 1, 1}, "SKILL.md frontmatter is missing required key 'name'");
      if (!has_description)
        r.Error(SourceLoc{file_name, 1, 1}, "SKILL.md frontmatter is missing required key 'description'");
    }
  } catch (const YAML::Exception& e) {
    r.Error(r.LocAt(e.mark.line, e.mark.column), "invalid YAML in SKILL.md frontmatter: " + e.msg);
  } catch (const std::exception& e) {
    r.Error(SourceLoc{file_name, 1, 1}, std::string("invalid YAML in SKILL.md frontmatter: ") + e.what());
  }
  Diagnostics found = r.TakeSorted();
  const bool bad = HasErrors(found);
  diags.insert(diags.end(), found.begin(), found.end());
  if (bad) return std::nullopt;
  doc.references = ListReferences(fs::path(dir) / "references");
  return doc;
}

void CheckSkills(const std::vector<Agent>& agents, const std::string& test_dir, Diagnostics& diags) {
  for (const Agent& a : agents) {
    std::vector<const SkillRef*> refs;
    if (a.skill) refs.push_back(&*a.skill);
    for (const SkillRef& s : a.skills) refs.push_back(&s);
    std::vector<std::pair<std::string, SourceLoc>> names;
    for (const SkillRef* ref : refs) {
      std::optional<std::string> dir = SkillDirAtLoad(ref->path, test_dir);
      if (!dir) continue;
      std::optional<SkillDoc> doc = LoadSkill(*dir, ref->loc, diags);
      if (!doc) continue;
      for (const auto& [name, loc] : names) {
        if (name == doc->name) {
          diags.push_back(Diagnostic{
              Severity::kError, ref->loc,
              "agent '" + a.name + "' has two skills named '" + name + "' (the other at " + loc.ToString() + ")"});
        }
      }
      names.emplace_back(doc->name, ref->loc);
    }
  }
}

}  // namespace ab::config
