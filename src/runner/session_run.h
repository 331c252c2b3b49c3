// Runs the tests of one session for one agent, in order, with one conversation: render the prompt, run the agent
// loop, apply extractors (values for later tests of the session), evaluate assertions.
#pragma once

#include <atomic>
#include <functional>
#include <vector>

#include "report/model.h"
#include "runner/agent_runtime.h"
#include "runner/plan.h"

namespace ab::runner {

struct SessionJob {
  const Unit* unit = nullptr;
  const PlannedFile* file = nullptr;
  const config::Session* session = nullptr;
  AgentRuntime* runtime = nullptr;
  ProviderPool* providers = nullptr;
  const tmpl::Context* file_context = nullptr;  ///< variables of the file, rendered once per run
  int file_index = 0, session_index = 0, agent_index = 0;
  bool first_session_of_agent = true;
};

/// Runs |job|; calls |started| before and |finished| after each test. Never throws.
void RunSession(const SessionJob& job, const std::atomic<bool>& cancel,
                const std::function<void(const std::string& test)>& started,
                const std::function<void(report::TestRun)>& finished);

/// Applies the extractors of one test to its transcript; sets |vars| and records failures in the transcript.
void ApplyExtractors(const std::vector<config::Extractor>& extractors, Transcript& transcript,
                     std::map<std::string, std::string>& vars);

/// The status of a finished test: kError when the model or a server failed (infrastructure: a model error, the
/// test's time limit, a tool call that timed out or whose transport failed, a server that could not start, an
/// interrupt), whatever the assertions said; else kPassed when every assertion passed, else kFailed. A test with
/// no assertions whose model never answered is therefore never "passed".
report::RunStatus StatusOf(const Transcript& t, const std::vector<AssertionResult>& assertions);

}  // namespace ab::runner
