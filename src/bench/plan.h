// The run matrix of a bench: every config × variant × repetition, in a fixed order, each with a deterministic
// run id, optionally cut into one shard of N so several machines can share a bench.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "bench/configs.h"

namespace ab::bench {

/// Shard |index| (1-based) of |count|: `--shard 2/4` is {2, 4}.
struct Shard {
  int index = 1;
  int count = 1;
};

/// Parses "I/N" with 1 <= I <= N; kInvalidArgument otherwise.
Result<Shard> ParseShard(std::string_view text);

/// One execution of the whole test file with one config and one variant.
struct PlannedRun {
  std::string run_id;
  std::string bench_id;
  size_t ordinal = 0;        ///< position in the unsharded matrix: config-major, then variant, then repetition
  size_t config_index = 0;   ///< into BenchSpec::configs
  size_t variant_index = 0;  ///< into BenchSpec::variants
  std::string config;
  std::string variant;
  int repetition = 0;  ///< 0-based
};

/// The 16-hex-digit id of (bench, config, variant, repetition): FNV-1a 64 over the four fields, each prefixed
/// by its length so no two different tuples hash the same input. Stable across machines and versions.
std::string MakeRunId(std::string_view bench_id, std::string_view config, std::string_view variant, int repetition);

/// A new bench id that sorts by time: "YYYYMMDD-HHMMSS-xxxxxx" (UTC) with 6 hex digits from |salt| and the
/// time. Shards of one bench must be given the same id (see docs/bench.md).
std::string NewBenchId(int64_t now_ms, std::string_view salt);

/// The matrix. |runs_override| > 0 replaces spec.runs. With a shard, only the runs whose ordinal % count ==
/// index - 1 are returned (round robin, so every shard gets a similar mix of configs); the shards of one
/// count partition the matrix exactly.
std::vector<PlannedRun> PlanRuns(const BenchSpec& spec, const std::string& bench_id, int runs_override,
                                 std::optional<Shard> shard);

}  // namespace ab::bench
