#include "cli/gen_commands.h"

#include "base/exit_codes.h"
#include "gen/explorer.h"
#include "gen/generator.h"

namespace ab::cli {

int RunGenModes(const CliOptions& o, std::ostream& out, std::ostream& err, const std::atomic<bool>& cancel) {
  if (!o.generator.empty() && !o.explorer.empty()) {
    err << "agent-bench: give either -g (generate tests) or -e (explore), not both\n";
    return kExitUsage;
  }
  if (!o.generator.empty()) {
    gen::GeneratorOptions g;
    g.config_path = o.generator;
    if (!o.output_dir.empty()) g.output_dir = o.output_dir;
    g.dry_run = o.dry_run;
    g.seed = o.seed;
    g.record_dir = o.record_dir;
    g.replay_dir = o.replay_dir;
    return gen::RunGenerator(g, out, err, cancel);
  }
  gen::ExplorerOptions e;
  e.config_path = o.explorer;
  if (!o.output_dir.empty()) e.output_dir = o.output_dir;
  e.seed = o.seed;
  e.record_dir = o.record_dir;
  e.replay_dir = o.replay_dir;
  return gen::RunExplorer(e, out, err, cancel);
}

}  // namespace ab::cli
