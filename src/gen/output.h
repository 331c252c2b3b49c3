// Writes what the generator and explorer produce: a suite file that copies the config's providers, servers,
// agents, settings and variables (relative paths made absolute, since the suite lives elsewhere) and one test file
// per session, into a fresh DIR/<prefix>_<timestamp>/ folder, each file through WriteFileAtomically.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/json.h"
#include "base/result.h"

namespace ab::gen {

struct GeneratedSession {
  std::string name;
  Json tests = Json::array();
};

struct GeneratedFiles {
  std::string suite_yaml;
  std::vector<std::pair<std::string, std::string>> test_files;  ///< (file name, YAML)
};

/// The files for |sessions|, their infrastructure copied from |config_path| (whose directory is |config_dir|).
Result<GeneratedFiles> BuildFiles(const std::string& config_path, const std::string& config_dir,
                                  const std::string& suite_name, const std::vector<GeneratedSession>& sessions);

/// Writes |files| into a new folder |dir|/|prefix|_<UTC timestamp>[_N]; returns the suite file's path.
Result<std::string> WriteFiles(const std::string& dir, const std::string& prefix, const GeneratedFiles& files);

}  // namespace ab::gen
