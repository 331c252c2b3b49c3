#include "runner/executor.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>

#include "base/time.h"
#include "base/version.h"
#include "runner/journal.h"
#include "runner/render_config.h"
#include "runner/session_run.h"
#include "template/variables.h"

namespace ab::runner {
namespace {

std::string TempDir() {
  std::error_code ec;
  auto p = std::filesystem::temp_directory_path(ec);
  return ec ? "/tmp" : p.string();
}

bool AgentRunsInFile(const config::Agent& agent, const config::TestFile& f) {
  for (const auto& s : f.sessions)
    for (const auto& t : s.tests)
      if (RunsOn(t, agent.name)) return true;
  return false;
}

bool AgentRunsInSession(const config::Agent& agent, const config::Session& s) {
  for (const auto& t : s.tests)
    if (RunsOn(t, agent.name)) return true;
  return false;
}

/// The journal of this run (--journal); when it cannot be opened, the run goes on without one and says so.
std::unique_ptr<Journal> OpenJournal(const RunOptions& options, report::Run& run) {
  auto journal = Journal::Open(options.journal_path);
  if (!journal) {
    run.warnings.push_back(journal.error().message);
    journal = Journal::Open("");
  }
  return std::move(*journal);
}

/// --resume: the results an earlier run's journal holds, by JournalKey (empty without --resume or when unreadable).
std::map<std::string, report::TestRun> ReadResumed(const RunOptions& options, report::Run& run) {
  std::map<std::string, report::TestRun> resumed;
  if (!options.resume_path.empty()) {
    auto prior = ReadJournal(options.resume_path);
    if (prior) resumed = std::move(*prior);
    else run.warnings.push_back(prior.error().message);
  }
  return resumed;
}

/// Records a unit's files, suite, success criterion and agents in the run's header.
void NoteUnit(const Unit& unit, report::Run& run) {
  run.test_files.push_back(unit.label);
  if (!unit.suite_name.empty()) run.suite_name = unit.suite_name;
  if (unit.criteria.success_rate && !run.required_success_rate) run.required_success_rate = unit.criteria.success_rate;
  for (const auto& a : unit.agents)
    if (std::find(run.agents.begin(), run.agents.end(), a.name) == run.agents.end()) run.agents.push_back(a.name);
}

/// One rendered context per file: random variables get one value for the whole run. A file whose variables do
/// not render gets an empty context and a warning.
std::vector<tmpl::Context> FileContexts(const Unit& unit, const RunOptions& options, report::Run& run) {
  std::vector<tmpl::Context> contexts;
  for (const auto& pf : unit.files) {
    auto ctx = FileContext(pf, run.run_id, options.seed);
    if (!ctx) {
      run.warnings.push_back(ctx.error().ToString());
      contexts.emplace_back();
    } else {
      contexts.push_back(std::move(*ctx));
    }
  }
  return contexts;
}

/// One runtime per agent of the unit, null for an agent no test runs on.
using Runtimes = std::vector<std::unique_ptr<AgentRuntime>>;

/// Agents that have work, each with its own server instances, started in parallel; their warnings go to the run.
Runtimes StartAgents(const Unit& unit, const tmpl::Context& unit_ctx, ProviderPool& providers,
                     const std::atomic<bool>& cancel, const std::string& trace_id, report::Run& run) {
  Runtimes runtimes(unit.agents.size());
  std::vector<std::thread> starters;
  for (size_t a = 0; a < unit.agents.size(); ++a) {
    const auto& agent = unit.agents[a];
    bool used = false;
    for (const auto& pf : unit.files) used = used || AgentRunsInFile(agent, *pf.file);
    if (!used) continue;
    std::vector<config::Server> servers;
    std::string render_error;
    tmpl::Context ctx = unit_ctx;
    ctx.variables[tmpl::kAgentName] = agent.name;
    for (const auto& as : agent.servers) {
      const config::Server* s = unit.FindServer(as.name);
      if (!s) continue;
      auto rendered = RenderServer(*s, ctx);
      if (!rendered) render_error = rendered.error().ToString();
      else servers.push_back(std::move(*rendered));
    }
    mcp::ConnectOptions co;
    co.base_dir = unit.files.front().file->dir;
    co.max_result_bytes = unit.files.front().settings.max_result_bytes;
    co.cancel = &cancel;
    co.trace_id = trace_id;
    runtimes[a] = std::make_unique<AgentRuntime>(agent, std::move(servers), co);
    if (!render_error.empty()) runtimes[a]->Fail(render_error);
    starters.emplace_back([&, a] { runtimes[a]->Start(providers); });
  }
  for (auto& t : starters) t.join();
  for (const auto& rt : runtimes)
    if (rt)
      for (const auto& w : rt->warnings()) run.warnings.push_back(w);
  return runtimes;
}

/// --resume: the earlier results of one (session, agent) job, re-indexed for this run; taken only when every test
/// of the session finished earlier (a partly finished session is rerun whole, since its tests share one
/// conversation). |wanted| is the number of the session's tests the agent runs.
std::vector<report::TestRun> ResumedRuns(const SessionJob& job, const std::string& agent,
                                         const std::map<std::string, report::TestRun>& resumed, int& wanted) {
  const auto& session = *job.session;
  std::vector<report::TestRun> done;
  for (size_t t = 0; t < session.tests.size(); ++t) {
    const auto& test = session.tests[t];
    if (!RunsOn(test, agent)) continue;
    auto it = resumed.find(JournalKey(job.file->file->path, session.name, test.name, agent));
    if (it == resumed.end()) break;
    report::TestRun r = it->second;
    r.file_index = job.file_index;
    r.session_index = job.session_index;
    r.test_index = static_cast<int>(t);
    r.agent_index = job.agent_index;
    done.push_back(std::move(r));
  }
  wanted = 0;
  for (const auto& t : session.tests)
    if (RunsOn(t, agent)) ++wanted;
  return done;
}

/// The jobs of a unit and the number of tests they run.
struct JobPlan {
  std::vector<SessionJob> jobs;
  int total_tests = 0;
};

/// Jobs in declaration order: file, session, agent. A job --resume finds whole in the journal is not planned: its
/// earlier results go to the run (and this run's journal) instead.
JobPlan PlanJobs(const Unit& unit, const Runtimes& runtimes, ProviderPool& providers,
                 const std::vector<tmpl::Context>& contexts, int file_counter,
                 const std::map<std::string, report::TestRun>& resumed, Journal& journal, report::Run& run) {
  JobPlan plan;
  std::vector<bool> agent_started(unit.agents.size(), false);
  for (size_t f = 0; f < unit.files.size(); ++f) {
    const auto& pf = unit.files[f];
    for (size_t s = 0; s < pf.file->sessions.size(); ++s) {
      const auto& session = pf.file->sessions[s];
      for (size_t a = 0; a < unit.agents.size(); ++a) {
        if (!runtimes[a] || !AgentRunsInSession(unit.agents[a], session)) continue;
        SessionJob job;
        job.unit = &unit;
        job.file = &pf;
        job.session = &session;
        job.runtime = runtimes[a].get();
        job.providers = &providers;
        job.file_context = &contexts[f];
        job.file_index = file_counter + static_cast<int>(f);
        job.session_index = static_cast<int>(s);
        job.agent_index = static_cast<int>(a);
        job.first_session_of_agent = !agent_started[a];
        agent_started[a] = true;
        int wanted = 0;
        std::vector<report::TestRun> done = ResumedRuns(job, unit.agents[a].name, resumed, wanted);
        if (!resumed.empty() && static_cast<int>(done.size()) == wanted) {
          for (auto& r : done) {
            journal.Append(r);
            run.runs.push_back(std::move(r));
          }
          continue;
        }
        plan.total_tests += wanted;
        plan.jobs.push_back(job);
      }
    }
  }
  return plan;
}

/// Worker threads for a unit: -j, else the file's max_concurrent, else one per agent; never more than jobs.
int WorkerCount(const RunOptions& options, const Unit& unit, size_t jobs) {
  int workers = options.jobs;
  if (workers <= 0) workers = unit.files.front().settings.max_concurrent;
  if (workers <= 0) workers = static_cast<int>(std::max<size_t>(1, unit.agents.size()));
  return std::max(1, std::min<int>(workers, static_cast<int>(jobs)));
}

/// Runs the planned jobs on |workers| threads; each finished test goes to the progress sink, the journal and the
/// run as it finishes. |cancel| stops workers from taking new jobs.
void RunJobs(const JobPlan& plan, int workers, ProgressSink& progress, Journal& journal,
             const std::atomic<bool>& cancel, report::Run& run) {
  const std::vector<SessionJob>& jobs = plan.jobs;
  std::mutex results_mu;
  progress.Start(plan.total_tests);
  std::mutex queue_mu;
  size_t next = 0;
  auto worker = [&] {
    while (true) {
      size_t mine;
      {
        std::lock_guard<std::mutex> lock(queue_mu);
        if (next >= jobs.size() || cancel.load()) return;
        mine = next++;
      }
      const SessionJob& job = jobs[mine];
      for (const auto& note : job.runtime->RestartDeadServers()) {
        progress.Note(note);
        std::lock_guard<std::mutex> lock(results_mu);
        run.warnings.push_back(note);
      }
      RunSession(
          job, cancel,
          [&](const std::string& test) { progress.TestStarted(job.runtime->agent().name, job.session->name, test); },
          [&](report::TestRun r) {
            progress.TestFinished(r);
            journal.Append(r);
            std::lock_guard<std::mutex> lock(results_mu);
            run.runs.push_back(std::move(r));
          });
    }
  };
  std::vector<std::thread> pool;
  for (int i = 0; i < workers; ++i) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  progress.Finish();
}

/// All agents at once: each server may take its shutdown grace, and agents one after another would add up.
void CloseAgents(const Runtimes& runtimes) {
  std::vector<std::thread> closers;
  for (const auto& rt : runtimes)
    if (rt) closers.emplace_back([r = rt.get()] { r->Close(); });
  for (auto& t : closers) t.join();
}

}  // namespace

Result<tmpl::Context> FileContext(const PlannedFile& file, const std::string& run_id,
                                  std::optional<unsigned long long> seed) {
  tmpl::Context ctx;
  if (seed) ctx.rng.seed(*seed);
  ctx.variables[tmpl::kRunId] = run_id;
  ctx.variables[tmpl::kTempDir] = TempDir();
  ctx.variables[tmpl::kTestDir] = file.file->dir;
  auto vars = tmpl::RenderVariables(file.variables, ctx);
  if (!vars) return vars.error();
  for (auto& [k, v] : *vars) ctx.variables[k] = v;
  return ctx;
}

report::Run Execute(std::vector<Unit>& units, const RunOptions& options, ProgressSink& progress,
                    const std::atomic<bool>& cancel) {
  report::Run run;
  run.tool_version = Version();
  run.started_ms = NowMs();
  std::mt19937_64 id_rng(options.seed ? *options.seed : std::random_device{}());
  run.run_id = tmpl::NewUuidV4(id_rng);

  int file_counter = 0;
  std::unique_ptr<Journal> journal = OpenJournal(options, run);
  std::map<std::string, report::TestRun> resumed = ReadResumed(options, run);
  for (auto& unit : units) {
    NoteUnit(unit, run);
    std::vector<tmpl::Context> contexts = FileContexts(unit, options, run);
    if (unit.files.empty()) continue;
    const tmpl::Context& unit_ctx = contexts.front();
    ProviderSetup setup{unit.files.front().file->dir, options.record_dir, options.replay_dir, options.provider_cache};
    ProviderPool providers(unit.providers, unit_ctx, setup);

    Runtimes runtimes = StartAgents(unit, unit_ctx, providers, cancel, options.trace_id, run);
    JobPlan plan = PlanJobs(unit, runtimes, providers, contexts, file_counter, resumed, *journal, run);
    file_counter += static_cast<int>(unit.files.size());
    RunJobs(plan, WorkerCount(options, unit, plan.jobs.size()), progress, *journal, cancel, run);
    CloseAgents(runtimes);
  }

  std::stable_sort(run.runs.begin(), run.runs.end(), [](const report::TestRun& a, const report::TestRun& b) {
    return std::tie(a.file_index, a.session_index, a.test_index, a.agent_index) <
           std::tie(b.file_index, b.session_index, b.test_index, b.agent_index);
  });
  run.incomplete = cancel.load();
  run.ended_ms = NowMs();
  return run;
}

}  // namespace ab::runner
