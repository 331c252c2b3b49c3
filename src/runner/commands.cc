#include "runner/commands.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "base/exit_codes.h"
#include "base/log.h"
#include "base/redact.h"
#include "base/safe_file.h"
#include "base/strings.h"
#include "config/fixes.h"
#include "config/loader.h"
#include "mcp/tools_listing.h"
#include "report/json_reader.h"
#include "report/render.h"
#include "report/writer.h"
#include "runner/ai_summary.h"
#include "runner/checks.h"
#include "runner/executor.h"
#include "runner/history.h"
#include "runner/load.h"
#include "runner/render_config.h"

namespace ab::runner {
namespace {

std::string DefaultOutputBase(const RunOptions& o) {
  std::string first = !o.test_files.empty() ? o.test_files.front() : o.suite_files.front();
  std::filesystem::path dir = std::filesystem::path(first).parent_path();
  return (dir / "test_results" / "report").string();
}

int CountTests(const Unit& u) {
  int n = 0;
  for (const auto& pf : u.files)
    for (const auto& s : pf.file->sessions) n += static_cast<int>(s.tests.size());
  return n;
}

// Applies the certain did-you-mean corrections of |paths| (and the test files their suites list) in place,
// printing each edit; false when a file could not be read or written.
bool FixFiles(const std::vector<std::string>& paths, bool dry_run, std::ostream& out, std::ostream& err) {
  Diagnostics all;
  for (const auto& path : paths) {
    LoadedUnits loaded = LoadUnits({path}, {});
    all.insert(all.end(), loaded.diagnostics.begin(), loaded.diagnostics.end());
    for (const auto& u : loaded.units) {
      Diagnostics s = CheckStatic(u);  // the assertions' fields
      all.insert(all.end(), s.begin(), s.end());
    }
  }
  bool ok = true;
  for (auto& [file, fixes] : config::FixesByFile(all)) {
    std::error_code ec;
    // Edit the file a link points to, not the link: a test file linked from elsewhere stays linked.
    const std::filesystem::path target = std::filesystem::canonical(file, ec);
    std::ifstream in(target, std::ios::binary);
    std::ostringstream buf;
    if (ec || !in || !(buf << in.rdbuf())) {
      err << "agent-bench validate: cannot read " << file << " to fix it\n";
      ok = false;
      continue;
    }
    in.close();
    std::string text = buf.str();
    config::FixOutcome done = config::ApplyFixes(text, std::move(fixes));
    for (const TextFix& f : done.applied)
      out << f.loc.ToString() << ": '" << f.old_text << "' -> '" << f.new_text << "'\n";
    PrintDiagnostics(done.skipped, err);
    if (dry_run || done.applied.empty()) continue;
    const auto perms = std::filesystem::status(target, ec).permissions();
    const mode_t mode = ec ? kPublicFileMode : static_cast<mode_t>(perms) & 07777;
    Status st = WriteFileAtomically(target.string(), text, mode);
    if (!st.ok()) {
      err << "agent-bench validate: could not write the corrections to " << file << ": " << st.error().ToString()
          << "\n";
      ok = false;
    }
  }
  if (dry_run) out << "(dry run: no file was changed)\n";
  return ok;
}

bool SameFile(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (std::filesystem::equivalent(a, b, ec)) return true;
  return std::filesystem::weakly_canonical(a, ec) == std::filesystem::weakly_canonical(b, ec);
}

// A suite file in the folder of |path| (the first 500 entries, in name order) that lists it, if any.
std::optional<std::string> SuiteListing(const std::string& path) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  std::vector<std::filesystem::path> candidates;
  std::filesystem::directory_iterator it(dir.empty() ? "." : dir, ec), end;
  for (int n = 0; !ec && it != end && n < 500; it.increment(ec), ++n) {
    const auto ext = it->path().extension();
    if ((ext == ".yaml" || ext == ".yml") && it->is_regular_file(ec) && !SameFile(it->path().string(), path))
      candidates.push_back(it->path());
  }
  std::sort(candidates.begin(), candidates.end());
  for (const auto& c : candidates) {
    if (!config::LooksLikeSuite(c.string())) continue;
    auto suite = config::LoadSuite(c.string());
    if (!suite.value) continue;
    for (const auto& listed : suite.value->test_file_paths)
      if (SameFile(listed, path)) return (dir.empty() ? c.filename() : dir / c.filename()).string();
  }
  return std::nullopt;
}

}  // namespace

