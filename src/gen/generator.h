// `agent-bench -g gen.yaml`: connects to the config's servers, has the chosen agent's model plan tests and write
// each test's intent, checks every answer against the real tool list and the assertion registry, and builds the
// test files itself (the model never writes YAML). Output: DIR/generated_<timestamp>/suite.yaml plus one file
// per session, which `validate` accepts and `-s` runs.
#pragma once

#include <atomic>
#include <optional>
#include <ostream>
#include <string>

namespace ab::gen {

struct GeneratorOptions {
  std::string config_path;
  std::string output_dir = "generated_tests";  ///< --output-dir
  bool dry_run = false;                        ///< print the plan and the files, write nothing
  std::optional<unsigned long long> seed;      ///< --seed: put in the prompts and sent as the request seed
  std::string record_dir;
  std::string replay_dir;
};

/// Runs the generator. Exit codes: 0 every planned test was written; 1 fewer than test_count were (budget spent
/// or tests rejected; what was accepted is still written); 2 bad config; 3 the servers or provider could not
/// start, or nothing could be generated; 130 interrupted.
int RunGenerator(const GeneratorOptions& options, std::ostream& out, std::ostream& err,
                 const std::atomic<bool>& cancel);

}  // namespace ab::gen
