// agent-bench: thin entry point; everything happens in cli::RunApp.
#include <string>
#include <vector>

#include "cli/app.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return ab::cli::RunApp(args);
}
