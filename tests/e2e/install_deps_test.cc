// scripts/install-deps.sh: the demo's first run installs only what building needs; --test (the test command, so
// CI) adds what the tests need. Run against stub dpkg/apt-get/npm that report every package missing and record
// what would be installed, so nothing is installed for real.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "paths.h"
#include "process.h"

namespace ab::e2e {
namespace install_deps_e2e {  // named: the e2e tests are built in unity batches

void Stub(const std::string& path, const std::string& body) {
  std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
  ::chmod(path.c_str(), 0755);
}

// The packages apt-get was asked to install, and whether npm ci ran, for install-deps.sh |args|.
std::pair<std::string, bool> Install(const std::string& name, const std::vector<std::string>& args) {
  const std::string dir = MakeTempDir("install-deps-" + name);
  const std::string bin = dir + "/bin", log = dir + "/log";
  std::filesystem::create_directories(bin);
  Stub(bin + "/dpkg", "exit 1");  // every package is missing
  Stub(bin + "/apt-get", "echo \"apt-get $*\" >> '" + log + "'");
  Stub(bin + "/npm", "echo \"npm $*\" >> '" + log + "'");
  Stub(bin + "/sudo", "\"$@\"");
  // A copy of the repository's script in a folder of its own: it runs `npm ci` where package-lock.json is.
  const std::string repo = dir + "/repo";
  std::filesystem::create_directories(repo + "/scripts");
  std::filesystem::copy_file(std::string(AB_SOURCE_DIR) + "/scripts/install-deps.sh",
                             repo + "/scripts/install-deps.sh");
  std::ofstream(repo + "/package-lock.json") << "{}\n";
  std::vector<std::string> argv = {"/bin/bash", repo + "/scripts/install-deps.sh"};
  argv.insert(argv.end(), args.begin(), args.end());
  // node and npm are looked up with `command -v`: a PATH of only the stubs and the shell's basics.
  auto r = RunProcess(argv, {{"PATH", bin + ":/usr/bin:/bin"}, {"CI", ""}});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  std::string text = ReadFile(log);
  std::string installed;
  for (size_t at = text.find("apt-get install"); at != std::string::npos; at = text.find("apt-get install", at + 1))
    installed += text.substr(at, text.find('\n', at) - at) + " ";
  return {installed, text.find("npm ci") != std::string::npos};
}

bool Has(const std::string& packages, const std::string& name) {
  return packages.find(" " + name + " ") != std::string::npos;
}

TEST_CASE("install-deps: the demo gets the build tools and C++ libraries, the tests get the rest") {
  // Named copies, not a structured binding: clang 14 cannot capture a binding in INFO's lambda.
  const auto build_result = Install("build", {});
  const auto& build = build_result.first;
  const bool build_npm = build_result.second;
  for (const char* p : {"g++", "cmake", "ninja-build", "libyaml-cpp-dev", "libre2-dev", "libpq-dev"}) {
    INFO(p << " in: " << build);
    CHECK(Has(build, p));
  }
  for (const char* p : {"chromium", "postgresql", "clang", "nodejs"}) {
    INFO(p << " in: " << build);
    CHECK_FALSE(Has(build, p));
  }
  CHECK_FALSE(build_npm);

  const auto test_result = Install("test", {"--test"});
  const auto& test = test_result.first;
  const bool test_npm = test_result.second;
  for (const char* p : {"g++", "cmake", "chromium", "postgresql", "clang", "libclang-rt-14-dev"}) {
    INFO(p << " in: " << test);
    CHECK(Has(test, p));
  }
  CHECK(test_npm);

  auto bad = RunProcess({"/bin/bash", std::string(AB_SOURCE_DIR) + "/scripts/install-deps.sh", "--everything"});
  CHECK(bad.exit_code == 2);
}

}  // namespace install_deps_e2e
}  // namespace ab::e2e
