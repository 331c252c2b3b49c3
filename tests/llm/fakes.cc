#include "fakes.h"

#include <fstream>
#include <sstream>

namespace ab::llm::testing {

std::string ReadData(const std::string& name) {
  std::ifstream in(std::string(AB_SOURCE_DIR) + "/tests/llm/data/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace ab::llm::testing
