#include "cli/shard_env.h"

#include <cstdlib>

namespace ab::cli {
namespace {

constexpr long long kMaxShards = 1'000'000;

// A whole number in [0, kMaxShards * 1000] (Slurm task ids may be large when the array starts high).
std::optional<long long> Number(const std::string& text) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  long long n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

Error Invalid(const std::string& message) { return Error(ErrorCode::kInvalidArgument, "--shard auto: " + message); }

Result<long long> Read(const EnvLookup& env, const char* name) {
  std::optional<std::string> v = env(name);
  std::optional<long long> n = v ? Number(*v) : std::nullopt;
  if (!n) return Invalid(std::string(name) + " is '" + v.value_or("") + "', not a whole number");
  return *n;
}

// The count: --shard-count, else AB_SHARD_COUNT, else |fallback| (a variable the job system sets), else an error.
Result<long long> Count(int count_flag, const EnvLookup& env, const char* fallback, const std::string& missing) {
  if (count_flag > 0) return static_cast<long long>(count_flag);
  for (const char* name : {"AB_SHARD_COUNT", fallback}) {
    if (name == nullptr || !env(name)) continue;
    Result<long long> n = Read(env, name);
    if (!n) return n.error();
    if (*n < 1 || *n > kMaxShards)
      return Invalid(std::string(name) + " must be 1 to 1000000, got " + std::to_string(*n));
    return *n;
  }
  return Invalid(missing);
}

Result<bench::Shard> Checked(long long index, long long count, const std::string& from) {
  if (index < 1 || index > count)
    return Invalid(from + " gives shard " + std::to_string(index) + " of " + std::to_string(count) + ", outside 1.." +
                   std::to_string(count));
  return bench::Shard{static_cast<int>(index), static_cast<int>(count)};
}

}  // namespace

Result<bench::Shard> ResolveShard(const std::string& flag, int count_flag, const EnvLookup& env) {
  if (flag != "auto") return bench::ParseShard(flag);
  if (env("JOB_COMPLETION_INDEX")) {
    Result<long long> index = Read(env, "JOB_COMPLETION_INDEX");
    if (!index) return index.error();
    Result<long long> count = Count(count_flag, env, nullptr,
                                    "JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job) but not how many shards "
                                    "there are: give --shard-count N (the Job's completions) or set AB_SHARD_COUNT");
    if (!count) return count.error();
    return Checked(*index + 1, *count, "JOB_COMPLETION_INDEX=" + std::to_string(*index));
  }
  if (env("SLURM_ARRAY_TASK_ID")) {
    Result<long long> id = Read(env, "SLURM_ARRAY_TASK_ID");
    if (!id) return id.error();
    long long min = 0, step = 1;
    if (env("SLURM_ARRAY_TASK_MIN")) {
      Result<long long> m = Read(env, "SLURM_ARRAY_TASK_MIN");
      if (!m) return m.error();
      min = *m;
    }
    if (env("SLURM_ARRAY_TASK_STEP")) {
      Result<long long> s = Read(env, "SLURM_ARRAY_TASK_STEP");
      if (!s) return s.error();
      if (*s < 1) return Invalid("SLURM_ARRAY_TASK_STEP must be at least 1");
      step = *s;
    }
    if (*id < min || (*id - min) % step != 0)
      return Invalid("SLURM_ARRAY_TASK_ID=" + std::to_string(*id) + " is not in the array starting at " +
                     std::to_string(min) + " with step " + std::to_string(step));
    Result<long long> count = Count(count_flag, env, "SLURM_ARRAY_TASK_COUNT",
                                    "SLURM_ARRAY_TASK_ID is set but not SLURM_ARRAY_TASK_COUNT: give --shard-count N");
    if (!count) return count.error();
    return Checked((*id - min) / step + 1, *count, "SLURM_ARRAY_TASK_ID=" + std::to_string(*id));
  }
  return Invalid(
      "neither JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) nor SLURM_ARRAY_TASK_ID (a Slurm job "
      "array) is set; give --shard I/N");
}

EnvLookup ProcessEnv() {
  return [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

}  // namespace ab::cli
