// What one `agent-bench run` is asked to do, filled from the command line.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ab::runner {

struct RunOptions {
  std::vector<std::string> test_files;   ///< -f, in order
  std::vector<std::string> suite_files;  ///< -s, in order
  std::string output_base;               ///< -o; empty = <dir of the first file>/test_results/report
  std::vector<std::string> report_types = {"html"};
  bool verbose = false;
  bool quiet = false;                    ///< no console report, no progress
  bool progress = true;                  ///< live progress lines on stderr
  bool color = false;
  bool deterministic = false;            ///< normalized times/ids in reports
  int jobs = 0;                          ///< 0 = settings.max_concurrent, else the number of agents
  std::optional<unsigned long long> seed;
  std::string record_dir;
  std::string replay_dir;
};

}  // namespace ab::runner
