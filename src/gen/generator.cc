#include "gen/generator.h"

#include <algorithm>
#include <filesystem>

#include "base/exit_codes.h"
#include "base/redact.h"
#include "gen/ask.h"
#include "gen/generator_steps.h"
#include "gen/output.h"
#include "gen/workspace.h"
#include "gen/yaml_emit.h"
#include "runner/checks.h"
#include "runner/load.h"

namespace ab::gen {
namespace {

struct Accepted {
  PlannedTest plan;
  Json test;
};

// Stops on a spent budget or an interruption (kCancelled); a rejected item is skipped with a note.
bool Stopped(const Error& e) { return e.code == ErrorCode::kCancelled; }

std::vector<GeneratedSession> BySession(const std::vector<Accepted>& accepted) {
  std::vector<GeneratedSession> sessions;
  for (const auto& a : accepted) {
    auto it = std::find_if(sessions.begin(), sessions.end(),
                           [&](const GeneratedSession& s) { return s.name == a.plan.session; });
    if (it == sessions.end()) {
      sessions.push_back(GeneratedSession{a.plan.session, Json::array()});
      it = sessions.end() - 1;
    }
    it->tests.push_back(a.test);
  }
  return sessions;
}

// The written suite must load and pass the static checks, as `validate` would; a failure here is our bug.
Status ValidateWritten(const std::string& suite_path, std::ostream& err) {
  runner::LoadedUnits loaded = runner::LoadUnits({}, {suite_path});
  Diagnostics d = loaded.diagnostics;
  for (const auto& u : loaded.units) {
    Diagnostics s = runner::CheckStatic(u);
    d.insert(d.end(), s.begin(), s.end());
  }
  if (!HasErrors(d)) return Status::Ok();
  runner::PrintDiagnostics(d, err);
  return Error(ErrorCode::kInternal, "the generated suite " + suite_path + " does not validate (see above)");
}

}  // namespace

int RunGenerator(const GeneratorOptions& o, std::ostream& out, std::ostream& err, const std::atomic<bool>& cancel) {
  auto ws = Workspace::Load(o.config_path, err);
  if (!ws) {
    err << "agent-bench: " << ws.error().message << "\n";
    return kExitUsage;
  }
  if (!(*ws)->file().generator) {
    err << "agent-bench: " << o.config_path << " has no 'generator:' section (see docs/generator.md)\n";
    return kExitUsage;
  }
  const config::GeneratorConfig& g = *(*ws)->file().generator;
  WorkspaceOptions wo{o.record_dir, o.replay_dir, o.seed, &cancel};
  err << "generator: starting the servers of agent '" << (g.agent.empty() ? (*ws)->unit().agents.front().name : g.agent)
      << "'\n";
  Status started = (*ws)->Start(g.agent, wo);
  if (!started.ok()) {
    err << "agent-bench: " << Redact(started.error().message) << "\n";
    return kExitInfra;
  }
  auto catalog = ToolCatalog::From((*ws)->Tools(), g.tools);
  if (!catalog) {
    err << "agent-bench: " << catalog.error().message << "\n";
    return kExitUsage;
  }
  GenContext ctx{&g, &*catalog, o.seed};
  std::optional<long long> request_seed;
  if (o.seed) request_seed = static_cast<long long>(*o.seed & 0x7fffffffffffffffULL);
  ModelCaller model((*ws)->provider(), g.max_tokens, request_seed, &cancel);
  err << "generator: " << catalog->Names().size() << " tools (" << Join(catalog->Names(), ", ") << "); writing "
      << g.test_count << " tests at " << config::NameOf(config::kComplexities, g.complexity) << " complexity with "
      << (*ws)->provider().model() << "\n";

  const int per_item_calls = g.max_iterations > 0 ? g.max_iterations : 2 * g.max_retries;
  std::string stop_reason;
  // Phase 1: the plan, in chunks of plan_chunk_size.
  std::vector<PlannedTest> plan;
  while (static_cast<int>(plan.size()) < g.test_count && stop_reason.empty()) {
    const int first = static_cast<int>(plan.size()) + 1;
    const int count = std::min(g.plan_chunk_size, g.test_count - static_cast<int>(plan.size()));
    std::vector<PlannedTest> chunk;
    AskSpec spec;
    spec.what = "plan of tests " + std::to_string(first) + "-" + std::to_string(first + count - 1);
    spec.system = kPlanSystem;
    spec.prompt = [&](int attempt) { return PlanPrompt(ctx, count, plan, attempt); };
    spec.validate = [&](const Json& j) { return CheckPlan(j, ctx, count, plan, &chunk); };
    spec.attempts = g.max_retries;
    spec.max_calls = per_item_calls;
    spec.max_reply_tokens = g.plan_chunk_max_tokens > 0 ? g.plan_chunk_max_tokens : std::max(4096, count * 800);
    auto answer = AskValidated(model, spec, err);
    if (!answer) {
      stop_reason = answer.error().message;
      break;
    }
    plan.insert(plan.end(), chunk.begin(), chunk.end());
  }
  for (size_t i = 0; i < plan.size(); ++i)
    err << "generator: planned " << i + 1 << "/" << g.test_count << ": [" << plan[i].session << "] " << plan[i].name
        << (plan[i].edge_case ? " (edge case)" : "") << "\n";
  if (o.dry_run) {
    out << "# plan (" << plan.size() << " of " << g.test_count << " tests)\n";
    for (const auto& p : plan)
      out << "- session: " << p.session << "\n  test: " << p.name << "\n  goal: " << p.goal << "\n  tools: ["
          << Join(p.tools, ", ") << "]\n";
  }

  // Phase 2 and 3: each test's intent, checked, then built by our code.
  std::vector<Accepted> accepted;
  int rejected = 0;
  for (size_t i = 0; i < plan.size() && stop_reason.empty(); ++i) {
    Json test;
    AskSpec spec;
    spec.what = "test " + std::to_string(i + 1) + "/" + std::to_string(plan.size()) + " '" + plan[i].name + "'";
    spec.system = kIntentSystem;
    spec.prompt = [&](int attempt) { return IntentPrompt(ctx, plan[i], attempt); };
    spec.validate = [&](const Json& j) { return CheckIntent(j, ctx, plan[i], &test); };
    spec.attempts = g.max_retries;
    spec.max_calls = per_item_calls;
    auto answer = AskValidated(model, spec, err);
    if (!answer) {
      if (Stopped(answer.error())) {
        stop_reason = answer.error().message;
        break;
      }
      ++rejected;
      err << "generator: left out: " << answer.error().message << "\n";
      continue;
    }
    accepted.push_back(Accepted{plan[i], test});
  }

  const bool budget = model.exhausted();
  if (!stop_reason.empty())
    err << "generator: stopped: "
        << (budget ? "token budget reached (max_tokens: " + std::to_string(g.max_tokens) + ", " +
                         std::to_string(model.usage().total()) + " tokens used)"
                   : stop_reason)
        << "; keeping the " << accepted.size() << " accepted test" << (accepted.size() == 1 ? "" : "s") << "\n";
  err << "generator: " << accepted.size() << " of " << g.test_count << " tests accepted"
      << (rejected ? ", " + std::to_string(rejected) + " rejected" : "") << "; " << model.Summary() << "\n";
  if (cancel.load()) return kExitInterrupted;
  if (accepted.empty()) {
    err << "agent-bench: the generator produced no test; nothing written\n";
    return budget ? kExitFailed : kExitInfra;
  }

  const std::string config_dir = (*ws)->unit().files.front().file->dir;
  const std::string suite_name = "Generated from " + std::filesystem::path(o.config_path).filename().string();
  auto files = BuildFiles(o.config_path, config_dir, suite_name, BySession(accepted));
  if (!files) {
    err << "agent-bench: " << files.error().message << "\n";
    return kExitInfra;
  }
  const int done = static_cast<int>(accepted.size()) >= g.test_count ? kExitOk : kExitFailed;
  if (o.dry_run) {
    out << "# suite.yaml\n" << files->suite_yaml;
    for (const auto& [name, text] : files->test_files) out << "# " << name << "\n" << text;
    err << "generator: dry run: nothing written\n";
    return done;
  }
  auto suite = WriteFiles(o.output_dir, "generated", *files);
  if (!suite) {
    err << "agent-bench: cannot write the generated suite: " << suite.error().message << "\n";
    return kExitInfra;
  }
  Status valid = ValidateWritten(*suite, err);
  if (!valid.ok()) {
    err << "agent-bench: " << valid.error().message << "\n";
    return kExitInfra;
  }
  out << *suite << "\n";
  err << "generator: wrote " << *suite << " and " << files->test_files.size() << " session file"
      << (files->test_files.size() == 1 ? "" : "s") << "; run it with: agent-bench -s " << *suite << "\n";
  return done;
}

}  // namespace ab::gen
