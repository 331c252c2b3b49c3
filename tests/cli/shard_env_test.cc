// --shard auto: the shard from a Kubernetes Indexed Job or a Slurm job array; an explicit I/N wins.
#include "cli/shard_env.h"

#include <doctest/doctest.h>

#include <map>

namespace ab::cli {
namespace {

EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

bool Is(const Result<bench::Shard>& r, int index, int count) {
  return r.has_value() && r->index == index && r->count == count;
}

std::string Why(const Result<bench::Shard>& r) { return r.has_value() ? "" : r.error().message; }

}  // namespace

TEST_CASE("shard: an explicit I/N wins over the environment") {
  auto env = Env({{"JOB_COMPLETION_INDEX", "0"}, {"AB_SHARD_COUNT", "8"}, {"SLURM_ARRAY_TASK_ID", "3"}});
  CHECK(Is(ResolveShard("2/4", 0, env), 2, 4));
  CHECK_FALSE(ResolveShard("5/4", 0, env).has_value());
}

TEST_CASE("shard: a Kubernetes Indexed Job's 0-based index, with the count from the flag or AB_SHARD_COUNT") {
  CHECK(Is(ResolveShard("auto", 4, Env({{"JOB_COMPLETION_INDEX", "0"}})), 1, 4));
  CHECK(Is(ResolveShard("auto", 4, Env({{"JOB_COMPLETION_INDEX", "3"}})), 4, 4));
  CHECK(Is(ResolveShard("auto", 0, Env({{"JOB_COMPLETION_INDEX", "2"}, {"AB_SHARD_COUNT", "5"}})), 3, 5));
  // The flag wins over AB_SHARD_COUNT.
  CHECK(Is(ResolveShard("auto", 6, Env({{"JOB_COMPLETION_INDEX", "2"}, {"AB_SHARD_COUNT", "5"}})), 3, 6));
  auto no_count = ResolveShard("auto", 0, Env({{"JOB_COMPLETION_INDEX", "1"}}));
  CHECK(Why(no_count).find("--shard-count") != std::string::npos);
  auto outside = ResolveShard("auto", 4, Env({{"JOB_COMPLETION_INDEX", "4"}}));
  CHECK(Why(outside).find("shard 5 of 4") != std::string::npos);
  CHECK(Why(ResolveShard("auto", 4, Env({{"JOB_COMPLETION_INDEX", "-1"}}))).find("not a whole number") !=
        std::string::npos);
  CHECK_FALSE(ResolveShard("auto", 4, Env({{"JOB_COMPLETION_INDEX", "1x"}})).has_value());
  CHECK_FALSE(ResolveShard("auto", 4, Env({{"JOB_COMPLETION_INDEX", ""}})).has_value());
}

TEST_CASE("shard: a Slurm array's task id minus its min (and over its step), with its task count") {
  CHECK(Is(ResolveShard("auto", 0, Env({{"SLURM_ARRAY_TASK_ID", "0"}, {"SLURM_ARRAY_TASK_COUNT", "3"}})), 1, 3));
  // --array=1-4: ids 1..4
  CHECK(Is(
      ResolveShard("auto", 0,
                   Env({{"SLURM_ARRAY_TASK_ID", "4"}, {"SLURM_ARRAY_TASK_MIN", "1"}, {"SLURM_ARRAY_TASK_COUNT", "4"}})),
      4, 4));
  // --array=10-16:2: ids 10, 12, 14, 16
  CHECK(Is(ResolveShard("auto", 0,
                        Env({{"SLURM_ARRAY_TASK_ID", "14"},
                             {"SLURM_ARRAY_TASK_MIN", "10"},
                             {"SLURM_ARRAY_TASK_STEP", "2"},
                             {"SLURM_ARRAY_TASK_COUNT", "4"}})),
           3, 4));
  CHECK_FALSE(ResolveShard("auto", 0,
                           Env({{"SLURM_ARRAY_TASK_ID", "13"},
                                {"SLURM_ARRAY_TASK_MIN", "10"},
                                {"SLURM_ARRAY_TASK_STEP", "2"},
                                {"SLURM_ARRAY_TASK_COUNT", "4"}}))
                  .has_value());
  CHECK_FALSE(
      ResolveShard("auto", 0,
                   Env({{"SLURM_ARRAY_TASK_ID", "5"}, {"SLURM_ARRAY_TASK_MIN", "6"}, {"SLURM_ARRAY_TASK_COUNT", "4"}}))
          .has_value());
  CHECK(Why(ResolveShard("auto", 0, Env({{"SLURM_ARRAY_TASK_ID", "2"}}))).find("SLURM_ARRAY_TASK_COUNT") !=
        std::string::npos);
  CHECK(Is(ResolveShard("auto", 2, Env({{"SLURM_ARRAY_TASK_ID", "1"}})), 2, 2));
}

TEST_CASE("shard: auto with no job system set says what it looked for") {
  auto none = ResolveShard("auto", 0, Env({}));
  CHECK(Why(none).find("JOB_COMPLETION_INDEX") != std::string::npos);
  CHECK(Why(none).find("SLURM_ARRAY_TASK_ID") != std::string::npos);
}

}  // namespace ab::cli
