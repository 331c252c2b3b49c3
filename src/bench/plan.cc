#include "bench/plan.h"

#include <charconv>
#include <cstdio>
#include <ctime>

namespace ab::bench {
namespace {

constexpr uint64_t kFnvOffset = 14695981039346656037ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;

void Mix(uint64_t& h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= kFnvPrime;
  }
}

void MixField(uint64_t& h, std::string_view field) {
  Mix(h, std::to_string(field.size()));
  Mix(h, ":");
  Mix(h, field);
}

std::optional<int> ParsePositive(std::string_view s) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 1) return std::nullopt;
  return v;
}

}  // namespace

Result<Shard> ParseShard(std::string_view text) {
  size_t slash = text.find('/');
  std::optional<int> index, count;
  if (slash != std::string_view::npos) {
    index = ParsePositive(text.substr(0, slash));
    count = ParsePositive(text.substr(slash + 1));
  }
  if (!index || !count || *index > *count) {
    return Error(ErrorCode::kInvalidArgument,
                 "invalid shard '" + std::string(text) + "': expected I/N with 1 <= I <= N, e.g. 2/4");
  }
  return Shard{*index, *count};
}

std::string MakeRunId(std::string_view bench_id, std::string_view config, std::string_view variant, int repetition) {
  uint64_t h = kFnvOffset;
  MixField(h, bench_id);
  MixField(h, config);
  MixField(h, variant);
  MixField(h, std::to_string(repetition));
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

std::string NewBenchId(int64_t now_ms, std::string_view salt) {
  std::time_t secs = static_cast<std::time_t>(now_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  uint64_t h = kFnvOffset;
  Mix(h, salt);
  MixField(h, std::to_string(now_ms));
  char out[40];
  std::snprintf(out, sizeof out, "%04d%02d%02d-%02d%02d%02d-%06llx", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<unsigned long long>(h & 0xffffff));
  return out;
}

std::vector<PlannedRun> PlanRuns(const BenchSpec& spec, const std::string& bench_id, int runs_override,
                                 std::optional<Shard> shard) {
  int runs = runs_override > 0 ? runs_override : spec.runs;
  std::vector<PlannedRun> out;
  size_t ordinal = 0;
  for (size_t c = 0; c < spec.configs.size(); ++c) {
    for (size_t v = 0; v < spec.variants.size(); ++v) {
      for (int rep = 0; rep < runs; ++rep, ++ordinal) {
        if (shard && ordinal % static_cast<size_t>(shard->count) != static_cast<size_t>(shard->index - 1)) continue;
        PlannedRun p;
        p.bench_id = bench_id;
        p.ordinal = ordinal;
        p.config_index = c;
        p.variant_index = v;
        p.config = spec.configs[c].name;
        p.variant = spec.variants[v].name;
        p.repetition = rep;
        p.run_id = MakeRunId(bench_id, p.config, p.variant, rep);
        out.push_back(std::move(p));
      }
    }
  }
  return out;
}

}  // namespace ab::bench
