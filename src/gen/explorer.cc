#include "gen/explorer.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "agent/loop.h"
#include "assert/engine.h"
#include "base/exit_codes.h"
#include "base/json_dump.h"
#include "base/redact.h"
#include "base/strings.h"
#include "base/time.h"
#include "base/version.h"
#include "gen/ask.h"
#include "gen/generator_steps.h"
#include "gen/output.h"
#include "gen/workspace.h"
#include "report/render.h"
#include "report/writer.h"

namespace ab::gen {
namespace {

constexpr const char* kSystem =
    "You explore an MCP server through an AI agent to reach a testing goal. Each round you choose the next user "
    "prompt for the agent, which can call the server's tools; you see what happened in earlier rounds. Probe "
    "normal use and edge cases. Answer with one JSON object only.";

struct Round {
  std::string name;
  std::string prompt;
  std::string outcome;  // for the next decision prompt
};

std::string DecisionPrompt(const config::ExplorerConfig& e, const ToolCatalog& tools, const std::vector<Round>& done,
                           int iteration, int attempt) {
  std::string p = "PHASE: explore (round " + std::to_string(iteration) + " of " + std::to_string(e.max_iterations) +
                  ", attempt " + std::to_string(attempt) + ")\nGoal: " + e.goal + "\n\nTools the agent has:\n" +
                  tools.Describe() + "\n";
  if (!done.empty()) {
    p += "Earlier rounds:\n";
    for (const auto& r : done) p += "- " + r.name + ": " + Truncate(r.outcome, 600) + "\n";
  }
  p += "\nAnswer: {\"name\": \"short unique test name\", \"prompt\": \"what the user asks the agent\"} or "
       "{\"done\": true} when the goal is covered.\n";
  return p;
}

std::string StatusKind(ToolCallStatus s) {
  switch (s) {
    case ToolCallStatus::kToolError: return "tool_error";
    case ToolCallStatus::kRpcError: return "rpc_error";
    case ToolCallStatus::kTimeout: return "timeout";
    case ToolCallStatus::kTransport: return "crash";
    default: return "";
  }
}

std::string CallKey(const ToolCall& c) { return c.name + "\x1f" + DumpJson(c.arguments); }

std::string Outcome(const Transcript& t) {
  std::string s;
  for (const auto& c : t.tool_calls)
    s += c.name + "(" + Truncate(DumpJson(c.arguments), 120) + ") -> " + ToolCallStatusName(c.status) + "; ";
  s += "answer: " + Truncate(t.final_output, 200);
  return s;
}

// The trajectory as a test: the tools that answered must be called again, and nothing invented.
Json TrajectoryTest(const std::string& name, const std::string& prompt, const Transcript& t) {
  Json test = {{"name", name}, {"prompt", prompt}};
  Json asserts = Json::array();
  std::set<std::string> seen;
  for (const auto& c : t.tool_calls)
    if (c.status == ToolCallStatus::kOk && seen.insert(c.name).second)
      asserts.push_back({{"type", "tool_called"}, {"tool", c.name}});
  if (asserts.empty()) return nullptr;
  asserts.push_back({{"type", "no_hallucinated_tools"}});
  test["assertions"] = asserts;
  return test;
}

std::vector<config::AssertionSpec> Specs(const Json& test) {
  std::vector<config::AssertionSpec> specs;
  std::string why;
  for (const Json& a : test["assertions"])
    if (auto s = ToAssertionSpec(a, &why)) specs.push_back(std::move(*s));
  return specs;
}

}  // namespace

std::vector<report::BugFinding> FindBugs(const Transcript& t, const Transcript* replay) {
  std::vector<report::BugFinding> out;
  for (const auto& c : t.tool_calls) {
    const std::string kind = StatusKind(c.status);
    if (kind.empty()) continue;
    std::string why = !c.error.empty() ? c.error : (c.result ? c.result->Text() : std::string());
    out.push_back(
        {c.name, kind, "called with " + Truncate(DumpJson(c.arguments), 300) + ": " + Truncate(why, 600), c.server});
  }
  if (replay) {
    std::map<std::string, const ToolCall*> first;
    for (const auto& c : t.tool_calls) first.emplace(CallKey(c), &c);
    for (const auto& c : replay->tool_calls) {
      auto it = first.find(CallKey(c));
      if (it == first.end()) continue;
      const bool ok1 = it->second->status == ToolCallStatus::kOk, ok2 = c.status == ToolCallStatus::kOk;
      if (ok1 == ok2) continue;
      out.push_back({c.name, "inconsistent",
                     "the same call " + Truncate(DumpJson(c.arguments), 300) + " " + (ok1 ? "succeeded" : "failed") +
                         " first and " + (ok2 ? "succeeded" : "failed") + " when replayed",
                     c.server});
    }
  }
  return out;
}

int RunExplorer(const ExplorerOptions& o, std::ostream& out, std::ostream& err, const std::atomic<bool>& cancel) {
  auto ws = Workspace::Load(o.config_path, err);
  if (!ws) {
    err << "agent-bench: " << ws.error().message << "\n";
    return kExitUsage;
  }
  if (!(*ws)->file().explorer) {
    err << "agent-bench: " << o.config_path << " has no 'explorer:' section (see docs/explorer.md)\n";
    return kExitUsage;
  }
  const config::ExplorerConfig& e = *(*ws)->file().explorer;
  Status started = (*ws)->Start(e.agent, WorkspaceOptions{o.record_dir, o.replay_dir, o.seed, &cancel});
  if (!started.ok()) {
    err << "agent-bench: " << Redact(started.error().message) << "\n";
    return kExitInfra;
  }
  const agent::ToolSet tools = (*ws)->Tools();
  auto catalog = ToolCatalog::From(tools, std::nullopt);
  if (!catalog) {
    err << "agent-bench: " << catalog.error().message << "\n";
    return kExitInfra;
  }
  llm::Provider& provider = (*ws)->provider();
  std::optional<long long> request_seed;
  if (o.seed) request_seed = static_cast<long long>(*o.seed & 0x7fffffffffffffffULL);
  ModelCaller model(provider, e.max_tokens, request_seed, &cancel);
  const config::EffectiveSettings& settings = (*ws)->settings();
  agent::LoopOptions lo;
  lo.max_iterations = settings.max_iterations;
  lo.tool_timeout = settings.tool_timeout;
  lo.cancel = &cancel;
  auto run_agent = [&](const std::string& prompt) {
    agent::Conversation convo;
    convo.SetSystemPrompt((*ws)->agent().system_prompt);
    Transcript t = agent::RunAgentTest(provider, tools, convo, prompt, lo);
    model.Charge(t.usage);
    return t;
  };

  report::Run run;
  run.tool_version = Version();
  run.run_id = "explorer";
  run.started_ms = NowMs();
  run.test_files = {o.config_path};
  run.agents = {(*ws)->agent().name};
  std::vector<Round> rounds;
  Json kept = Json::array();
  std::set<std::string> names;
  int streak = 0;
  std::string stop;
  for (int i = 1; i <= e.max_iterations && stop.empty(); ++i) {
    AskSpec spec;
    spec.who = "explorer";
    spec.what = "round " + std::to_string(i);
    spec.system = kSystem;
    spec.prompt = [&](int attempt) { return DecisionPrompt(e, *catalog, rounds, i, attempt); };
    spec.validate = [&](const Json& j) -> std::vector<std::string> {
      if (j.contains("done") && j["done"] == true) return {};
      std::vector<std::string> errors;
      const std::string name = j.contains("name") && j["name"].is_string() ? j["name"].get<std::string>() : "";
      const std::string prompt = j.contains("prompt") && j["prompt"].is_string() ? j["prompt"].get<std::string>() : "";
      if (Trim(name).empty() || name.size() > 120) errors.push_back("\"name\" must be 1-120 characters");
      if (names.count(name)) errors.push_back("the name \"" + name + "\" was used in an earlier round");
      if (Trim(prompt).empty() || prompt.size() > 4000) errors.push_back("\"prompt\" must be 1-4000 characters");
      if ((name + prompt).find("{{") != std::string::npos) errors.push_back("no \"{{\" in names or prompts");
      return errors;
    };
    spec.attempts = e.max_retries;
    spec.max_calls = 2 * e.max_retries;
    auto decision = AskValidated(model, spec, err);
    if (!decision) {
      stop = decision.error().message;
      break;
    }
    if (decision->contains("done")) {
      stop = "the model says the goal is covered";
      break;
    }
    const std::string name = (*decision)["name"], prompt = (*decision)["prompt"];
    names.insert(name);
    Transcript first = run_agent(prompt);
    Json test = TrajectoryTest(name, prompt, first);
    Transcript replay;
    bool passed = false;
    if (!test.is_null() && !model.exhausted()) {
      replay = run_agent(prompt);
      auto results = assertions::EvaluateAssertions(Specs(test), replay, {});
      passed = std::all_of(results.begin(), results.end(), [](const AssertionResult& a) { return a.passed; });
      report::TestRun tr;
      tr.file = o.config_path;
      tr.session = "Exploration";
      tr.test = name;
      tr.agent = (*ws)->agent().name;
      tr.provider_name = (*ws)->agent().provider;
      tr.model = provider.model();
      tr.test_index = static_cast<int>(run.runs.size());
      tr.assertions = results;
      tr.passed = passed;
      tr.status = passed ? report::RunStatus::kPassed : report::RunStatus::kFailed;
      tr.transcript = replay;
      run.runs.push_back(std::move(tr));
    }
    for (auto& f : FindBugs(first, test.is_null() ? nullptr : &replay)) {
      err << "explorer: bug finding: " << f.kind << " in '" << f.tool << "' (server '" << f.server << "')\n";
      run.bug_findings.push_back(std::move(f));
    }
    std::string verdict = test.is_null() ? "no tool answered: not a test"
                          : passed       ? "kept"
                                         : "not kept: the replay failed";
    err << "explorer: round " << i << " '" << name << "': " << verdict << "\n";
    rounds.push_back({name, prompt, Outcome(first) + " [" + verdict + "]"});
    if (passed) {
      kept.push_back(test);
      ++streak;
      if (e.stop_on_pass_count > 0 && streak >= e.stop_on_pass_count)
        stop = std::to_string(streak) + " kept tests in a row (stop_on_pass_count)";
    } else {
      streak = 0;
    }
    if (model.exhausted() && stop.empty())
      stop = "token budget reached (max_tokens: " + std::to_string(e.max_tokens) + ", " +
             std::to_string(model.usage().total()) + " tokens used)";
  }
  run.ended_ms = NowMs();
  if (!stop.empty()) err << "explorer: stopped: " << stop << "\n";
  err << "explorer: " << kept.size() << " test" << (kept.size() == 1 ? "" : "s") << " kept, " << run.bug_findings.size()
      << " bug finding" << (run.bug_findings.size() == 1 ? "" : "s") << "; " << model.Summary() << "\n";
  if (cancel.load()) return kExitInterrupted;

  GeneratedFiles files;
  if (!kept.empty()) {
    const std::string config_dir = (*ws)->unit().files.front().file->dir;
    auto built = BuildFiles(o.config_path, config_dir,
                            "Explored from " + std::filesystem::path(o.config_path).filename().string(),
                            {GeneratedSession{"Exploration", kept}});
    if (!built) {
      err << "agent-bench: " << built.error().message << "\n";
      return kExitInfra;
    }
    files = std::move(*built);
  } else {
    files.suite_yaml.clear();
  }
  // The folder gets the reports even when no test was kept: the findings are the point then.
  GeneratedFiles to_write = files;
  if (to_write.suite_yaml.empty()) to_write.suite_yaml = "# no test was kept; see report.json\n";
  auto suite = WriteFiles(o.output_dir, "explorer", to_write);
  if (!suite) {
    err << "agent-bench: cannot write the explorer's results: " << suite.error().message << "\n";
    return kExitInfra;
  }
  const std::string folder = std::filesystem::path(*suite).parent_path().string();
  std::vector<std::string> written;
  Status st = report::WriteReports(run, folder + "/report", {"json", "html"}, report::RenderOptions{}, &written);
  if (!st.ok()) err << "agent-bench: " << st.error().message << "\n";
  out << folder << "\n";
  err << "explorer: wrote " << folder << " (suite.yaml, report.json, report.html)\n";
  return kept.empty() ? kExitFailed : kExitOk;
}

}  // namespace ab::gen
