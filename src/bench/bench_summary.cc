#include "bench/bench_summary.h"

#include <filesystem>

#include "base/redact.h"
#include "base/strings.h"
#include "bench/apply.h"
#include "bench/configs.h"
#include "bench/format.h"
#include "runner/ai_summary.h"
#include "runner/load.h"

namespace ab::bench {
namespace {

constexpr size_t kMaxPromptBytes = 24 * 1024;

}  // namespace

std::string BenchAiSummaryPrompt(const BenchSummary& summary, const std::vector<RunRecord>& runs) {
  // Only figures that a replay of the same bench reproduces (no latencies, ids or times): a recorded summary is
  // found again by the hash of its request.
  const Aggregate& all = summary.overall;
  // Starts like a run's prompt ("Results: "), so one scripted or recorded judge serves both.
  std::string p = "Results: bench '" + (summary.meta.name.empty() ? summary.meta.suite : summary.meta.name) + "', " +
                  std::to_string(all.runs) + " runs, " + std::to_string(all.passed) + " passed, " +
                  std::to_string(all.failed) + " failed, " + std::to_string(all.errored + all.timed_out) +
                  " errors (infrastructure), over " + std::to_string(summary.meta.configs.size()) + " configs × " +
                  std::to_string(summary.meta.variants.size()) + " variants × " +
                  std::to_string(summary.meta.repetitions) + " repetitions.\n\nConfigs:\n";
  for (const Aggregate& a : summary.by_config)
    p += "- " + a.config + ": success " + FormatPercent(a.success_rate) + " (" + std::to_string(a.passed) + "/" +
         std::to_string(a.runs) + "), mean cost " + FormatUsd(a.cost_mean) + "\n";
  if (!summary.most_reliable.empty()) p += "Most reliable: " + summary.most_reliable + "\n";
  p += "\n";
  int shown = 0, left = 0;
  for (const RunRecord& r : runs) {
    if (r.status == RunStatus::kPassed || r.status == RunStatus::kSkipped) continue;
    if (p.size() > kMaxPromptBytes) {
      ++left;
      continue;
    }
    ++shown;
    std::string block = "### " + r.test_key + " (config " + r.config + ", variant " + r.variant + ", repetition " +
                        std::to_string(r.repetition + 1) + "): " + store::RunStatusName(r.status) + "\n";
    if (!r.error.empty()) block += "- error: " + Truncate(r.error, 300) + "\n";
    if (!r.tool_chain.empty()) block += "Tool calls: " + Truncate(r.tool_chain, 300) + "\n";
    if (!r.final_answer.empty()) block += "Answer: " + Truncate(r.final_answer, 400) + "\n";
    p += block + "\n";
  }
  if (shown == 0) p += "Every run passed.\n";
  if (left > 0) p += "(" + std::to_string(left) + " more runs that did not pass are not shown.)\n";
  return Redact(p);
}

std::string MakeBenchAiSummary(const BenchSummarySource& source, const BenchSummary& summary,
                               const std::vector<RunRecord>& runs, std::ostream& err) {
  if (source.file.empty()) return "";
  runner::LoadedUnits loaded = runner::LoadUnits({source.file}, {});
  Result<BenchSpec> spec = source.configs_path.empty() ? Result<BenchSpec>(Error(ErrorCode::kConfig, "no configs"))
                                                       : LoadBenchSpec(source.configs_path);
  const bool by_spec = spec && spec->ai_summary;
  const config::AiSummary* by_file = loaded.ok() ? runner::FindAiSummaryConfig(loaded.units) : nullptr;
  if (!by_spec && !by_file) return "";
  auto warn = [&](const std::string& why) {
    err << "agent-bench: warning: no AI summary: " << Redact(why) << "\n";
    return std::string();
  };
  if (!loaded.ok() || loaded.units.empty()) return warn("the bench's test file " + source.file + " no longer loads");
  const std::string name = by_spec ? spec->ai_summary_provider : by_file->judge_provider;
  // "$self" is the model the bench measured first: the first config applied to the file.
  std::string self;
  if (spec && !spec->configs.empty()) {
    const std::string dir = std::filesystem::absolute(source.configs_path).parent_path().string();
    for (auto& unit : loaded.units) {
      if (Status s = ApplyConfig(spec->configs.front(), dir, unit); !s.ok()) return warn(s.error().message);
    }
    if (!loaded.units.front().agents.empty()) self = loaded.units.front().agents.front().provider;
  }
  auto text = runner::AskAiSummary(loaded.units, name, self, summary.meta.id, BenchAiSummaryPrompt(summary, runs),
                                   source.record_dir, source.replay_dir);
  if (!text) return warn(text.error().message);
  return *text;
}

}  // namespace ab::bench
