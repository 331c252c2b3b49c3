#include "cli/flags.h"

#include <cstdlib>
#include <functional>

#include "base/strings.h"

namespace ab::cli {
namespace {

struct FlagSpec {
  std::vector<std::string> names;  ///< without leading dashes
  bool takes_value;
  std::function<Status(CliOptions&, const std::string&)> apply;
};

Status ParseInt(const std::string& flag, const std::string& v, int* out) {
  char* end = nullptr;
  long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || n < 0 || n > 1'000'000)
    return Error(ErrorCode::kInvalidArgument, "flag -" + flag + " expects a non-negative number, got '" + v + "'");
  *out = static_cast<int>(n);
  return Status::Ok();
}

void AddList(std::vector<std::string>& to, const std::string& csv) {
  for (auto& part : Split(csv, ',')) {
    std::string t(Trim(part));
    if (!t.empty()) to.push_back(t);
  }
}

const std::vector<FlagSpec>& Specs() {
  static const std::vector<FlagSpec> specs = {
      {{"f", "file"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.files.push_back(v);
         return Status();
       }},
      {{"s", "suite"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.suites.push_back(v);
         return Status();
       }},
      {{"o", "output"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.output = v;
         return Status();
       }},
      {{"l", "log"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.log_file = v;
         return Status();
       }},
      {{"reportType", "report", "report-type"},
       true,
       [](CliOptions& o, const std::string& v) {
         AddList(o.report_types, v);
         o.report_types_given = true;
         return Status();
       }},
      {{"generate-report"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.generate_report = v;
         return Status();
       }},
      {{"verbose"},
       false,
       [](CliOptions& o, const std::string&) {
         o.verbose = true;
         return Status();
       }},
      {{"q", "quiet"},
       false,
       [](CliOptions& o, const std::string&) {
         o.quiet = true;
         return Status();
       }},
      {{"v", "version"},
       false,
       [](CliOptions& o, const std::string&) {
         o.version = true;
         return Status();
       }},
      {{"h", "help"},
       false,
       [](CliOptions& o, const std::string&) {
         o.help = true;
         return Status();
       }},
      {{"list-assertions"},
       false,
       [](CliOptions& o, const std::string&) {
         o.list_assertions = true;
         return Status();
       }},
      {{"json"},
       false,
       [](CliOptions& o, const std::string&) {
         o.json = true;
         return Status();
       }},
      {{"force"},
       false,
       [](CliOptions& o, const std::string&) {
         o.force = true;
         return Status();
       }},
      {{"fix"},
       false,
       [](CliOptions& o, const std::string&) {
         o.fix = true;
         return Status();
       }},
      {{"dry-run", "diff"},
       false,
       [](CliOptions& o, const std::string&) {
         o.dry_run = true;
         return Status();
       }},
      {{"deterministic"},
       false,
       [](CliOptions& o, const std::string&) {
         o.deterministic = true;
         return Status();
       }},
      {{"no-color"},
       false,
       [](CliOptions& o, const std::string&) {
         o.no_color = true;
         return Status();
       }},
      {{"no-progress"},
       false,
       [](CliOptions& o, const std::string&) {
         o.no_progress = true;
         return Status();
       }},
      {{"j", "jobs"}, true, [](CliOptions& o, const std::string& v) { return ParseInt("j", v, &o.jobs); }},
      {{"seed"},
       true,
       [](CliOptions& o, const std::string& v) {
         char* end = nullptr;
         unsigned long long n = std::strtoull(v.c_str(), &end, 10);
         if (v.empty() || *end != '\0')
           return Status(Error(ErrorCode::kInvalidArgument, "flag -seed expects a number, got '" + v + "'"));
         o.seed = n;
         return Status();
       }},
      {{"server"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.server = v;
         return Status();
       }},
      {{"record"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.record_dir = v;
         return Status();
       }},
      {{"replay"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.replay_dir = v;
         return Status();
       }},
      {{"port"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.port_given = true;
         if (Status st = ParseInt("port", v, &o.port); !st.ok()) return st;
         if (o.port > 65535)
           return Status(
               Error(ErrorCode::kInvalidArgument, "flag --port expects 0 (any free port) to 65535, got '" + v + "'"));
         return Status();
       }},
      {{"host"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.host = v;
         return Status();
       }},
      {{"token"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.token = v;
         return Status();
       }},
      {{"token-file"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.token_file = v;
         return Status();
       }},
      {{"base-dir"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.base_dir = v;
         return Status();
       }},
      {{"script"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.script = v;
         return Status();
       }},
      {{"configs"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.configs = v;
         return Status();
       }},
      {{"runs"},
       true,
       [](CliOptions& o, const std::string& v) {
         // 0 would run nothing and look like a pass; the file's `runs:` applies when the flag is absent.
         if (Status st = ParseInt("runs", v, &o.runs); !st.ok()) return st;
         if (o.runs < 1)
           return Status(Error(ErrorCode::kInvalidArgument, "flag --runs expects at least 1 repetition, got '" + v +
                                                                "' (leave it out to use the "
                                                                "configs file's runs:)"));
         return Status();
       }},
      {{"store"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.store = v;
         return Status();
       }},
      {{"resume"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.resume = v;
         return Status();
       }},
      {{"shard"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.shard = v;
         return Status();
       }},
      {{"shard-count"},
       true,
       [](CliOptions& o, const std::string& v) {
         if (Status st = ParseInt("shard-count", v, &o.shard_count); !st.ok()) return st;
         if (o.shard_count < 1)
           return Status(Error(ErrorCode::kInvalidArgument, "flag --shard-count expects at least 1, got '" + v + "'"));
         return Status();
       }},
      {{"bench-id"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.bench_id = v;
         return Status();
       }},
      {{"tag"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.tag = v;
         return Status();
       }},
      {{"otlp-endpoint"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.otlp_endpoint = v;
         return Status();
       }},
      {{"config"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.config_filter = v;
         return Status();
       }},
      {{"no-history"},
       false,
       [](CliOptions& o, const std::string&) {
         o.no_history = true;
         return Status();
       }},
      {{"test"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.test_filter = v;
         return Status();
       }},
      {{"agent"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.agent_filter = v;
         return Status();
       }},
      {{"calibrations"},
       false,
       [](CliOptions& o, const std::string&) {
         o.calibrations = true;
         return Status();
       }},
      {{"judge"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.judge_filter = v;
         return Status();
       }},
      {{"g", "generate"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.generator = v;
         return Status();
       }},
      {{"e", "explore"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.explorer = v;
         return Status();
       }},
      {{"output-dir"},
       true,
       [](CliOptions& o, const std::string& v) {
         o.output_dir = v;
         return Status();
       }},
      {{"regenerate-variants"},
       false,
       [](CliOptions& o, const std::string&) {
         o.regenerate_variants = true;
         return Status();
       }},
  };
  return specs;
}

const FlagSpec* Find(const std::string& name) {
  for (const auto& s : Specs())
    for (const auto& n : s.names)
      if (n == name) return &s;
  return nullptr;
}

std::vector<std::string> AllFlagNames() {
  std::vector<std::string> out;
  for (const auto& s : Specs())
    for (const auto& n : s.names) out.push_back(n);
  return out;
}

}  // namespace

