#include "runner/history.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "base/exit_codes.h"
#include "base/json_parse.h"
#include "base/redact.h"
#include "base/strings.h"
#include "base/time.h"
#include "report/json.h"
#include "store/calibration_store.h"
#include "store/store.h"

namespace ab::runner {
namespace {

constexpr std::uintmax_t kMaxHashedFileBytes = std::uintmax_t{64} << 20;

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr) != 1) return "";
  static const char kHex[] = "0123456789abcdef";
  std::string out = "sha256:";
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

store::RunStatus ToStoreStatus(const report::TestRun& t) {
  // A timeout is counted apart, as bench does: a slow agent and a wrong one call for different fixes.
  if (t.transcript.timed_out) return store::RunStatus::kTimeout;
  switch (t.status) {
    case report::RunStatus::kPassed: return store::RunStatus::kPassed;
    case report::RunStatus::kFailed: return store::RunStatus::kFailed;
    case report::RunStatus::kError: return store::RunStatus::kError;
    case report::RunStatus::kSkipped: return store::RunStatus::kSkipped;
  }
  return store::RunStatus::kError;
}

store::RunRecord Record(const report::TestRun& test, const std::string& id) {
  store::RunRecord r;
  r.run_id = id + "/" + test.agent;
  r.bench_id = id;
  r.config = test.agent;
  FillRunRecord(test, r);
  r.error = Truncate(r.error, 4096);  // cut after redaction, so no secret is left half-matched at the cut
  return r;
}

std::string StemOf(const std::string& path) { return std::filesystem::path(path).stem().string(); }

}  // namespace

void FillRunRecord(const report::TestRun& test, store::RunRecord& r) {
  const Transcript& t = test.transcript;
  r.test_key = test.Key();
  r.agent = test.agent;
  r.status = ToStoreStatus(test);
  r.duration_ms = t.latency_ms;
  r.llm_ms = t.llm_ms;
  r.tool_ms = t.tool_ms;
  r.wait_ms = t.wait_ms;
  r.retries = t.rate_limits.retry_count;
  r.prompt_tokens = t.usage.prompt_tokens;
  r.completion_tokens = t.usage.completion_tokens;
  r.cached_tokens = t.usage.cached_tokens;
  r.cost_usd = TranscriptCost(t);  // no model call costs 0
  std::string error;
  for (const TranscriptError& e : t.errors) error += (error.empty() ? "" : "; ") + e.KindName() + ": " + e.message;
  if (error.empty() && r.status != store::RunStatus::kPassed) {
    for (const AssertionResult& a : test.assertions) {
      if (a.passed) continue;
      error = a.type + ": " + a.message;
      break;
    }
  }
  r.error = Redact(error);
  r.provider_type = test.provider_type;
  r.model = test.model;
  r.started_ms = t.started_ms;
  r.final_answer = store::FinalAnswerText(t.final_output);
  std::vector<std::pair<std::string, bool>> calls;
  for (const ToolCall& c : t.tool_calls) calls.emplace_back(c.name, c.status == ToolCallStatus::kOk);
  r.tool_chain = store::ToolChainText(calls);
}