int RunCommand(const RunOptions& o, std::ostream& out, std::ostream& err, const std::atomic<bool>& cancel) {
  if (o.test_files.empty() && o.suite_files.empty()) {
    err << "agent-bench: nothing to run: give a test file with -f or a suite with -s (see --help)\n";
    return kExitUsage;
  }
  LoadedUnits loaded = LoadUnits(o.test_files, o.suite_files);
  Diagnostics checks = loaded.diagnostics;
  int tests = 0;
  for (const auto& u : loaded.units) {
    Diagnostics s = CheckStatic(u), n = CheckNames(u), f = CheckFiles(u, true, o.replay_dir.empty());
    checks.insert(checks.end(), s.begin(), s.end());
    checks.insert(checks.end(), n.begin(), n.end());
    checks.insert(checks.end(), f.begin(), f.end());
    tests += CountTests(u);
  }
  PrintDiagnostics(InFileOrder(checks), err);
  if (HasErrors(checks)) {
    err << "agent-bench: nothing ran: fix the errors above\n";
    return kExitUsage;
  }
  if (tests == 0) {
    err << "agent-bench: nothing to run: the files define no tests\n";
    return kExitUsage;
  }

  auto types = report::ParseReportTypes(Join(o.report_types, ","));
  if (!types && !o.report_types.empty()) {
    err << "agent-bench: " << types.error().message << "\n";
    return kExitUsage;
  }
  RunOptions options = o;
  if (types) options.report_types = *types;
  std::string base = o.output_base.empty() ? DefaultOutputBase(o) : o.output_base;
  // Every finished test is journaled to BASE.jsonl; a fresh run starts a fresh journal.
  options.journal_path = base + ".jsonl";
  if (options.resume_path != options.journal_path) {
    std::error_code ec;
    std::filesystem::remove(options.journal_path, ec);
  }

  bool tty = ::isatty(STDERR_FILENO) != 0;
  ConsoleProgress console_progress(stderr, tty, o.color);
  SilentProgress silent;
  ProgressSink& progress = (o.quiet || !o.progress) ? static_cast<ProgressSink&>(silent) : console_progress;
  report::Run run = Execute(loaded.units, options, progress, cancel);
  for (const auto& w : run.warnings) LogWarn(w);
  if (!cancel.load()) AttachAiSummary(run, loaded.units, options.record_dir, options.replay_dir, err);

  report::RenderOptions ro;
  ro.deterministic = o.deterministic;
  ro.color = o.color;
  if (!o.quiet) report::RenderConsole(run, out, ro);
  else report::RenderConsoleFailures(run, out, ro);  // -q still says why the run failed
  std::vector<std::string> written;
  Status st = report::WriteReports(run, base, options.report_types, ro, &written);
  if (!st.ok()) err << "agent-bench: error: " << Redact(st.error().ToString()) << "\n";
  for (const auto& w : written) err << "agent-bench: wrote " << w << "\n";
  // An interrupted run is left out: its missing tests would read as verdict changes.
  if (options.save_history && !cancel.load() && !run.incomplete) {
    Result<std::string> saved = SaveRunToHistory(run, options.store);
    if (saved)
      err << "agent-bench: saved run " << *saved << " to the history (agent-bench history, agent-bench serve)\n";
    else
      err << "agent-bench: warning: the run was not saved: " << Redact(saved.error().message)
          << " (the results above stand; --no-history skips saving)\n";
  }

  if (cancel.load()) return kExitInterrupted;
  report::Totals t = run.totals();
  if (t.total > 0 && t.errored == t.total) return kExitInfra;
  return run.criteria_met() ? kExitOk : kExitFailed;
}

