// `agent-bench merge`: reads the JSON reports of the shards of one bench and rebuilds the whole bench (meta and
// runs), ready to be summarized, rendered and saved as one history entry.
#pragma once

#include <vector>

#include "base/json.h"
#include "base/result.h"
#include "bench/aggregate.h"
#include "bench/record.h"

namespace ab::bench {

/// A bench rebuilt from JSON reports.
struct LoadedBench {
  BenchMeta meta;
  std::vector<RunRecord> runs;
};

/// One bench JSON report (RenderBenchJson's output) back to meta and runs. kParse for another document kind,
/// a newer schema_version or a malformed run.
Result<LoadedBench> ReadBenchJson(const Json& report);

/// Merges shard reports of the same bench: same bench id required, a run (run_id, test) present in two shards
/// is an error (the same shard given twice), times span the earliest start to the latest end. Runs come out in
/// matrix order (config, variant, repetition), so the merge equals the unsharded bench.
Result<LoadedBench> MergeBenchJson(const std::vector<Json>& reports);

}  // namespace ab::bench