Result<CliOptions> ParseFlags(const std::vector<std::string>& args) {
  CliOptions o;
  size_t i = 0;
  if (!args.empty() && !args[0].empty() && args[0][0] != '-') {
    o.command = args[0];
    i = 1;
  }
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      for (++i; i < args.size(); ++i) o.positional.push_back(args[i]);
      break;
    }
    if (a.size() < 2 || a[0] != '-') {
      o.positional.push_back(a);
      continue;
    }
    std::string name = a.substr(a[1] == '-' ? 2 : 1);
    std::string value;
    bool has_inline = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_inline = true;
    }
    const FlagSpec* spec = Find(name);
    if (!spec) {
      return Error(ErrorCode::kInvalidArgument,
                   "unknown flag '" + a + "'" + DidYouMean(name, AllFlagNames()) + " (see agent-bench --help)");
    }
    if (spec->takes_value) {
      if (!has_inline) {
        if (i + 1 >= args.size()) return Error(ErrorCode::kInvalidArgument, "flag '" + a + "' needs a value");
        value = args[++i];
      }
    } else if (has_inline) {
      // Go's flag package accepts -verbose=true / -verbose=false.
      if (value == "false" || value == "0") continue;
      if (value != "true" && value != "1")
        return Error(ErrorCode::kInvalidArgument, "flag '-" + name + "' takes no value");
    }
    Status st = spec->apply(o, value);
    if (!st.ok()) return st.error();
  }
  return o;
}

