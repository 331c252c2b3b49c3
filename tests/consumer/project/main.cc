// Runs a test file through the public API and reads its JSON report back: consumer TEST_FILE OUTPUT_BASE.
// Exits 0 when the run passed and its report says so, else prints why and exits 1.
#include <agent_bench/agent_bench.h>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: consumer TEST_FILE OUTPUT_BASE\n";
    return 2;
  }
  agent_bench::RunFileOptions options;
  options.test_files = {argv[1]};
  options.output_base = argv[2];
  options.report_types = {"json"};
  agent_bench::Outcome outcome = agent_bench::RunFile(options);
  std::cout << "agent-bench " << agent_bench::Version() << ": exit " << outcome.exit_code << "\n";
  if (outcome.exit_code != 0) {
    std::cerr << outcome.diagnostics << outcome.output;
    return 1;
  }
  std::string error;
  std::optional<agent_bench::Results> results = agent_bench::ReadResults(outcome.json_report, &error);
  if (!results) {
    std::cerr << "cannot read " << outcome.json_report << ": " << error << "\n";
    return 1;
  }
  for (const agent_bench::TestResult& t : results->tests)
    std::cout << t.status << " " << t.session << "/" << t.test << " (" << t.agent << ", " << t.model << ")\n";
  if (results->tests.empty() || results->passed != static_cast<int>(results->tests.size()) || !results->criteria_met) {
    std::cerr << "expected every test to pass\n";
    return 1;
  }
  // A report that does not exist is an error value, not an exception.
  if (agent_bench::ReadResults(std::string(argv[2]) + ".missing.json", &error) || error.empty()) {
    std::cerr << "reading a missing report did not fail\n";
    return 1;
  }
  return 0;
}
