#include "cli/app.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>

#include "assert/engine.h"
#include "base/exit_codes.h"
#include "base/log.h"
#include "base/strings.h"
#include "base/version.h"
#include "bench/bench_command.h"
#include "bench/commands.h"
#include "bench/plan.h"
#include "calibrate/command.h"
#include "cli/auth_command.h"
#include "cli/flags.h"
#include "cli/gen_commands.h"
#include "cli/init.h"
#include "cli/shard_env.h"
#include "cli/validate.h"
#include "llm/mock_server.h"
#include "mcp/subprocess.h"
#include "report/writer.h"
#include "runner/commands.h"
#include "runner/history.h"
#include "serve/access.h"
#include "serve/server.h"
#include "store/store.h"

namespace ab::cli {
namespace {

std::atomic<bool> g_cancel{false};
std::atomic<int> g_signals{0};  // lock-free, so the handler may touch it
static_assert(std::atomic<int>::is_always_lock_free);

// After the first SIGINT/SIGTERM the run winds down on its own: every wait in it watches g_cancel (model calls,
// tool calls, stdio writes, server handshakes) and servers get SIGTERM at once, SIGKILL after 2 s, so the reports
// are written within a few seconds. The watchdog is the backstop for anything that still hangs: 10 s after the
// first signal, or at once on a second one, it ends every descendant and exits 130 without reports.
constexpr auto kForcedStopAfter = std::chrono::seconds(10);

extern "C" void OnSignal(int) {
  g_cancel.store(true);
  // A third signal kills through the default action, whatever state the watchdog is in.
  if (g_signals.fetch_add(1) + 1 >= 2) {
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
  }
}

void StopWatchdog() {
  while (!g_cancel.load()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto forced_at = std::chrono::steady_clock::now() + kForcedStopAfter;
  while (g_signals.load() < 2 && std::chrono::steady_clock::now() < forced_at)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const char message[] =
      "agent-bench: still stopping after the interrupt; ending every process it started and "
      "exiting without reports\n";
  ssize_t ignored = ::write(STDERR_FILENO, message, sizeof(message) - 1);
  (void)ignored;
  mcp::EndDescendants(std::chrono::milliseconds(200));
  std::_Exit(kExitInterrupted);
}

void HandleSignals() {
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  static std::once_flag started;
  std::call_once(started, [] { std::thread(StopWatchdog).detach(); });
}

// No process outlives the run. Servers run in their own process groups, which Subprocess kills at shutdown, but a
// server can move a descendant out of its group (setsid, a daemon's double fork, `nohup cmd &`). As a child
// subreaper we inherit such orphans instead of init, and at the end (normal, error, or interrupt) whatever is
// still below us gets SIGTERM, then SIGKILL, and is reaped.
void EndLeftoverProcesses() {
  int ended = mcp::EndDescendants(std::chrono::seconds(1));
  if (ended > 0) {
    LogWarn("ended " + std::to_string(ended) + " process" + (ended == 1 ? "" : "es") +
            " left running by MCP servers (daemons or background children)");
  }
}

bool UseColor(const CliOptions& o) {
  return !o.no_color && std::getenv("NO_COLOR") == nullptr && ::isatty(STDOUT_FILENO);
}

runner::RunOptions ToRunOptions(const CliOptions& o) {
  runner::RunOptions r;
  r.test_files = o.files;
  r.suite_files = o.suites;
  for (const auto& p : o.positional) {  // `agent-bench run file.yaml` also works
    r.test_files.push_back(p);
  }
  r.output_base = o.output;
  if (o.report_types_given) r.report_types = o.report_types;
  r.verbose = o.verbose;
  r.quiet = o.quiet;
  r.progress = !o.no_progress;
  r.color = UseColor(o);
  const char* det = std::getenv("AB_DETERMINISTIC");
  r.deterministic = o.deterministic || (det && std::string(det) == "1");
  r.jobs = o.jobs;
  r.seed = o.seed;
  r.record_dir = o.record_dir;
  r.replay_dir = o.replay_dir;
  r.resume_path = o.resume;
  r.save_history = !o.no_history;
  r.store = o.store;
  return r;
}

int CmdRun(const CliOptions& o) {
  if (!o.generate_report.empty())
    return runner::RegenerateReportCommand(o.generate_report, o.output,
                                           o.report_types_given ? o.report_types : std::vector<std::string>{"html"},
                                           o.deterministic, std::cout, std::cerr, o.record_dir, o.replay_dir);
  HandleSignals();
  if (!o.generator.empty() || !o.explorer.empty()) return RunGenModes(o, std::cout, std::cerr, g_cancel);
  return runner::RunCommand(ToRunOptions(o), std::cout, std::cerr, g_cancel);
}

int CmdValidate(const CliOptions& o) {
  std::vector<std::string> paths = o.positional;
  paths.insert(paths.end(), o.files.begin(), o.files.end());
  paths.insert(paths.end(), o.suites.begin(), o.suites.end());
  if (o.dry_run && !o.fix) {
    std::cerr << "agent-bench validate: --dry-run only goes with --fix\n";
    return kExitUsage;
  }
  runner::ValidateOptions vo;
  vo.fix = o.fix;
  vo.dry_run = o.dry_run;
  return ValidateFiles(paths, std::cout, std::cerr, vo);
}

int CmdTools(const CliOptions& o) {
  std::vector<std::string> paths = o.files;
  paths.insert(paths.end(), o.suites.begin(), o.suites.end());
  paths.insert(paths.end(), o.positional.begin(), o.positional.end());
  return runner::ToolsCommand(paths, o.server, o.json, std::cout, std::cerr);
}

int CmdReport(const CliOptions& o) {
  std::string input = !o.positional.empty() ? o.positional.front() : o.generate_report;
  if (input.empty()) {
    std::cerr << "agent-bench report: give the JSON report to re-render\n";
    return kExitUsage;
  }
  return runner::RegenerateReportCommand(input, o.output,
                                         o.report_types_given ? o.report_types : std::vector<std::string>{"html"},
                                         o.deterministic, std::cout, std::cerr, o.record_dir, o.replay_dir);
}

int CmdMockLlm(const CliOptions& o) { return llm::RunMockLlmCommand(o.port, o.script); }

bool Deterministic(const CliOptions& o) {
  const char* det = std::getenv("AB_DETERMINISTIC");
  return o.deterministic || (det && std::string(det) == "1");
}

std::string StorePath(const CliOptions& o) { return o.store.empty() ? store::DefaultStorePath() : o.store; }

int CmdBench(const CliOptions& o) {
  bench::BenchCommandOptions b;
  std::vector<std::string> inputs = o.positional;
  inputs.insert(inputs.end(), o.files.begin(), o.files.end());
  inputs.insert(inputs.end(), o.suites.begin(), o.suites.end());
  if (!inputs.empty()) b.run.file = inputs.front();
  if (inputs.size() > 1) {
    std::cerr << "agent-bench bench: give one test file or suite (a suite can list several test files)\n";
    return kExitUsage;
  }
  b.run.configs_path = o.configs;
  b.run.runs = o.runs;
  b.run.jobs = o.jobs;
  b.run.bench_id = o.bench_id;
  b.run.seed = o.seed;
  if (o.shard_count > 0 && o.shard.empty()) {
    std::cerr << "agent-bench bench: --shard-count goes with --shard auto\n";
    return kExitUsage;
  }
  b.run.regenerate_variants = o.regenerate_variants;
  b.run.record_dir = o.record_dir;
  b.run.replay_dir = o.replay_dir;
  if (!o.shard.empty()) {
    auto shard = ResolveShard(o.shard, o.shard_count, ProcessEnv());
    if (!shard) {
      std::cerr << "agent-bench bench: " << shard.error().message << "\n";
      return kExitUsage;
    }
    b.run.shard = *shard;
  }
  b.output_base = o.output;
  if (o.report_types_given) b.report_types = o.report_types;
  b.store_path = StorePath(o);
  b.tag = o.tag;
  b.otlp_endpoint = o.otlp_endpoint;
  b.progress = !o.quiet && !o.no_progress;
  b.deterministic = Deterministic(o);
  HandleSignals();
  return bench::BenchCommand(b, std::cout, std::cerr, g_cancel);
}

int CmdHistory(const CliOptions& o) {
  if (o.calibrations) return runner::CalibrationHistoryCommand(StorePath(o), o.judge_filter, std::cout, std::cerr);
  runner::HistoryQuery q;
  q.location = StorePath(o);
  q.test = o.test_filter;
  q.agent = o.agent_filter;
  if (o.runs > 0) q.runs = o.runs;
  if (!q.test.empty() || !q.agent.empty()) return runner::RunHistoryCommand(q, std::cout, std::cerr);
  std::string suite = o.suites.empty() ? "" : o.suites.back();
  int code = bench::HistoryCommand(StorePath(o), suite, o.config_filter, std::cout, std::cerr);
  if (code != kExitOk || !suite.empty() || !o.config_filter.empty()) return code;
  q.silent_when_empty = true;
  return runner::RunHistoryCommand(q, std::cout, std::cerr);
}

int CmdCompare(const CliOptions& o) {
  if (o.positional.size() != 2) {
    std::cerr << "agent-bench compare: give two benches: ids, id prefixes, tags or 'latest'\n";
    return kExitUsage;
  }
  bench::CompareOptions options;
  options.force = o.force;
  return bench::CompareCommand(StorePath(o), o.positional[0], o.positional[1], std::cout, std::cerr, options, o.json);
}

int CmdCalibrate(const CliOptions& o) {
  std::vector<std::string> specs = o.positional;
  specs.insert(specs.end(), o.files.begin(), o.files.end());
  if (specs.size() != 1) {
    std::cerr << "agent-bench calibrate: give one calibration spec (see docs/statistics.md)\n";
    return kExitUsage;
  }
  calibrate::CommandOptions c;
  c.spec_path = specs.front();
  c.store_path = StorePath(o);
  c.output_base = o.output;
  c.json = o.json;
  HandleSignals();
  return calibrate::CalibrateCommand(c, std::cout, std::cerr, &g_cancel);
}

int CmdTag(const CliOptions& o) {
  if (o.positional.size() != 2) {
    std::cerr << "agent-bench tag: give the bench (id, prefix, tag or 'latest') and the tag name\n";
    return kExitUsage;
  }
  return bench::TagCommand(StorePath(o), o.positional[0], o.positional[1], std::cout, std::cerr);
}

int CmdMerge(const CliOptions& o) {
  std::vector<std::string> shards = o.positional;
  shards.insert(shards.end(), o.files.begin(), o.files.end());
  return bench::MergeCommand(shards, o.output, o.report_types_given ? o.report_types : std::vector<std::string>{},
                             StorePath(o), o.tag, Deterministic(o), std::cout, std::cerr);
}

int CmdServe(const CliOptions& o) {
  serve::ServeOptions s;
  s.store_path = StorePath(o);
  if (!o.host.empty()) s.host = o.host;
  s.port = o.port_given ? o.port : 8080;
  if (s.port > 65535) {
    std::cerr << "agent-bench serve: --port expects 0 (any free port) to 65535, got " << s.port << "\n";
    return kExitUsage;
  }
  Result<serve::TokenChoice> token = serve::ChooseToken(o.token, o.token_file, std::getenv("AB_SERVE_TOKEN"));
  if (!token) {
    std::cerr << "agent-bench serve: " << token.error().message << "\n";
    return kExitUsage;
  }
  if (!token->warning.empty()) std::cerr << "agent-bench serve: warning: " << token->warning << "\n";
  s.token = token->token;
  s.base_dir = o.base_dir;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  return serve::ServeCommand(s, std::cout, std::cerr, g_cancel);
}

int CmdInit(const CliOptions& o) {
  if (o.positional.size() > 1) {
    std::cerr << "agent-bench init: give at most one folder (default: the current one)\n";
    return kExitUsage;
  }
  return InitCommand(o.positional.empty() ? "." : o.positional.front(), o.force, SampleServerBesideBinary(), std::cout,
                     std::cerr);
}

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const CliOptions&);
  bool starts_servers;  ///< spawns MCP servers: becomes a subreaper and ends leftover processes at the end
};

const Command kCommands[] = {
    {"run", "run tests (the default)", CmdRun, true},
    {"init", "write a starter test file that runs offline", CmdInit, false},
    {"validate", "check test and suite files without running anything", CmdValidate, false},
    {"tools", "list the tools of the MCP servers a file defines", CmdTools, true},
    {"report", "re-render reports from a JSON report", CmdReport, false},
    {"mock-llm", "serve the built-in mock LLM", CmdMockLlm, false},
    {"bench", "compare provider configurations over repeated runs", CmdBench, true},
    {"history", "list stored benches", CmdHistory, false},
    {"compare", "compare two stored benches", CmdCompare, false},
    {"tag", "name a stored bench (e.g. baseline)", CmdTag, false},
    {"calibrate", "measure LLM judges against human labels", CmdCalibrate, false},
    {"merge", "merge sharded bench results", CmdMerge, false},
    {"serve", "serve the results web UI and REST API", CmdServe, true},
    {"auth", "log in to (or out of) an OAuth-protected MCP server; list cached tokens", CmdAuth, false},
};

}  // namespace

