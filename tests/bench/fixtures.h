// Hand-built run records for the bench tests.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bench/record.h"

namespace ab::bench::testing {

/// A run of |config| on test |test| with the given outcome, latency and cost.
inline RunRecord Run(const std::string& config, const std::string& test, RunStatus status, double ms,
                     std::optional<double> cost, int rep = 0, const std::string& variant = "default") {
  RunRecord r;
  r.bench_id = "bench";
  r.config = config;
  r.variant = variant;
  r.repetition = rep;
  r.run_id = MakeRunId("bench", config, variant, rep);
  r.test_key = test;
  r.agent = "agent";
  r.status = status;
  r.duration_ms = ms;
  r.prompt_tokens = 100;
  r.completion_tokens = 50;
  r.cost_usd = cost;
  return r;
}

/// |passed| passing and |n - passed| failing runs of one config on one test, latency |ms| + i.
inline std::vector<RunRecord> Runs(const std::string& config, int n, int passed, double ms = 100) {
  std::vector<RunRecord> out;
  for (int i = 0; i < n; ++i) {
    out.push_back(Run(config, "f.yaml/s/t", i < passed ? RunStatus::kPassed : RunStatus::kFailed, ms + i, 0.01, i));
  }
  return out;
}

}  // namespace ab::bench::testing
