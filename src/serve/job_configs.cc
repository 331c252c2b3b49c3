#include "serve/job_configs.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/json_dump.h"
#include "base/path.h"
#include "base/safe_file.h"
#include "config/yaml_write.h"

namespace ab::serve {

std::string Resolve(const std::string& base_dir, const std::string& path) {
  return ResolvePathNormalized(base_dir, path);
}

Result<JobConfigs> MakeJobConfigs(const JobRequest& request, const std::string& base_dir,
                                  const std::optional<FixtureVersion>& fixture, const std::string& tag) {
  if (!request.configs_path.empty() && !fixture) return JobConfigs{Resolve(base_dir, request.configs_path), false};
  std::string text = request.configs_text;
  std::filesystem::path dir = std::filesystem::path(Resolve(base_dir, request.suite)).parent_path();
  if (!request.configs_path.empty()) {
    std::string path = Resolve(base_dir, request.configs_path);
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error(ErrorCode::kIo, "cannot read " + path);
    std::stringstream all;
    all << in.rdbuf();
    text = all.str();
    dir = std::filesystem::path(path).parent_path();
  }
  if (fixture) {
    Json variants = Json::array();
    for (const Json& v : fixture->variants) {
      Json vars = Json::object();
      const Json variables = v.value("variables", Json::object());
      for (const auto& [k, value] : variables.items())
        vars[k] = value.is_string() ? value.get<std::string>() : DumpJson(value);
      variants.push_back(Json{{"name", v.value("name", "")}, {"variables", std::move(vars)}});
    }
    Result<std::string> written = config::SetTopLevelKey(text, "variants", variants);
    if (!written) {
      if (written.error().code == ErrorCode::kParse)
        return Error(ErrorCode::kConfig, "the configs are not valid YAML: " + written.error().message);
      return Error(ErrorCode::kConfig, "the configs must be a mapping (configs, variants, runs ...)");
    }
    text = std::move(*written);
  }
  std::filesystem::path path = dir / (".agent-bench-serve-" + tag + ".configs.yaml");
  // Next to the suite, so relative paths in it resolve; through a fresh temporary renamed into place, so a link
  // planted at this predictable name is replaced, not followed. Owner-only: it may carry variable values.
  if (Status s = WriteFileAtomically(path.string(), text, kPrivateFileMode); !s)
    return Error(ErrorCode::kIo, "cannot write the job's configs file: " + s.error().message);
  return JobConfigs{path.string(), true};
}

}  // namespace ab::serve
