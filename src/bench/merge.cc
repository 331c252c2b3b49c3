#include "bench/merge.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "base/redact.h"
#include "base/strings.h"
#include "bench/render.h"
#include "store/model.h"

namespace ab::bench {
namespace {

size_t IndexOf(const std::vector<std::string>& names, const std::string& name) {
  return static_cast<size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

}  // namespace

Result<LoadedBench> ReadBenchJson(const Json& report) {
  if (!report.is_object() || report.value("kind", "") != "agent-bench/bench") {
    return Error(ErrorCode::kParse, "not an agent-bench bench report (expected \"kind\": \"agent-bench/bench\")");
  }
  int version = report.value("schema_version", 0);
  if (version < 1 || version > kBenchJsonSchemaVersion) {
    return Error(ErrorCode::kParse, "unsupported bench report schema_version " + std::to_string(version));
  }
  LoadedBench out;
  try {
    const Json& b = report.at("bench");
    out.meta.id = b.at("id").get<std::string>();
    out.meta.name = b.value("name", "");
    out.meta.suite = b.value("suite", "");
    out.meta.started_ms = b.value("started_ms", int64_t{0});
    out.meta.ended_ms = b.value("ended_ms", int64_t{0});
    out.meta.tool_version = b.value("tool_version", "");
    out.meta.configs = b.value("configs", std::vector<std::string>{});
    out.meta.variants = b.value("variants", std::vector<std::string>{});
    out.meta.repetitions = b.value("repetitions", 1);
  } catch (const Json::exception& e) {
    return Error(ErrorCode::kParse, std::string("bench report: malformed 'bench' object: ") + e.what());
  }
  auto runs = report.find("runs");
  if (runs == report.end() || !runs->is_array()) return Error(ErrorCode::kParse, "bench report: no 'runs' array");
  for (const Json& j : *runs) {
    Result<RunRecord> r = RunFromJson(j);
    if (!r) return r.error();
    // Optional (reports before they were written have neither); a shard is a file, so both are bounded again.
    if (auto answer = j.find("final_answer"); answer != j.end() && answer->is_string())
      r->final_answer = store::FinalAnswerText(answer->get<std::string>());
    if (auto chain = j.find("tool_chain"); chain != j.end() && chain->is_string())
      r->tool_chain = Truncate(Redact(chain->get<std::string>()), store::kMaxToolChainBytes);
    out.runs.push_back(std::move(*r));
  }
  return out;
}

Result<LoadedBench> MergeBenchJson(const std::vector<Json>& reports) {
  if (reports.empty()) return Error(ErrorCode::kInvalidArgument, "merge needs at least one bench report");
  LoadedBench merged;
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t i = 0; i < reports.size(); ++i) {
    Result<LoadedBench> shard = ReadBenchJson(reports[i]);
    if (!shard) return Error(shard.error().code, "report " + std::to_string(i + 1) + ": " + shard.error().message);
    if (i == 0) {
      merged.meta = shard->meta;
    } else if (shard->meta.id != merged.meta.id) {
      return Error(ErrorCode::kInvalidArgument, "report " + std::to_string(i + 1) + " is bench '" + shard->meta.id +
                                                    "', not '" + merged.meta.id + "': shards must share a bench id");
    } else {
      if (shard->meta.started_ms && (!merged.meta.started_ms || shard->meta.started_ms < merged.meta.started_ms)) {
        merged.meta.started_ms = shard->meta.started_ms;
      }
      merged.meta.ended_ms = std::max(merged.meta.ended_ms, shard->meta.ended_ms);
    }
    for (RunRecord& r : shard->runs) {
      if (!seen.insert({r.run_id, r.test_key}).second) {
        return Error(ErrorCode::kInvalidArgument,
                     "run " + r.run_id + " (" + r.test_key + ") appears in two reports: was a shard given twice?");
      }
      merged.runs.push_back(std::move(r));
    }
  }
  const auto& configs = merged.meta.configs;
  const auto& variants = merged.meta.variants;
  std::stable_sort(merged.runs.begin(), merged.runs.end(), [&](const RunRecord& x, const RunRecord& y) {
    auto key = [&](const RunRecord& r) {
      return std::make_tuple(IndexOf(configs, r.config), IndexOf(variants, r.variant), r.repetition);
    };
    return key(x) < key(y);
  });
  return merged;
}

}  // namespace ab::bench
