// `--shard auto`: the shard of a bench taken from the job system that started this process, so one command line
// serves every task of a Kubernetes Indexed Job or a Slurm job array. An explicit `--shard I/N` always wins.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "base/result.h"
#include "bench/plan.h"

namespace ab::cli {

/// Reads one environment variable (std::getenv in the binary, a map in tests).
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

/// The shard for |flag|: "I/N" as written (bench::ParseShard), or "auto" from the environment:
///  - Kubernetes Indexed Job: JOB_COMPLETION_INDEX (0-based) is shard INDEX+1; the count (the Job's completions,
///    which Kubernetes does not export) from |count_flag| (--shard-count) or AB_SHARD_COUNT.
///  - Slurm job array: SLURM_ARRAY_TASK_ID minus SLURM_ARRAY_TASK_MIN, divided by SLURM_ARRAY_TASK_STEP (default
///    1), plus 1; the count from |count_flag|, AB_SHARD_COUNT or SLURM_ARRAY_TASK_COUNT.
/// kInvalidArgument with a sentence naming the variable when none is set, a value is not a number, or the index
/// falls outside the count. |count_flag| 0 = not given.
Result<bench::Shard> ResolveShard(const std::string& flag, int count_flag, const EnvLookup& env);

/// The process environment.
EnvLookup ProcessEnv();

}  // namespace ab::cli
