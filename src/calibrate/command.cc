#include "calibrate/command.h"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "base/exit_codes.h"
#include "base/json_dump.h"
#include "base/redact.h"
#include "base/safe_file.h"
#include "calibrate/run.h"
#include "runner/judge.h"
#include "store/calibration_store.h"
#include "store/store.h"

namespace ab::calibrate {

void InstallCalibrationLookup(const std::string& store_path) {
  struct Cache {
    std::mutex mu;
    std::map<std::string, std::optional<assertions::JudgeCalibration>> found;
  };
  auto cache = std::make_shared<Cache>();
  runner::SetCalibrationLookup(
      [store_path, cache](const std::string& key) -> Result<std::optional<assertions::JudgeCalibration>> {
        std::lock_guard<std::mutex> lock(cache->mu);
        if (auto it = cache->found.find(key); it != cache->found.end()) return it->second;
        std::optional<assertions::JudgeCalibration> out;
        std::error_code ec;
        if (store::IsPostgresUrl(store_path) || std::filesystem::exists(store_path, ec)) {
          Result<std::optional<store::CalibrationJudgeRow>> row = store::LatestCalibration(store_path, key);
          if (!row) return row.error();
          if (*row) out = assertions::JudgeCalibration{(*row)->calibration_id, key, (*row)->kappa};
        }
        cache->found[key] = out;
        return out;
      });
}

int CalibrateCommand(const CommandOptions& o, std::ostream& out, std::ostream& err, const std::atomic<bool>* cancel) {
  Diagnostics diags;
  Result<Spec> spec = LoadSpec(o.spec_path, &diags);
  for (const Diagnostic& d : diags) err << Redact(d.ToString()) << "\n";
  if (!spec) {
    if (diags.empty()) err << "agent-bench calibrate: " << Redact(spec.error().ToString()) << "\n";
    return kExitUsage;
  }
  RunOptions ro;
  ro.store_path = o.store_path;
  ro.cancel = cancel;
  Result<Calibration> c = Run(std::move(*spec), ro);
  if (!c) {
    err << "agent-bench calibrate: " << Redact(c.error().ToString()) << "\n";
    return c.error().code == ErrorCode::kConfig || c.error().code == ErrorCode::kNotFound ? kExitUsage : kExitInfra;
  }
  Json json = ToJson(*c);
  std::string md = ToMarkdown(*c);
  if (o.json) {
    out << DumpJson(json, 2) << "\n";
  } else {
    out << md;
  }
  if (!o.output_base.empty()) {
    for (const auto& [ext, text] : {std::pair<std::string, std::string>{".json", DumpJson(json, 2) + "\n"},
                                    std::pair<std::string, std::string>{".md", md}}) {
      if (Status s = WriteFileAtomically(o.output_base + ext, text); !s) {
        err << "agent-bench calibrate: " << Redact(s.error().ToString()) << "\n";
        return kExitInfra;
      }
      err << "agent-bench: wrote " << o.output_base << ext << "\n";
    }
  }
  if (o.save) {
    store::CalibrationRow row;
    row.id = c->id;
    row.name = c->name;
    row.created_ms = c->created_ms;
    row.items = c->items;
    row.repetitions = c->repetitions;
    row.labeller_kappa = c->labeller_kappa;
    row.result = json;
    for (const JudgeResult& j : c->judges) {
      store::CalibrationJudgeRow r;
      r.judge_key = j.key;
      r.judge_name = j.name;
      r.kappa = j.kappa.kappa;
      r.kappa_low = j.kappa.low;
      r.kappa_high = j.kappa.high;
      r.agreement = j.agreement;
      r.bias = j.bias;
      row.judges.push_back(r);
    }
    std::string location = o.store_path.empty() ? store::DefaultStorePath() : o.store_path;
    if (Status s = store::SaveCalibration(location, row); !s) {
      err << "agent-bench calibrate: saving to the history: " << Redact(s.error().ToString()) << "\n";
      return kExitInfra;
    }
    err << "agent-bench: saved calibration " << c->id << " to " << store::RedactStoreLocation(location) << "\n";
  }
  return kExitOk;
}

}  // namespace ab::calibrate
