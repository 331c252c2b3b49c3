// Top level of test and suite files, file I/O, and suite assembly. Everything below the top level is in the
// parse_*.cc readers; cross-references are checked here, once a file's (and its suite's) definitions are known.
#include "config/loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/utf8.h"
#include "config/keys.h"
#include "config/parsers.h"
#include "config/references.h"
#include "config/skill.h"

namespace ab::config {

namespace fs = std::filesystem;

namespace {

// Text that is not UTF-8 (a file saved as Latin-1) is repaired here, at the boundary, with one warning at the
// first bad byte: everything downstream (JSON requests, reports) may then assume valid UTF-8.
std::string ValidText(Reader& r, const std::string& text) {
  const size_t bad = FirstInvalidUtf8(text);
  if (bad == std::string::npos) return text;
  const auto first = text.begin() + static_cast<std::ptrdiff_t>(bad);
  const int line0 = static_cast<int>(std::count(text.begin(), first, '\n'));
  const auto line_begin = std::find(std::make_reverse_iterator(first), text.rend(), '\n').base();
  const int col0 = static_cast<int>(first - line_begin);
  r.Warn(r.LocAt(line0, col0),
         "the file is not valid UTF-8 (saved as Latin-1?): invalid bytes are replaced by U+FFFD; save it as UTF-8");
  return ValidUtf8(text);
}

// yaml-cpp reports syntax errors (and its nesting-depth guard) as exceptions: turn them into one diagnostic.
std::optional<YAML::Node> ParseYaml(Reader& r, const std::string& text) {
  try {
    return YAML::Load(ValidText(r, text));
  } catch (const YAML::Exception& e) {
    r.Error(r.LocAt(e.mark.line, e.mark.column), "invalid YAML: " + e.msg);
  } catch (const std::exception& e) {
    r.Error(SourceLoc{r.file(), 0, 0}, std::string("invalid YAML: ") + e.what());
  }
  return std::nullopt;
}

std::optional<std::string> ReadWholeFile(const std::string& path, std::string& why) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    why = "no such file";
    return std::nullopt;
  }
  if (fs::is_directory(path, ec)) {
    why = "is a directory";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = "cannot open it";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string AbsoluteDir(const std::string& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(fs::path(path), ec);
  if (ec) abs = fs::path(path);
  return abs.lexically_normal().parent_path().string();
}

// A well-formed top level is a mapping; report an empty document or a list plainly.
bool CheckRoot(Reader& r, const YAML::Node& root, const char* what) {
  if (root.IsMap()) return true;
  if (root.IsNull()) {
    r.Error(SourceLoc{r.file(), 1, 1}, std::string("empty ") + what);
  } else {
    r.Error(root, std::string("expected a mapping at the top of the ") + what + ", got " + KindName(root));
  }
  return false;
}

// Sections a test file and a suite file share. Returns false for other keys.
template <typename T>
bool ReadSharedSection(Reader& r, const std::string& key, const YAML::Node& /*key_node*/, const YAML::Node& v, T& out) {
  if (key == "providers") {
    out.providers = ReadList<Provider>(r, v, key, &ReadProvider);
  } else if (key == "servers") {
    out.servers = ReadList<Server>(r, v, key, &ReadServer);
  } else if (key == "agents") {
    out.agents = ReadList<Agent>(r, v, key, &ReadAgent);
  } else if (key == "settings") {
    out.settings = ReadSettings(r, v);
  } else if (key == "variables") {
    out.variables = ReadVariables(r, v);
  } else if (key == "criteria") {
    out.criteria = ReadCriteria(r, v);
  } else if (key == "ai_summary") {
    out.ai_summary = ReadAiSummary(r, v);
  } else {
    return false;
  }
  return true;
}

// Top-level keys of the reference's other modes, and keys that belong to the other kind of file.
bool ReportMisplacedKey(Reader& r, const std::string& key, const YAML::Node& key_node, bool in_suite) {
  if (key == "generator" || key == "explorer" || key == "skill") {
    if (key == "skill") {
      r.Error(key_node, "'skill' belongs in an agent: agents: [{name: ..., skill: {path: ...}}]");
      return true;
    }
    r.Error(key_node,
            "'" + key + "' belongs in a test file run with " + (key == "generator" ? "-g" : "-e") + ", not in a suite");
    return true;
  }
  if (!in_suite && key == "test_files") {
    r.Error(key_node, "'test_files' makes this a suite file: run it with -s");
    return true;
  }
  if (in_suite && key == "sessions") {
    r.Error(key_node, "'sessions' belongs in a test file; list test files under 'test_files'");
    return true;
  }
  return false;
}

// A file in another tool's format (written as an agent-benchmark "migration" but never run by it) would get a
// dozen unknown-key errors; one sentence says what it is. True when |root| is such a file (reported).
bool ReportOtherFormat(Reader& r, const YAML::Node& root) {
  if (!root.IsMap() || root["sessions"].IsDefined() || root["agents"].IsDefined()) return false;
  for (const char* key : {"scenarios", "mcp_servers"}) {
    for (const auto& kv : root) {
      if (!kv.first.IsScalar() || kv.first.Scalar() != key) continue;
      r.Error(kv.first, std::string("this is not an agent-benchmark test file: '") + key +
                            ":' belongs to another tool's format (an agent-benchmark test file has providers, "
                            "servers, agents and sessions)");
      return true;
    }
  }
  return false;
}

template <typename T>
void Append(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

Loaded<TestFile> ParseTestFileIn(const std::string& text, const std::string& name, const Suite* suite) {
  Reader r(name);
  Loaded<TestFile> out;
  Diagnostics skill_diags;  // about SKILL.md files: after this file's own, in their files' order
  try {
    std::optional<YAML::Node> root = ParseYaml(r, text);
    if (root) {
      TestFile f;
      f.path = name;
      f.dir = AbsoluteDir(name);
      if (CheckRoot(r, *root, "test file") && !ReportOtherFormat(r, *root)) {
        bool has_sessions = false;
        r.ForEachKey(
            *root, "test file", KeysOf("testFile"),
            [&](const std::string& key, const YAML::Node& key_node, const YAML::Node& v) {
              if (ReadSharedSection(r, key, key_node, v, f)) return;
              if (key == "generator") return void(f.generator = ReadGenerator(r, v));
              if (key == "explorer") return void(f.explorer = ReadExplorer(r, v));
              has_sessions = true;
              f.sessions = ReadSessions(r, v);
            },
            [&](const std::string& key, const YAML::Node& key_node) {
              return ReportMisplacedKey(r, key, key_node, false);
            });
        if (!has_sessions && !f.generator && !f.explorer)
          r.Warn(*root, "the test file defines no sessions, so it runs no tests");
        CheckDuplicateNames(r, f.providers, f.servers, f.agents);
        std::vector<Provider> providers = f.providers;
        std::vector<Server> servers = f.servers;
        std::vector<Agent> agents = f.agents;
        if (suite != nullptr) {
          ApplySuiteOverrides(r, *suite, f);
          providers = suite->providers;
          servers = suite->servers;
          agents = suite->agents;
          Append(providers, f.providers);
          Append(servers, f.servers);
          Append(agents, f.agents);
        }
        CheckReferences(r, NamesOf(providers, servers, agents));
        CheckSkills(f.agents, f.dir, skill_diags);
        if (agents.empty() && has_sessions) {
          r.Error(*root, suite != nullptr ? "no agents are defined, neither by the suite nor by this test file"
                                          : "the test file defines no agents to run its tests");
        }
      }
      out.value = std::move(f);
    }
  } catch (const std::exception& e) {
    // yaml-cpp node accessors may throw on malformed input that slipped through; never let that escape.
    r.Error(SourceLoc{name, 0, 0}, std::string("cannot read the test file: ") + e.what());
  }
  out.diagnostics = r.TakeSorted();
  Append(out.diagnostics, skill_diags);
  return out;
}

struct SuiteSource {
  Suite suite;
  std::vector<std::string> given;  ///< test_files entries as written
  std::vector<SourceLoc> locs;     ///< and where
};

// Returns false when the YAML itself could not be read.
bool ParseSuiteInto(Reader& r, const std::string& text, const std::string& name, SuiteSource& src) {
  Suite& s = src.suite;
  s.path = name;
  s.dir = AbsoluteDir(name);
  try {
    std::optional<YAML::Node> root = ParseYaml(r, text);
    if (!root) return false;
    if (!CheckRoot(r, *root, "suite file")) return true;
    r.ForEachKey(
        *root, "suite file", KeysOf("suite"),
        [&](const std::string& key, const YAML::Node& key_node, const YAML::Node& v) {
          if (ReadSharedSection(r, key, key_node, v, s)) return;
          if (key == "name") return SetIf(s.name, r.String(v, key));
          if (!r.ExpectSequence(v, key)) return;  // test_files
          for (const YAML::Node& item : v) {
            std::optional<std::string> file = r.String(item, key);
            if (!file || file->empty()) continue;
            src.given.push_back(*file);
            src.locs.push_back(r.Loc(item));
            s.test_file_paths.push_back((fs::path(s.dir) / *file).lexically_normal().string());
          }
        },
        [&](const std::string& key, const YAML::Node& key_node) { return ReportMisplacedKey(r, key, key_node, true); });
    const YAML::Node& top = *root;
    if (!top["test_files"].IsDefined()) r.Error(top, "the suite file has no 'test_files'");
    CheckDuplicateNames(r, s.providers, s.servers, s.agents);
    CheckReferences(r, NamesOf(s.providers, s.servers, s.agents));
    CheckSkills(s.agents, s.dir, r.diagnostics());
  } catch (const std::exception& e) {
    r.Error(SourceLoc{name, 0, 0}, std::string("cannot read the suite file: ") + e.what());
  }
  return true;
}

}  // namespace

Loaded<TestFile> ParseTestFile(const std::string& yaml_text, const std::string& name) {
  return ParseTestFileIn(yaml_text, name, nullptr);
}

Loaded<TestFile> LoadTestFile(const std::string& path) {
  std::string why;
  std::optional<std::string> text = ReadWholeFile(path, why);
  if (!text) {
    Loaded<TestFile> out;
    out.diagnostics.push_back(Diagnostic{Severity::kError, SourceLoc{path, 0, 0}, "cannot read test file: " + why});
    return out;
  }
  return ParseTestFileIn(*text, path, nullptr);
}

Loaded<Suite> ParseSuite(const std::string& yaml_text, const std::string& name) {
  Reader r(name);
  SuiteSource src;
  Loaded<Suite> out;
  if (ParseSuiteInto(r, yaml_text, name, src)) out.value = std::move(src.suite);
  out.diagnostics = r.TakeSorted();
  return out;
}

Loaded<Suite> LoadSuite(const std::string& path) {
  Loaded<Suite> out;
  std::string why;
  std::optional<std::string> text = ReadWholeFile(path, why);
  if (!text) {
    out.diagnostics.push_back(Diagnostic{Severity::kError, SourceLoc{path, 0, 0}, "cannot read suite file: " + why});
    return out;
  }
  Reader r(path);
  SuiteSource src;
  if (!ParseSuiteInto(r, *text, path, src)) {
    out.diagnostics = r.TakeSorted();
    return out;
  }
  Suite& suite = src.suite;
  Diagnostics file_diags;
  for (size_t i = 0; i < src.given.size(); ++i) {
    // Reported relative to where the suite was named, so paths in messages are the ones the user can open.
    const std::string display = (fs::path(path).parent_path() / src.given[i]).lexically_normal().string();
    std::string file_why;
    std::optional<std::string> file_text = ReadWholeFile(suite.test_file_paths[i], file_why);
    if (!file_text) {
      r.Error(src.locs[i],
              "cannot read test file '" + src.given[i] + "' (" + suite.test_file_paths[i] + "): " + file_why);
      continue;
    }
    Loaded<TestFile> file = ParseTestFileIn(*file_text, display, &suite);
    Append(file_diags, file.diagnostics);
    if (file.value) suite.files.push_back(std::move(*file.value));
  }
  out.diagnostics = r.TakeSorted();
  Append(out.diagnostics, file_diags);
  out.value = std::move(suite);
  return out;
}

bool LooksLikeSuite(const std::string& path) {
  std::string why;
  std::optional<std::string> text = ReadWholeFile(path, why);
  if (!text) return false;
  try {
    const YAML::Node root = YAML::Load(*text);
    return root.IsMap() && root["test_files"].IsDefined();
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace ab::config
