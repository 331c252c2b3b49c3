// Aggregates the renderers share: percentiles, per-agent leaderboard rows, and the grouping of runs by test,
// file and session. Pure functions over the model; order always follows Run::runs (deterministic).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/model.h"

namespace ab::report {

/// Linear-interpolated percentile (p in [0, 100]) of |values|; 0 for an empty list. Sorts a copy.
double Percentile(std::vector<double> values, double p);
/// Arithmetic mean; 0 for an empty list.
double Mean(const std::vector<double>& values);

/// Figures of one group of runs (an agent, a file, a session).
struct GroupStats {
  std::string name;
  std::string provider_type;  ///< agents only: provider type of the first run
  Totals totals;
  std::vector<double> latencies_ms;  ///< one per run, in run order
  std::vector<double> tokens;        ///< one per run
  int64_t total_tokens = 0;
  int tool_calls = 0;
  std::optional<double> cost_usd;  ///< empty unless at least one run had a known cost
  bool cost_partial = false;       ///< some runs had no known cost
  double total_ms = 0;
};

/// One row per agent: Run::agents order first, then agents seen only in runs.
std::vector<GroupStats> StatsByAgent(const Run& run);
/// One row per source file, in first-seen order.
std::vector<GroupStats> StatsByFile(const Run& run);
/// One row per file × session ("file / session"), in first-seen order.
std::vector<GroupStats> StatsBySession(const Run& run);
/// The same figures over the whole run.
GroupStats StatsOfRun(const Run& run);

/// The runs of one test (same TestRun::Key()), one per agent.
struct TestGroup {
  std::string key;
  const TestRun* first = nullptr;  ///< file, session, test names come from here
  std::vector<size_t> runs;        ///< indices into Run::runs
};
/// Tests in first-seen order; each lists its runs in Run::runs order.
std::vector<TestGroup> GroupByTest(const Run& run);

/// Agent names in display order (Run::agents, then any agent found only in runs).
std::vector<std::string> AgentOrder(const Run& run);

}  // namespace ab::report