std::vector<store::SourceFile> HashSourceFiles(const std::vector<std::string>& paths) {
  std::vector<store::SourceFile> out;
  for (const std::string& path : paths) {
    store::SourceFile f{path, ""};
    std::error_code ec;
    std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec && size <= kMaxHashedFileBytes) {
      std::ifstream in(path, std::ios::binary);
      std::string data(static_cast<size_t>(size), '\0');
      if (in.read(data.data(), static_cast<std::streamsize>(size)) || in.gcount() == static_cast<std::streamsize>(size))
        f.content_hash = Sha256Hex(data);
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::string NewHistoryRunId(int64_t started_ms) {
  std::time_t secs = static_cast<std::time_t>(started_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  std::random_device rd;
  char out[40];
  std::snprintf(out, sizeof out, "%04d%02d%02d-%02d%02d%02d-%06x", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<unsigned>(rd() & 0xffffff));
  return out;
}

store::StoredBench StoredRun(const report::Run& run, const std::string& id,
                             const std::vector<store::SourceFile>& files) {
  store::StoredBench b;
  store::BenchInfo& info = b.info;
  info.id = id;
  info.kind = store::kKindRun;
  std::string first = run.test_files.empty() ? "" : run.test_files.front();
  info.suite = !run.suite_name.empty() ? run.suite_name : StemOf(first);
  info.name = info.suite;
  info.started_ms = run.started_ms;
  info.ended_ms = run.ended_ms;
  info.tool_version = run.tool_version;
  info.configs = run.agents;
  info.files = files;
  std::vector<double> latencies;
  for (const report::TestRun& test : run.runs) {
    store::RunRecord r = Record(test, id);
    if (std::find(info.configs.begin(), info.configs.end(), r.config) == info.configs.end())
      info.configs.push_back(r.config);
    if (r.status != store::RunStatus::kSkipped) {
      ++info.total_runs;
      if (r.status == store::RunStatus::kPassed) ++info.passed_runs;
      latencies.push_back(r.duration_ms);
      // A run that never called a priced model costs nothing known; one without a price is unknown.
      if (r.cost_usd) info.total_cost_usd = info.total_cost_usd.value_or(0) + *r.cost_usd;
      else if (r.prompt_tokens + r.completion_tokens > 0) ++info.cost_unknown_runs;
    }
    // The transcript as the JSON report has it, then redacted and capped (a marker says what was cut).
    Json transcript = ParseJsonOrDiscarded(report::TestRunJsonText(test), kStoredJsonLimits);
    if (transcript.is_discarded()) transcript = report::TestRunToJson(test);
    b.transcripts.push_back(
        store::StoredTranscript{r.run_id, r.test_key, r.agent, SpilledText::Keep(store::TranscriptText(transcript))});
    b.runs.push_back(std::move(r));
  }
  if (!latencies.empty()) {
    std::sort(latencies.begin(), latencies.end());
    info.p50_latency_ms = latencies[(latencies.size() - 1) / 2];
  }
  return b;
}

Result<std::string> SaveRunToHistory(const report::Run& run, const std::string& location) {
  const std::string where = store::RedactStoreLocation(location.empty() ? store::DefaultStorePath() : location);
  std::vector<std::string> paths;
  std::set<std::string> seen;
  for (const std::string& f : run.test_files)
    if (seen.insert(f).second) paths.push_back(f);
  for (const report::TestRun& t : run.runs)
    if (seen.insert(t.file).second) paths.push_back(t.file);
  std::string id = NewHistoryRunId(run.started_ms ? run.started_ms : NowMs());
  store::StoredBench stored = StoredRun(run, id, HashSourceFiles(paths));
  Result<std::unique_ptr<store::Store>> s = store::OpenStore(location);
  if (!s) {
    std::string why = Redact(s.error().message);
    // The PostgreSQL backend already names the (redacted) location; say it once.
    return Error(s.error().code,
                 why.find(where) != std::string::npos ? why : "opening the history " + where + ": " + why);
  }
  if (Status saved = (*s)->SaveBench(stored); !saved)
    return Error(saved.error().code, "saving the run to the history " + where + ": " + Redact(saved.error().message));
  return id;
}

namespace {

std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

std::string Percent(double fraction) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", fraction * 100);
  return buf;
}

std::string Duration(double ms) {
  char buf[32];
  if (ms < 1000) std::snprintf(buf, sizeof buf, "%.0f ms", ms);
  else std::snprintf(buf, sizeof buf, "%.1f s", ms / 1000);
  return buf;
}

const char* Mark(store::RunStatus s) {
  switch (s) {
    case store::RunStatus::kPassed: return "P";
    case store::RunStatus::kFailed: return "F";
    case store::RunStatus::kError: return "E";
    case store::RunStatus::kTimeout: return "T";
    case store::RunStatus::kSkipped: return "S";
  }
  return "?";
}

int FileChanges(const store::TestFlips& f) {
  int changes = 0;
  for (size_t i = 1; i < f.outcomes.size(); ++i) {
    const std::string& a = f.outcomes[i - 1].content_hash;
    const std::string& b = f.outcomes[i].content_hash;
    if (!a.empty() && !b.empty() && a != b) ++changes;
  }
  return changes;
}

}  // namespace

int RunHistoryCommand(const HistoryQuery& q, std::ostream& out, std::ostream& err) {
  const std::string where = store::RedactStoreLocation(q.location.empty() ? store::DefaultStorePath() : q.location);
  Result<std::unique_ptr<store::Store>> s = store::OpenStore(q.location);
  if (!s) {
    err << "agent-bench history: cannot open the history " << where << ": " << Redact(s.error().message) << "\n";
    return kExitInfra;
  }
  store::Store& st = **s;
  store::BenchFilter recent;
  recent.kind = store::kKindRun;
  recent.limit = std::clamp(q.runs, 1, store::kMaxFlipRuns);
  Result<std::vector<store::BenchInfo>> runs = st.ListBenches(recent);
  if (!runs) {
    err << "agent-bench history: reading " << where << ": " << Redact(runs.error().message) << "\n";
    return kExitInfra;
  }
  if (runs->empty()) {
    if (q.silent_when_empty) return kExitOk;
    out << "No runs in " << where << " (every agent-bench -f/-s run is saved there unless --no-history).\n";
    return kExitOk;
  }
  if (q.silent_when_empty) out << "\n";
  out << "Runs (newest first):\n\n| Run | Started | Suite/file | Agents | Tests | Passed | p50 | Cost |\n"
      << "|---|---|---|---|---:|---:|---:|---:|\n";
  int shown = 0;
  for (const store::BenchInfo& b : *runs) {
    if (q.test.empty() && ++shown > 20) break;
    std::string agents;
    for (const auto& a : b.configs) agents += (agents.empty() ? "" : ", ") + a;
    std::string cost = "–";
    if (b.total_cost_usd) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "$%.4f", *b.total_cost_usd);
      cost = buf;
    }
    if (b.cost_unknown_runs > 0) cost += " (" + std::to_string(b.cost_unknown_runs) + " unknown)";
    out << "| " << Cell(b.id) << " | " << (b.started_ms ? FormatRfc3339(b.started_ms) : "–") << " | " << Cell(b.suite)
        << " | " << Cell(agents) << " | " << b.total_runs << " | " << b.passed_runs << " (" << Percent(b.success_rate())
        << ") | " << Duration(b.p50_latency_ms) << " | " << cost << " |\n";
  }

  store::FlipFilter ff;
  ff.test = q.test;
  ff.agent = q.agent;
  ff.runs = q.runs;
  Result<std::vector<store::TestFlips>> flips = st.FlipRates(ff);
  if (!flips) {
    err << "agent-bench history: reading " << where << ": " << Redact(flips.error().message) << "\n";
    return kExitInfra;
  }
  std::vector<const store::TestFlips*> listed;
  for (const store::TestFlips& f : *flips)
    if (!q.test.empty() || f.flips > 0) listed.push_back(&f);
  out << "\nFlip rates over the last " << runs->size() << " run" << (runs->size() == 1 ? "" : "s")
      << " (how often a test's verdict, passed or failed, changed between consecutive verdicts; errors and timeouts"
         " are no verdict and counted apart; P passed, F failed, E error, T timeout):\n\n";
  if (listed.empty()) {
    out << (q.test.empty() ? "No test changed its verdict.\n" : "No saved run has a test matching '" + q.test + "'.\n");
    return kExitOk;
  }
  out << "| Test | Agent | Runs | Errors | Flips | Flip rate | Trend | File changed | Verdicts (oldest → newest) |\n"
      << "|---|---|---:|---:|---:|---:|---|---:|---|\n";
  for (const store::TestFlips* f : listed) {
    std::string marks;
    size_t from = f->outcomes.size() > 30 ? f->outcomes.size() - 30 : 0;
    for (size_t i = from; i < f->outcomes.size(); ++i) marks += Mark(f->outcomes[i].status);
    out << "| " << Cell(f->test_key) << " | " << Cell(f->agent) << " | " << f->outcomes.size() << " | " << f->errors
        << " | " << f->flips << " | " << Percent(f->flip_rate()) << " | " << f->Trend() << " | " << FileChanges(*f)
        << " | " << marks << " |\n";
  }
  if (!q.test.empty()) {
    for (const store::TestFlips* f : listed) {
      out << "\n" << f->test_key << " (" << f->agent << "):\n";
      std::string previous_hash;
      for (const store::TestOutcome& o : f->outcomes) {
        bool changed = !previous_hash.empty() && !o.content_hash.empty() && o.content_hash != previous_hash;
        out << "  " << (o.started_ms ? FormatRfc3339(o.started_ms) : "–") << "  " << store::RunStatusName(o.status)
            << "  " << o.bench_id << "~" << o.seq << (o.model.empty() ? "" : "  " + o.model)
            << (changed ? "  (test file changed)" : "") << (o.error.empty() ? "" : "  " + Truncate(o.error, 160))
            << "\n";
        if (!o.content_hash.empty()) previous_hash = o.content_hash;
      }
    }
  }
  return kExitOk;
}