const char* UsageText() {
  return R"(agent-bench: test AI agents that use MCP tools, across LLM providers.

Usage:
  agent-bench [run] -f TEST.yaml [-s SUITE.yaml] [options]   run tests (default command)
  agent-bench init [DIR] [--force]                            write a starter test file that runs offline
  agent-bench validate FILE...                                check test, suite, bench configs and mock script
                                                              files, run nothing
  agent-bench validate --fix [--dry-run] FILE...              rename misspelled keys in place, then check
  agent-bench tools -f FILE [--server NAME] [--json]          list the tools each MCP server offers
  agent-bench auth login|logout SERVER -f FILE | auth status  OAuth for a server (docs/auth.md)
  agent-bench report RESULTS.json -o BASE -reportType html,md  re-render reports from a JSON report
  agent-bench mock-llm --port N [--script FILE]               serve the built-in mock LLM
  agent-bench bench FILE --configs CONFIGS.yaml [--runs N]    compare provider configurations (docs/bench.md)
  agent-bench history [--suite S] [--config C]                list stored benches and runs, newest first, and
                                                              the tests whose verdict changed (flip rates)
  agent-bench history --test NAME [--agent A] [--runs N]      one test's verdicts over the newest N saved runs
                                                              (default 50)
  agent-bench history --calibrations [--judge TEXT]           stored judge calibrations per judge key over time
                                                              (kappa, 95% interval, agreement, bias)
  agent-bench compare A B [--force] [--json]                  compare two stored benches (ids, tags, latest)
  agent-bench tag BENCH NAME                                  name a stored bench (e.g. baseline)
  agent-bench calibrate SPEC.yaml [-o BASE] [--json]          measure LLM judges against human labels
  agent-bench merge SHARD.json... [-o BASE]                   combine the shards of one bench
  agent-bench serve [--store P] [--port 8080] [--host H]      web UI + REST API over the history (docs/serve.md)
  agent-bench -g GEN.yaml [--dry-run] [--output-dir D] [--seed N]  write tests with a model (docs/generator.md)
  agent-bench -e EXPLORE.yaml [--output-dir D]                explore servers toward a goal (docs/explorer.md)
  agent-bench --list-assertions                               list every assertion type and its fields

Options (one or two dashes; "-x value" or "-x=value"):
  -f, --file FILE          test file (YAML); may be repeated, may be combined with -s
  -s, --suite FILE         suite file (YAML) listing test files with shared definitions
  -o, --output BASE        report base name; extensions are added (default: <dir>/test_results/report)
  -reportType, --report T  comma-separated: html, json, md (alias markdown), junit (default: html)
  -generate-report JSON    re-render reports from an existing JSON report (same as 'report')
  -l, --log FILE           also append log lines to FILE
  -j, --jobs N             runs (agent x session) in parallel (default: settings.max_concurrent or #agents)
  --seed N                 make random template helpers reproducible
  --record DIR             save every provider exchange (secrets stripped)
  --replay DIR             answer provider requests from recordings; fail on a missing one
  --resume BASE.jsonl      rerun only what an interrupted run did not finish (its journal)
  --deterministic          normalize times and ids in reports (for golden files)
  --no-history             do not save the run to the history (--store; default .agent-bench/history.db)

Bench options (bench, history, compare, tag, merge):
  --configs FILE           the configs file: configs, variants, runs, max_concurrent_runs
  --runs N                 repetitions of every config x variant (overrides the file)
  -j, --jobs N             planned runs executing at once (overrides max_concurrent_runs)
  --report T               report files besides Markdown on stdout: json, html, md (default: json,html)
  -o, --output BASE        report base name (default: <dir of FILE>/bench_results/bench)
  --shard I/N              run only shard I of N; give every shard the same --bench-id, then merge
  --shard auto             the shard from a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, with --shard-count N
                           or AB_SHARD_COUNT) or a Slurm array (SLURM_ARRAY_TASK_ID/_MIN/_STEP/_COUNT)
  --bench-id ID            the bench id (default: a new time-ordered id)
  --store PATH|URL         the results history: a SQLite file (default: .agent-bench/history.db) or a
                           postgresql://user:password@host/db URL (password never printed)
  --tag NAME               tag the saved bench (bench, merge)
  --otlp-endpoint URL      send the bench's spans to an OpenTelemetry collector (OTLP/HTTP JSON; default:
                           $OTEL_EXPORTER_OTLP_ENDPOINT; headers from $OTEL_EXPORTER_OTLP_HEADERS)
  --config NAME            history: only benches that ran this config
  --host H                 serve: address to bind (default 127.0.0.1)
  --token-file PATH        serve: the API token (else $AB_SERVE_TOKEN, else --token T, which ps shows to every
                           user; none: a random one, printed once in the address to open)
  --base-dir DIR           serve: jobs may name only suites and configs under DIR (default: the current one)
  --no-color, --no-progress, -q/--quiet, -verbose
  -v, --version            print the version and exit
  -h, --help               print this help

Exit codes:
  0  all tests passed, or criteria.success_rate was met
  1  tests failed or errored (a timeout, a server or model failure), or criteria not met; compare: a
     regression was found
  2  usage or configuration error (nothing ran)
  3  infrastructure error: nothing could run (servers or providers unavailable)
  130 interrupted (SIGINT/SIGTERM); reports are written and marked incomplete (a second signal, or a stop
      that takes over 10 s, ends every process agent-bench started and exits at once, without reports)

Environment: NO_COLOR disables colours; AB_DETERMINISTIC=1 is the same as --deterministic.
)";
}

}  // namespace ab::cli