int RunApp(const std::vector<std::string>& args) {
  auto parsed = ParseFlags(args);
  if (!parsed) {
    std::cerr << "agent-bench: " << parsed.error().message << "\n";
    return kExitUsage;
  }
  const CliOptions& o = *parsed;
  calibrate::InstallCalibrationLookup(StorePath(o));  // llm_judge `calibration:` reads the history
  if (o.help || o.command == "help") {
    std::cout << UsageText();
    return kExitOk;
  }
  if (o.version) {
    std::cout << "agent-bench " << Version() << "\n";
    return kExitOk;
  }
  if (o.list_assertions) {
    assertions::ListAssertions(std::cout);
    return kExitOk;
  }
  SetLogLevel(o.verbose ? LogLevel::kDebug : (o.quiet ? LogLevel::kError : LogLevel::kWarn));
  if (!o.log_file.empty() && !SetLogFile(o.log_file)) {
    std::cerr << "agent-bench: cannot open log file " << o.log_file << "\n";
    return kExitUsage;
  }
  InstallOAuth();
  for (const auto& c : kCommands) {
    if (o.command != c.name) continue;
    if (!c.starts_servers) return c.run(o);
    mcp::BecomeChildSubreaper();
    const int code = c.run(o);
    EndLeftoverProcesses();
    return code;
  }
  std::vector<std::string> names;
  for (const auto& c : kCommands) names.push_back(c.name);
  std::cerr << "agent-bench: unknown command '" << o.command << "'" << DidYouMean(o.command, names)
            << " (see agent-bench --help)\n";
  return kExitUsage;
}

}  // namespace ab::cli