int CalibrationHistoryCommand(const std::string& location, const std::string& judge_filter, std::ostream& out,
                              std::ostream& err) {
  const std::string where = store::RedactStoreLocation(location.empty() ? store::DefaultStorePath() : location);
  Result<std::vector<store::CalibrationRow>> rows =
      store::ListCalibrations(location.empty() ? store::DefaultStorePath() : location);
  if (!rows) {
    err << "agent-bench history: reading the judge calibrations in " << where << ": " << Redact(rows.error().message)
        << "\n";
    return kExitInfra;
  }
  std::vector<store::JudgeCalibrations> judges = store::GroupCalibrationsByJudge(*rows, judge_filter);
  if (judges.empty()) {
    out << "No judge calibrations" << (judge_filter.empty() ? "" : " matching '" + judge_filter + "'") << " in "
        << where << " (agent-bench calibrate SPEC.yaml stores them there).\n";
    return kExitOk;
  }
  // Fixed decimals (|signed_|: with a sign), then |suffix|.
  auto fixed = [](double v, int decimals, bool signed_ = false) {
    char buf[48];
    if (signed_) std::snprintf(buf, sizeof buf, "%+.*f", decimals, v);
    else std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return std::string(buf);
  };
  out << "Judge calibrations in " << where
      << " (Cohen's kappa against the human labels, 95% interval; oldest first):\n";
  for (const store::JudgeCalibrations& j : judges) {
    out << "\n"
        << j.judge_key << "\n\n| Calibrated | Calibration | Judge | Kappa | 95% interval | Agreement | Bias | Items |\n"
        << "|---|---|---|---:|---|---:|---:|---:|\n";
    for (const store::JudgeCalibrationPoint& p : j.points) {
      out << "| " << (p.judge.created_ms ? FormatRfc3339(p.judge.created_ms) : "–") << " | "
          << Cell(p.judge.calibration_id + (p.calibration_name.empty() ? "" : " · " + p.calibration_name)) << " | "
          << Cell(p.judge.judge_name) << " | " << fixed(p.judge.kappa, 3) << " | "
          << "[" << fixed(p.judge.kappa_low, 3) << ", " << fixed(p.judge.kappa_high, 3) << "]"
          << " | " << Percent(p.judge.agreement) << " | " << fixed(100 * p.judge.bias, 1, true) << " points"
          << " | " << p.items << (p.repetitions > 1 ? " × " + std::to_string(p.repetitions) : "") << " |\n";
    }
    if (j.points.size() > 1) {
      double first = j.points.front().judge.kappa, last = j.points.back().judge.kappa;
      out << "\nkappa " << fixed(first, 3) << " → " << fixed(last, 3) << " (" << fixed(last - first, 3, true)
          << ") over " << j.points.size() << " calibrations\n";
    }
  }
  return kExitOk;
}

}  // namespace ab::runner
