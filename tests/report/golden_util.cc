#include "report/golden_util.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ab::report::testing {

std::string GoldenPath(const std::string& name) { return std::string(AB_SOURCE_DIR) + "/tests/report/golden/" + name; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::string CheckGolden(const std::string& name, const std::string& actual) {
  const char* update = std::getenv("AB_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(GoldenPath(name), std::ios::binary) << actual;
    return "";
  }
  std::string expected = ReadFile(GoldenPath(name));
  if (expected == actual) return "";
  if (expected.empty()) return name + ": golden file missing (run with AB_UPDATE_GOLDEN=1)";
  size_t i = 0;
  while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) ++i;
  size_t line = 1;
  for (size_t k = 0; k < i; ++k) line += actual[k] == '\n';
  return name + ": differs at line " + std::to_string(line) + ": expected \"" + expected.substr(i, 60) + "\", got \"" +
         actual.substr(i, 60) + "\"";
}

}  // namespace ab::report::testing
