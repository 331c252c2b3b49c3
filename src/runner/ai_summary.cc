#include "runner/ai_summary.h"

#include <chrono>

#include "base/redact.h"
#include "base/strings.h"
#include "runner/agent_runtime.h"
#include "runner/executor.h"
#include "runner/load.h"

namespace ab::runner {
namespace {

constexpr size_t kMaxPromptBytes = 24 * 1024;

constexpr const char* kSystem =
    "You review the results of automated tests of an AI agent that uses MCP tools. Write a short summary for the "
    "engineer who owns the agent, in plain text with three headings: '## What failed', '## Likely causes', "
    "'## What to change'. Use '- ' bullets. Name tests and tools exactly. Do not use HTML.";

}  // namespace

const config::AiSummary* FindAiSummaryConfig(const std::vector<Unit>& units) {
  for (const auto& u : units) {
    if (u.suite && u.suite->ai_summary && u.suite->ai_summary->enabled) return &*u.suite->ai_summary;
    for (const auto& pf : u.files)
      if (pf.file->ai_summary && pf.file->ai_summary->enabled) return &*pf.file->ai_summary;
  }
  return nullptr;
}

std::string AiSummaryPrompt(const report::Run& run) {
  const report::Totals t = run.totals();
  std::string p = "Results: " + std::to_string(t.total) + " runs, " + std::to_string(t.passed) + " passed, " +
                  std::to_string(t.failed) + " failed, " + std::to_string(t.errored) + " errors (infrastructure).\n";
  if (!run.suite_name.empty()) p += "Suite: " + run.suite_name + "\n";
  p += "\n";
  int shown = 0, left = 0;
  for (const auto& r : run.runs) {
    if (r.status == report::RunStatus::kPassed || r.status == report::RunStatus::kSkipped) continue;
    if (p.size() > kMaxPromptBytes) {
      ++left;
      continue;
    }
    ++shown;
    std::string block = "### " + r.session + " / " + r.test + " (agent " + r.agent + ", model " + r.model +
                        "): " + report::RunStatusName(r.status) + "\n";
    if (!r.transcript.prompt.empty()) block += "Prompt: " + Truncate(r.transcript.prompt, 400) + "\n";
    std::vector<std::string> tools;
    for (const auto& c : r.transcript.tool_calls)
      tools.push_back(c.name + (c.status == ToolCallStatus::kOk ? "" : " (failed)"));
    if (!tools.empty()) block += "Tool calls: " + Join(tools, ", ") + "\n";
    for (const auto& a : r.assertions)
      if (!a.passed) block += "- failed assertion " + a.type + ": " + Truncate(a.message, 300) + "\n";
    for (const auto& e : r.transcript.errors) block += "- error: " + Truncate(e.message, 300) + "\n";
    if (!r.transcript.final_output.empty()) block += "Answer: " + Truncate(r.transcript.final_output, 500) + "\n";
    p += block + "\n";
  }
  if (shown == 0) p += "Every test passed.\n";
  if (left > 0) p += "(" + std::to_string(left) + " more failed runs are not shown.)\n";
  return Redact(p);
}

Result<std::string> WriteAiSummary(llm::Provider& provider, const report::Run& run) {
  return WriteAiSummary(provider, AiSummaryPrompt(run));
}

Result<std::string> WriteAiSummary(llm::Provider& provider, const std::string& prompt) {
  llm::ChatRequest req;
  req.model = provider.model();
  llm::Message s, u;
  s.role = llm::Role::kSystem;
  s.text = kSystem;
  u.role = llm::Role::kUser;
  u.text = prompt;
  req.messages = {s, u};
  req.max_tokens = 1500;
  llm::CallOptions options;
  options.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  auto r = provider.Complete(req, options);
  if (!r) return r.error();
  std::string text(Trim(r->message.text));
  if (text.empty()) return Error(ErrorCode::kModel, "the model's summary was empty");
  return text;
}

Result<std::string> AskAiSummary(std::vector<Unit>& units, std::string name, const std::string& self_name,
                                 const std::string& run_id, const std::string& prompt, const std::string& record_dir,
                                 const std::string& replay_dir) {
  if (name.empty() || name == "$self") name = self_name;
  for (auto& u : units) {
    if (u.files.empty() || !u.FindProvider(name)) continue;
    auto ctx = FileContext(u.files.front(), run_id, std::nullopt);
    if (!ctx) return ctx.error();
    ProviderPool pool(u.providers, *ctx, ProviderSetup{u.files.front().file->dir, record_dir, replay_dir, nullptr});
    auto provider = pool.Get(name);
    if (!provider) return provider.error();
    auto text = WriteAiSummary(**provider, prompt);
    if (!text) return Error(text.error().code, "provider '" + name + "' failed: " + text.error().ToString());
    return Redact(*text);
  }
  return Error(ErrorCode::kConfig, "no provider named '" + name + "' for ai_summary.judge_provider");
}

void AttachAiSummary(report::Run& run, std::vector<Unit>& units, const std::string& record_dir,
                     const std::string& replay_dir, std::ostream& err) {
  const config::AiSummary* cfg = FindAiSummaryConfig(units);
  if (!cfg) return;
  const std::string self = run.runs.empty() ? std::string() : run.runs.front().provider_name;
  auto text = AskAiSummary(units, cfg->judge_provider, self, run.run_id, AiSummaryPrompt(run), record_dir, replay_dir);
  if (!text) {
    err << "agent-bench: warning: no AI summary: " << Redact(text.error().message) << "\n";
    return;
  }
  run.ai_summary = *text;
}

void AttachAiSummaryFromFiles(report::Run& run, std::ostream& err, const std::string& record_dir,
                              const std::string& replay_dir) {
  if (run.test_files.empty()) return;
  LoadedUnits loaded = LoadUnits(run.test_files, {});
  if (!loaded.ok()) {
    // The files changed or moved since the run: the report is still rendered, without a summary.
    if (FindAiSummaryConfig(loaded.units))
      err << "agent-bench: warning: no AI summary: the run's files no longer load\n";
    return;
  }
  AttachAiSummary(run, loaded.units, record_dir, replay_dir, err);
}

}  // namespace ab::runner
