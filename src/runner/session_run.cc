#include "runner/session_run.h"

#include <thread>

#include "agent/loop.h"
#include "assert/engine.h"
#include "base/deadline.h"
#include "base/json_dump.h"
#include "base/strings.h"
#include "jsonpath/jsonpath.h"
#include "runner/judge.h"
#include "runner/skills.h"

namespace ab::runner {
namespace {

void SleepUnlessCancelled(Millis d, const std::atomic<bool>& cancel) {
  auto until = DeadlineAfter(d);
  while (!cancel.load() && SteadyClock::now() < until)
    std::this_thread::sleep_for(std::min(Millis(50), std::chrono::duration_cast<Millis>(until - SteadyClock::now())));
}

report::TestRun BaseRun(const SessionJob& job, const config::Test& test, int test_index) {
  report::TestRun r;
  r.file = job.file->file->path;
  r.suite = job.unit->suite_name;
  r.session = job.session->name;
  r.test = test.name;
  r.agent = job.runtime->agent().name;
  r.provider_name = job.runtime->agent().provider;
  if (const auto* p = job.runtime->provider_config()) {
    r.provider_type = p->type;
    r.model = p->model;
  } else if (const auto* p2 = job.unit->FindProvider(r.provider_name)) {
    r.provider_type = p2->type;
    r.model = p2->model;
  }
  if (job.runtime->provider()) r.model = job.runtime->provider()->model();
  r.file_index = job.file_index;
  r.session_index = job.session_index;
  r.test_index = test_index;
  r.agent_index = job.agent_index;
  return r;
}

report::TestRun ErrorRun(report::TestRun r, ErrorKind kind, const std::string& message) {
  r.status = report::RunStatus::kError;
  r.passed = false;
  r.transcript.errors.push_back(TranscriptError{kind, message, 0});
  r.transcript.started_ms = r.transcript.ended_ms = NowMs();
  return r;
}

/// The indexes (in the session) of the tests the job's agent runs, in order.
std::vector<int> SessionTests(const SessionJob& job) {
  std::vector<int> indexes;
  for (size_t i = 0; i < job.session->tests.size(); ++i)
    if (RunsOn(job.session->tests[i], job.runtime->agent().name)) indexes.push_back(static_cast<int>(i));
  return indexes;
}

/// Before the session's first test: the agent's skills, its system prompt and the session's tools. Returns why
/// the session cannot run (the agent's start error first), or an empty string. |skills| must outlive
/// |session_tools|: the built-in skill tools read it.
std::string PrepareSession(const SessionJob& job, tmpl::Context& ctx,
                           const std::function<Result<std::string>(const std::string&)>& render,
                           agent::Conversation& conv, SessionSkills& skills, agent::ToolSet& session_tools) {
  AgentRuntime& rt = *job.runtime;
  std::string setup_error = rt.start_error();
  if (setup_error.empty()) {
    auto loaded = LoadSessionSkills(*job.unit, rt.agent(), job.file->file->dir, ctx);
    if (!loaded) setup_error = loaded.error().message;
    else skills = std::move(*loaded);
  }
  if (setup_error.empty()) {
    auto sys = render(rt.agent().system_prompt);
    if (!sys) setup_error = "system_prompt: " + sys.error().message;
    else conv.SetSystemPrompt(skills.SystemPrompt(*sys));
    session_tools = skills.WithTools(rt.Tools().Filtered(job.session->allowed_tools));
  }
  return setup_error;
}

/// The loop's limits for one test: the file's settings, the test's own timeout, the provider's sampling options.
agent::LoopOptions TestLoopOptions(const SessionJob& job, const config::Test& test, const std::atomic<bool>& cancel) {
  const auto& settings = job.file->settings;
  AgentRuntime& rt = *job.runtime;
  agent::LoopOptions lo;
  lo.max_iterations = settings.max_iterations;
  lo.tool_timeout = settings.tool_timeout;
  auto limit = test.timeout ? test.timeout : settings.test_timeout;
  if (limit) lo.deadline = DeadlineAfter(*limit);
  lo.cancel = &cancel;
  if (const auto* p = rt.provider_config()) {
    lo.temperature = p->temperature;
    lo.max_tokens = p->max_tokens;
    lo.seed = p->seed;
  }
  lo.clarifier = rt.clarifier();
  return lo;
}

/// What assertions may use: the session's templates, the test's folder, and judges from the provider pool
/// ("$self" or no name is the agent's own provider) with their calibration records.
assertions::EvalContext AssertionContext(const SessionJob& job,
                                         const std::function<Result<std::string>(const std::string&)>& render,
                                         const std::atomic<bool>& cancel) {
  assertions::EvalContext ec;
  ec.render = render;
  ec.test_dir = job.file->file->dir;
  ProviderPool* pool = job.providers;
  std::string self = job.runtime->agent().provider;
  const std::atomic<bool>* stop = &cancel;
  ec.judge = [pool, self, stop](const std::string& provider, const std::string& p) -> Result<assertions::JudgeVerdict> {
    auto judge = pool->Get(provider.empty() || provider == "$self" ? self : provider);
    if (!judge) return judge.error();
    auto g = GradeWithJudge(**judge, p, stop);
    if (!g) return g.error();
    return assertions::JudgeVerdict{g->score, g->reasoning, g->usage};
  };
  ec.judge_calibration = [pool, self](
                             const std::string& provider,
                             const std::string& rubric_version) -> Result<std::optional<assertions::JudgeCalibration>> {
    std::string name = provider.empty() || provider == "$self" ? self : provider;
    const config::Provider* spec = pool->Find(name);
    auto made = pool->Get(name);
    if (!spec || !made) return Error(ErrorCode::kConfig, "no usable judge provider '" + name + "'");
    return LookupCalibration(JudgeKey(spec->type, (*made)->model(), rubric_version));
  };
  return ec;
}

}  // namespace

report::RunStatus StatusOf(const Transcript& t, const std::vector<AssertionResult>& assertions) {
  for (const auto& e : t.errors)
    if (IsInfrastructure(e.kind)) return report::RunStatus::kError;
  // The loop was cut short, or a server did not do its part: the assertions judged an incomplete transcript, so
  // their verdict (often vacuous: no assertions, or "no tool was misused") must not turn into a pass. A tool that
  // answered with isError or a JSON-RPC error did its part; that stays for the assertions to judge.
  if (t.timed_out) return report::RunStatus::kError;
  for (const auto& call : t.tool_calls)
    if (call.status == ToolCallStatus::kTimeout || call.status == ToolCallStatus::kTransport)
      return report::RunStatus::kError;
  for (const auto& a : assertions)
    if (!a.passed) return report::RunStatus::kFailed;
  return report::RunStatus::kPassed;
}

void ApplyExtractors(const std::vector<config::Extractor>& extractors, Transcript& t,
                     std::map<std::string, std::string>& vars) {
  for (const auto& ex : extractors) {
    auto path = jsonpath::Parse(ex.path);
    if (!path) {
      t.errors.push_back({ErrorKind::kExtractor, "extractor '" + ex.variable_name + "': " + path.error().message, 0});
      continue;
    }
    bool found_call = false, matched = false;
    for (const auto& call : t.tool_calls) {  // every call of the tool; the last match wins
      if (call.name != ex.tool || !call.result) continue;
      found_call = true;
      Json doc = call.result->AsJson();
      if (doc.is_null()) continue;
      auto nodes = jsonpath::Select(*path, doc);
      if (nodes.empty()) continue;
      const Json& v = *nodes.front();
      vars[ex.variable_name] = v.is_string() ? v.get<std::string>() : DumpJson(v);
      matched = true;
    }
    if (!matched) {
      t.errors.push_back(
          {ErrorKind::kExtractor,
           "extractor '" + ex.variable_name + "': " +
               (found_call ? "path " + ex.path + " matched nothing in the results of tool '" + ex.tool + "'"
                           : "tool '" + ex.tool + "' was not called successfully in this test"),
           0});
    }
  }
}

void RunSession(const SessionJob& job, const std::atomic<bool>& cancel,
                const std::function<void(const std::string&)>& started,
                const std::function<void(report::TestRun)>& finished) {
  AgentRuntime& rt = *job.runtime;
  const auto& settings = job.file->settings;
  std::vector<int> indexes = SessionTests(job);
  if (!job.first_session_of_agent && settings.session_delay.count() > 0)
    SleepUnlessCancelled(settings.session_delay, cancel);

  tmpl::Context ctx = *job.file_context;
  ctx.variables[tmpl::kAgentName] = rt.agent().name;
  ctx.variables[tmpl::kSessionName] = job.session->name;
  ctx.variables[tmpl::kProviderName] = rt.agent().provider;
  auto render = [&ctx](const std::string& s) -> Result<std::string> { return tmpl::Render(s, ctx); };

  agent::Conversation conv;
  SessionSkills skills;  // agent skills: system prompt parts and built-in tools, for this session
  agent::ToolSet session_tools;
  std::string setup_error = PrepareSession(job, ctx, render, conv, skills, session_tools);

  for (size_t k = 0; k < indexes.size(); ++k) {
    const config::Test& test = job.session->tests[static_cast<size_t>(indexes[k])];
    report::TestRun run = BaseRun(job, test, indexes[k]);
    if (cancel.load()) break;
    started(test.name);
    if (!setup_error.empty()) {
      finished(ErrorRun(std::move(run), ErrorKind::kServer, setup_error));
      continue;
    }
    if (test.start_delay) SleepUnlessCancelled(*test.start_delay, cancel);
    auto prompt = render(test.prompt);
    if (!prompt) {
      finished(ErrorRun(std::move(run), ErrorKind::kTemplate, "prompt: " + prompt.error().message));
      continue;
    }
    agent::ToolSet tools = session_tools.Filtered(test.allowed_tools);
    run.transcript = agent::RunAgentTest(*rt.provider(), tools, conv, *prompt, TestLoopOptions(job, test, cancel));
    ApplyExtractors(test.extractors, run.transcript, ctx.variables);
    run.assertions =
        assertions::EvaluateAssertions(test.assertions, run.transcript, AssertionContext(job, render, cancel));
    run.status = StatusOf(run.transcript, run.assertions);
    run.passed = run.status == report::RunStatus::kPassed;
    finished(std::move(run));
    if (k + 1 < indexes.size() && settings.test_delay.count() > 0) SleepUnlessCancelled(settings.test_delay, cancel);
  }
}

}  // namespace ab::runner