int ValidateCommand(const std::vector<std::string>& paths, std::ostream& out, std::ostream& err,
                    const ValidateOptions& options) {
  if (paths.empty()) {
    err << "agent-bench validate: give one or more test or suite files\n";
    return kExitUsage;
  }
  bool all_ok = true;
  if (options.fix && !FixFiles(paths, options.dry_run, out, err)) all_ok = false;
  for (const auto& path : paths) {
    // A test file that a suite beside it lists gets its providers, agents and variables from that suite: it is
    // checked as the suite runs it, and only its own diagnostics (and the suite's) are shown.
    std::optional<std::string> suite = config::LooksLikeSuite(path) ? std::nullopt : SuiteListing(path);
    LoadedUnits loaded = suite ? LoadUnits({}, {*suite}) : LoadUnits({path}, {});
    Diagnostics d = loaded.diagnostics;
    int tests = 0, sessions = 0, agents = 0;
    for (const auto& u : loaded.units) {
      Diagnostics s = CheckStatic(u), n = CheckNames(u, NameMode::kValidate), f = CheckFiles(u, false);
      d.insert(d.end(), s.begin(), s.end());
      d.insert(d.end(), n.begin(), n.end());
      d.insert(d.end(), f.begin(), f.end());
      agents += static_cast<int>(u.agents.size());
      for (const auto& pf : u.files) {
        if (suite && !SameFile(pf.file->path, path)) continue;
        sessions += static_cast<int>(pf.file->sessions.size());
        for (const auto& s2 : pf.file->sessions) tests += static_cast<int>(s2.tests.size());
      }
    }
    if (suite) {
      Diagnostics own;
      for (auto& x : d)
        if (x.loc.file.empty() || SameFile(x.loc.file, path) || SameFile(x.loc.file, *suite)) own.push_back(x);
      d = std::move(own);
    }
    PrintDiagnostics(InFileOrder(d), err);
    const std::string context = suite ? "; checked as a member of " + *suite : "";
    if (HasErrors(d) || loaded.units.empty()) {
      all_ok = false;
      int n = 0;
      for (const auto& x : d) n += x.severity == Severity::kError;
      out << path << ": invalid (" << n << " error" << (n == 1 ? "" : "s") << context << ")\n";
    } else {
      out << path << ": ok (" << agents << " agent" << (agents == 1 ? "" : "s") << ", " << sessions << " session"
          << (sessions == 1 ? "" : "s") << ", " << tests << " test" << (tests == 1 ? "" : "s") << context << ")\n";
    }
  }
  return all_ok ? kExitOk : kExitUsage;
}

int ToolsCommand(const std::vector<std::string>& paths, const std::string& server, bool json, std::ostream& out,
                 std::ostream& err) {
  if (paths.empty()) {
    err << "agent-bench tools: give a test or suite file with -f or -s\n";
    return kExitUsage;
  }
  LoadedUnits loaded = LoadUnits(paths, {});
  PrintDiagnostics(loaded.diagnostics, err);
  if (!loaded.ok()) return kExitUsage;
  std::vector<config::Server> servers;
  mcp::ConnectOptions co;
  for (const auto& u : loaded.units) {
    if (u.files.empty()) continue;
    co.base_dir = u.files.front().file->dir;
    auto ctx = FileContext(u.files.front(), "tools", std::nullopt);
    if (!ctx) {
      err << "agent-bench: " << Redact(ctx.error().ToString()) << "\n";
      return kExitUsage;
    }
    for (const auto& s : u.servers) {
      auto r = RenderServer(s, *ctx);
      if (!r) {
        err << "agent-bench: " << Redact(r.error().ToString()) << "\n";
        return kExitUsage;
      }
      servers.push_back(std::move(*r));
    }
  }
  return mcp::ListToolsCommand(servers, server, json, co, out, err);
}

int RegenerateReportCommand(const std::string& json_path, const std::string& output_base,
                            const std::vector<std::string>& types, bool deterministic, std::ostream& out,
                            std::ostream& err, const std::string& record_dir, const std::string& replay_dir) {
  auto run = report::ReadJsonReport(json_path);
  if (!run) {
    err << "agent-bench: cannot read " << json_path << ": " << run.error().ToString() << "\n";
    return kExitUsage;
  }
  std::string base = output_base;
  if (base.empty()) {
    std::filesystem::path p(json_path);
    base = (p.parent_path() / p.stem()).string();
  }
  report::RenderOptions ro;
  ro.deterministic = deterministic;
  AttachAiSummaryFromFiles(*run, err, record_dir, replay_dir);
  std::vector<std::string> written;
  Status st = report::WriteReports(*run, base, types, ro, &written);
  if (!st.ok()) {
    err << "agent-bench: " << st.error().ToString() << "\n";
    return kExitUsage;
  }
  for (const auto& w : written) out << "wrote " << w << "\n";
  return kExitOk;
}

}  // namespace ab::runner
