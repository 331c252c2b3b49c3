#include "gen/output.h"

#include <ctime>
#include <filesystem>

#include "base/safe_file.h"
#include "config/loader.h"
#include "gen/generator_steps.h"
#include "gen/yaml_emit.h"

namespace ab::gen {
namespace {

namespace fs = std::filesystem;

// A relative path in the copied config named a file beside the config; the suite is written elsewhere.
void Absolutize(Json& item, const char* key, const std::string& dir) {
  if (!item.is_object() || !item.contains(key) || !item[key].is_string()) return;
  const std::string v = item[key].get<std::string>();
  if (v.empty() || v.find("{{") != std::string::npos || fs::path(v).is_absolute()) return;
  item[key] = (fs::path(dir) / v).lexically_normal().string();
}

std::string Header(const std::string& what) {
  return "# " + what + " written by agent-bench; run the suite with: agent-bench -s suite.yaml\n";
}

}  // namespace

Result<GeneratedFiles> BuildFiles(const std::string& config_path, const std::string& config_dir,
                                  const std::string& suite_name, const std::vector<GeneratedSession>& sessions) {
  std::string why;
  auto sections =
      config::ReadSectionsAsJson(config_path, {"providers", "servers", "agents", "settings", "variables"}, why);
  if (!sections) return Error(ErrorCode::kIo, why);
  if (sections->contains("providers") && (*sections)["providers"].is_array())
    for (Json& p : (*sections)["providers"]) Absolutize(p, "mock_script", config_dir);
  if (sections->contains("servers") && (*sections)["servers"].is_array())
    for (Json& s : (*sections)["servers"]) {
      Absolutize(s, "cwd", config_dir);
      Absolutize(s, "working_dir", config_dir);
    }
  GeneratedFiles files;
  Json suite = Json::object();
  suite["name"] = suite_name;
  suite["test_files"] = Json::array();
  for (size_t i = 0; i < sessions.size(); ++i) {
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "%02zu_", i + 1);
    const std::string file = prefix + Slug(sessions[i].name) + ".yaml";
    suite["test_files"].push_back(file);
    Json test_file = {{"sessions", Json::array({{{"name", sessions[i].name}, {"tests", sessions[i].tests}}})}};
    files.test_files.emplace_back(file, Header("Session '" + sessions[i].name + "'") + EmitYaml(test_file));
  }
  for (const char* key : {"providers", "servers", "agents", "settings", "variables"})
    if (sections->contains(key) && !(*sections)[key].is_null()) suite[key] = (*sections)[key];
  files.suite_yaml = Header("Suite") + EmitYaml(suite);
  return files;
}

Result<std::string> WriteFiles(const std::string& dir, const std::string& prefix, const GeneratedFiles& files) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d_%H%M%S", &tm);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Error(ErrorCode::kIo, "cannot create the output folder " + dir + ": " + ec.message());
  fs::path folder;
  for (int n = 0;; ++n) {
    folder = fs::path(dir) / (prefix + "_" + stamp + (n ? "_" + std::to_string(n) : ""));
    if (fs::create_directory(folder, ec)) break;  // never write into an earlier run's folder
    if (ec || n > 100) return Error(ErrorCode::kIo, "cannot create a folder under " + dir + ": " + ec.message());
  }
  for (const auto& [name, text] : files.test_files) {
    Status st = WriteFileAtomically((folder / name).string(), text);
    if (!st.ok()) return st.error();
  }
  const std::string suite = (folder / "suite.yaml").string();
  Status st = WriteFileAtomically(suite, files.suite_yaml);
  if (!st.ok()) return st.error();
  return suite;
}

}  // namespace ab::gen
