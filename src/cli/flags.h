// Command-line parsing. Accepts the reference product's Go-style flags (-f, -s, -o, -l, -reportType, -verbose, -v,
// -generate-report; one or two dashes, "-x v" or "-x=v") and GNU-style long options, plus a leading subcommand.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace ab::cli {

struct CliOptions {
  std::string command = "run";            ///< run, validate, tools, mock-llm, bench, report, ...
  std::vector<std::string> positional;    ///< arguments after the subcommand that are not flags
  std::vector<std::string> files;         ///< -f / --file (repeatable)
  std::vector<std::string> suites;        ///< -s / --suite (repeatable)
  std::string output;                     ///< -o / --output: report base name, extensions added
  std::string log_file;                   ///< -l / --log
  std::vector<std::string> report_types;  ///< -reportType / --report (comma-separated, repeatable)
  bool report_types_given = false;
  std::string generate_report;  ///< -generate-report JSON
  bool verbose = false;
  bool quiet = false;
  bool version = false;
  bool help = false;
  bool list_assertions = false;
  bool json = false;     ///< tools --json
  bool fix = false;      ///< validate --fix: apply the certain did-you-mean corrections
  bool dry_run = false;  ///< validate --fix --dry-run (alias --diff): print them, change nothing
  bool deterministic = false;
  bool no_color = false;
  bool no_progress = false;
  int jobs = 0;  ///< -j: 0 = settings.max_concurrent or the number of agents
  std::optional<unsigned long long> seed;
  std::string server;  ///< tools --server NAME
  std::string record_dir;
  std::string replay_dir;
  int port = 0;                      ///< mock-llm --port
  std::string script;                ///< mock-llm --script
  std::string configs;               ///< bench --configs
  int runs = 0;                      ///< bench --runs
  std::string store;                 ///< --store PATH
  std::string shard;                 ///< --shard I/N, or "auto" (cli/shard_env.h)
  int shard_count = 0;               ///< --shard-count N: with --shard auto in a Kubernetes Indexed Job
  std::string resume;                ///< --resume BASE.jsonl
  std::string bench_id;              ///< bench --bench-id: the same id for every shard of one bench
  std::string tag;                   ///< bench/merge --tag: tag the saved bench
  std::string otlp_endpoint;         ///< bench --otlp-endpoint URL: send spans (OTLP/HTTP JSON)
  std::string config_filter;         ///< history --config NAME
  std::string host;                  ///< serve --host ADDRESS (default 127.0.0.1)
  std::string token;                 ///< serve --token T (visible in ps: warned); never printed
  std::string token_file;            ///< serve --token-file PATH
  std::string base_dir;              ///< serve --base-dir DIR
  bool port_given = false;           ///< --port was on the command line (serve defaults to 8080)
  bool no_history = false;           ///< run --no-history: do not save the run to the history
  std::string test_filter;           ///< history --test NAME: one test's runs and flip rate
  std::string agent_filter;          ///< history --agent NAME
  bool calibrations = false;         ///< history --calibrations: stored judge calibrations per judge key
  std::string judge_filter;          ///< history --calibrations --judge TEXT
  bool force = false;                ///< init --force: replace existing files; compare --force: different suites
  std::string generator;             ///< -g CONFIG: write tests (docs/generator.md)
  std::string explorer;              ///< -e CONFIG: explore toward a goal (docs/explorer.md)
  std::string output_dir;            ///< -g/-e --output-dir DIR
  bool regenerate_variants = false;  ///< bench --regenerate-variants
};

/// Parses argv. Errors (unknown flag with did-you-mean, missing value, bad number) are kInvalidArgument.
Result<CliOptions> ParseFlags(const std::vector<std::string>& args);

/// The --help text.
const char* UsageText();

}  // namespace ab::cli
