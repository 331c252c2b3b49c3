// The configs file a serve job writes next to the suite has a predictable name
// (.agent-bench-serve-<tag>.configs.yaml): a symbolic link planted there is replaced, never written through.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "serve/job_configs.h"

namespace ab::serve {
namespace {
namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("a link planted at the job's configs file is replaced and its target untouched") {
  const fs::path dir = fs::temp_directory_path() / ("ab-job-configs-link-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "suite.yaml") << "name: s\n";
  std::ofstream(dir / "victim.txt") << "untouched";
  const fs::path planted = dir / ".agent-bench-serve-job7.configs.yaml";
  fs::create_symlink(dir / "victim.txt", planted);

  JobRequest request;
  request.suite = (dir / "suite.yaml").string();
  request.configs_text = "configs: [{name: c}]\n";
  Result<JobConfigs> made = MakeJobConfigs(request, dir.string(), std::nullopt, "job7");
  REQUIRE(made);
  CHECK(made->path == planted.string());
  CHECK(made->temporary);
  CHECK(Read(dir / "victim.txt") == "untouched");
  CHECK_FALSE(fs::is_symlink(planted));
  CHECK(Read(planted) == request.configs_text);
  struct stat st {};
  REQUIRE(::stat(planted.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  fs::remove_all(dir);
}

}  // namespace ab::serve
