#include "report/json.h"

#include <ostream>

#include "base/redact.h"
#include "base/time.h"
#include "report/escape.h"
#include "report/json_text.h"
#include "report/normalize.h"
#include "report/render.h"
#include "report/stats.h"
#include "report/summary_section.h"

namespace ab::report {
namespace {

Json OptionalNumber(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

// The block exactly as the server sent it when we have it, else rebuilt from the parsed fields.
Json ContentBlockToJson(const ContentBlock& b) {
  if (b.raw.is_object()) return b.raw;
  Json j = Json::object();
  j["type"] = b.type;
  if (b.type == "resource") {
    Json res = Json::object();
    if (!b.uri.empty()) res["uri"] = b.uri;
    if (!b.mime_type.empty()) res["mimeType"] = b.mime_type;
    if (!b.text.empty()) res["text"] = b.text;
    if (!b.data.empty()) res["blob"] = b.data;
    j["resource"] = std::move(res);
    return j;
  }
  if (!b.text.empty() || b.type == "text") j["text"] = b.text;
  if (!b.data.empty()) j["data"] = b.data;
  if (!b.mime_type.empty()) j["mimeType"] = b.mime_type;
  if (!b.uri.empty()) j["uri"] = b.uri;
  if (!b.name.empty()) j["name"] = b.name;
  return j;
}

Json UsageToJson(const Usage& u);

// The elicitation and sampling requests a server made (during one call, or outside calls during one test), and
// what agent-bench answered: {count, items}, |count| counting the ones not kept too.
Json ExchangesToJson(const std::vector<ServerExchange>& exchanges, int count) {
  Json items = Json::array();
  for (const ServerExchange& x : exchanges) {
    Json jx = {{"method", x.method},
               {"via", x.via},
               {"timestamp", FormatRfc3339(x.at_ms)},
               {"asked", x.asked},
               {"action", x.action}};
    if (!x.content.is_null()) jx["content"] = x.content;
    if (!x.error.empty()) jx["error"] = x.error;
    if (!x.provider.empty()) jx["provider"] = x.provider;
    if (x.action == "answered") {
      jx["model"] = x.model;
      jx["text"] = x.text;
      jx["stopReason"] = x.stop_reason;
      jx["usage"] = UsageToJson(x.usage);
      jx["latencyMs"] = x.latency_ms;
    }
    items.push_back(std::move(jx));
  }
  return {{"count", count}, {"items", std::move(items)}};
}

Json ToolCallToJson(const ToolCall& c) {
  Json j = Json::object();
  j["id"] = c.id;
  j["name"] = c.name;
  j["server"] = c.server;
  j["parameters"] = c.arguments;
  j["argumentsRaw"] = c.arguments_raw;
  j["timestamp"] = FormatRfc3339(c.started_ms);
  j["duration_ms"] = c.duration_ms;
  j["iteration"] = c.iteration;
  j["status"] = ToolCallStatusName(c.status);
  j["isError"] = c.result ? c.result->is_error : c.status != ToolCallStatus::kOk;
  j["error"] = c.error;
  if (c.result) {
    Json content = Json::array();
    for (const auto& b : c.result->content) content.push_back(ContentBlockToJson(b));
    j["result"] = {{"content", std::move(content)},
                   {"structuredContent", c.result->structured},
                   {"truncated", c.result->truncated}};
  } else {
    j["result"] = nullptr;
  }
  if (c.progress.count > 0) {
    auto update = [](const ProgressUpdate& u) {
      Json ju = {{"progress", u.progress}, {"total", OptionalNumber(u.total)}, {"timestamp", FormatRfc3339(u.at_ms)}};
      if (!u.message.empty()) ju["message"] = u.message;
      return ju;
    };
    Json updates = Json::array();
    for (const auto& u : c.progress.updates) updates.push_back(update(u));
    j["progress"] = {{"count", c.progress.count}, {"updates", std::move(updates)}};
    if (c.progress.last) j["progress"]["last"] = update(*c.progress.last);
  }
  if (c.progress.exchange_count > 0) {
    j["serverRequests"] = ExchangesToJson(c.progress.exchanges, c.progress.exchange_count);
  }
  return j;
}

Json UsageToJson(const Usage& u) {
  return {{"prompt", u.prompt_tokens},
          {"completion", u.completion_tokens},
          {"cached", u.cached_tokens},
          {"reasoning", u.reasoning_tokens},
          {"total", u.total()},
          {"estimated", u.estimated},
          {"costUsd", OptionalNumber(u.cost_usd)}};
}

Json TurnToJson(const LlmTurn& t) {
  return {{"iteration", t.iteration},
          {"startTime", FormatRfc3339(t.started_ms)},
          {"latencyMs", t.latency_ms},
          {"waitMs", t.wait_ms},
          {"retries", t.retries},
          {"rateLimitHits", t.rate_limit_hits},
          {"usage", UsageToJson(t.usage)},
          {"stopReason", t.stop_reason},
          {"text", t.text},
          {"toolCalls", t.tool_calls},
          {"error", t.error}};
}

Json ExecutionToJson(const TestRun& r) {
  const Transcript& t = r.transcript;
  Json e = Json::object();
  e["testName"] = r.test;
  e["agentName"] = r.agent;
  e["providerType"] = r.provider_type;
  e["providerName"] = r.provider_name;
  e["model"] = r.model;
  e["sessionName"] = r.session;
  e["sourceFile"] = r.file;
  e["suiteName"] = r.suite;
  e["order"] = {{"file", r.file_index}, {"session", r.session_index}, {"test", r.test_index}, {"agent", r.agent_index}};
  e["startTime"] = FormatRfc3339(t.started_ms);
  e["endTime"] = FormatRfc3339(t.ended_ms);
  e["prompt"] = t.prompt;
  Json messages = Json::array();
  for (const auto& m : t.messages) {
    Json jm = {{"role", m.role}, {"content", m.content}, {"timestamp", FormatRfc3339(m.timestamp_ms)}};
    if (!m.tool_name.empty()) jm["toolName"] = m.tool_name;
    messages.push_back(std::move(jm));
  }
  e["messages"] = std::move(messages);
  e["firstMessageOfTest"] = t.first_message_of_test;
  Json calls = Json::array();
  for (const auto& c : t.tool_calls) calls.push_back(ToolCallToJson(c));
  e["toolCalls"] = std::move(calls);
  Json turns = Json::array();
  for (const auto& turn : t.turns) turns.push_back(TurnToJson(turn));
  e["llmTurns"] = std::move(turns);
  e["finalOutput"] = t.final_output;
  e["finalAnswer"] = t.final_answer;
  e["tokensUsed"] = t.usage.total();
  e["tokens"] = UsageToJson(t.usage);
  e["costUsd"] = OptionalNumber(t.usage.cost_usd);
  // Tokens servers' sampling requests spent, apart from the agent's own (tokensUsed and tokens stay the agent's).
  if (Usage sampling = SamplingUsage(t); sampling.total() > 0) {
    e["samplingTokens"] = UsageToJson(sampling);
  }
  e["latencyMs"] = t.latency_ms;
  e["llmMs"] = t.llm_ms;
  e["toolMs"] = t.tool_ms;
  e["waitMs"] = t.wait_ms;
  e["iterations"] = t.iterations;
  e["timedOut"] = t.timed_out;
  Json errors = Json::array();
  Json details = Json::array();
  for (const auto& err : t.errors) {
    errors.push_back(err.message);
    details.push_back({{"kind", err.KindName()}, {"message", err.message}, {"iteration", err.iteration}});
  }
  e["errors"] = std::move(errors);
  e["errorDetails"] = std::move(details);
  e["availableTools"] = t.available_tools;
  if (!t.servers.empty()) {
    // The MCP protocol each server spoke: era (modern = 2026-07-28 stateless, legacy = initialize) and version.
    Json servers = Json::array();
    for (const auto& s : t.servers) {
      Json server = {{"name", s.server},
                     {"era", s.era},
                     {"protocolVersion", s.protocol_version},
                     {"negotiation", s.how},
                     {"implementation", s.implementation}};
      // Which OAuth flow authorized the server: names only (the auth layer never hands out a secret here).
      if (!s.oauth.empty()) {
        server["oauth"] = {{"grant", s.oauth.grant},
                           {"clientIdentity", s.oauth.client_identity},
                           {"clientAuthentication", s.oauth.client_auth},
                           {"flows", s.oauth.flows}};
      }
      // 2026-07-28 servers: what became of the subscriptions/listen subscription (tool list changes).
      if (!s.subscription.empty()) server["subscription"] = s.subscription;
      // What the server asked outside tool calls during the test (the handshake, between calls).
      if (s.exchange_count > 0) server["serverRequests"] = ExchangesToJson(s.exchanges, s.exchange_count);
      servers.push_back(std::move(server));
    }
    e["mcpServers"] = std::move(servers);
  }
  if (!t.tool_list_changes.empty()) {
    Json changes = Json::array();
    for (const auto& c : t.tool_list_changes) {
      Json jc = {{"iteration", c.iteration},
                 {"timestamp", FormatRfc3339(c.at_ms)},
                 {"server", c.server},
                 {"added", c.added},
                 {"removed", c.removed}};
      if (!c.notes.empty()) jc["notes"] = c.notes;
      if (!c.error.empty()) jc["error"] = c.error;
      changes.push_back(std::move(jc));
    }
    e["toolListChanges"] = std::move(changes);
  }
  e["toolSchemas"] = *t.tool_schemas;
  const RateLimitStats& rl = t.rate_limits;
  e["rateLimitStats"] = {{"throttleCount", rl.throttle_count},  {"throttleWaitTimeMs", rl.throttle_wait_ms},
                         {"rateLimitHits", rl.rate_limit_hits}, {"retryCount", rl.retry_count},
                         {"retryWaitTimeMs", rl.retry_wait_ms}, {"retrySuccessCount", rl.retry_success_count}};
  e["clarificationStats"] = {{"enabled", t.clarification_enabled},
                             {"count", t.clarification.count},
                             {"iterations", t.clarification.iterations},
                             {"examples", t.clarification.examples}};
  if (!t.clarification.judge.empty()) e["clarificationStats"]["judge"] = t.clarification.judge;
  return e;
}

Json ComparisonSummary(const Run& run) {
  Json out = Json::object();
  for (const TestGroup& g : GroupByTest(run)) {
    Json servers = Json::object();
    int passed = 0;
    for (size_t i : g.runs) {
      const TestRun& r = run.runs[i];
      if (r.passed) ++passed;
      Json errors = Json::array();
      for (const auto& e : r.transcript.errors) errors.push_back(e.message);
      servers[r.agent] = {{"agentName", r.agent},
                          {"provider", r.provider_type},
                          {"passed", r.passed},
                          {"status", RunStatusName(r.status)},
                          {"duration", r.transcript.latency_ms},
                          {"errors", std::move(errors)}};
    }
    int total = static_cast<int>(g.runs.size());
    out[g.key] = {
        {"testName", g.first->test},           {"sourceFile", g.first->file}, {"sessionName", g.first->session},
        {"serverResults", std::move(servers)}, {"totalRuns", total},          {"passedRuns", passed},
        {"failedRuns", total - passed}};
  }
  return out;
}

}  // namespace

Json AssertionToJson(const AssertionResult& a) {
  Json j = {{"type", a.type}, {"passed", a.passed}, {"message", a.message}, {"details", a.details}};
  Json children = Json::array();
  for (const auto& c : a.children) children.push_back(AssertionToJson(c));
  j["children"] = std::move(children);
  if (!a.loc.file.empty() || a.loc.known()) {
    j["location"] = {{"file", a.loc.file}, {"line", a.loc.line}, {"col", a.loc.col}};
  }
  return j;
}

Json TestRunToJson(const TestRun& r) {
  Json assertions = Json::array();
  for (const auto& a : r.assertions) assertions.push_back(AssertionToJson(a));
  return {{"execution", ExecutionToJson(r)},
          {"assertions", std::move(assertions)},
          {"passed", r.passed},
          {"status", RunStatusName(r.status)}};
}

namespace {

// Everything but detailed_results, which RenderJson streams after it (it is the last member).
Json RunHeaderToJson(const Run& run, int64_t generated_at_ms) {
  Totals t = run.totals();
  Json j = Json::object();
  j["schema_version"] = kJsonSchemaVersion;
  j["agent_benchmark_version"] = run.tool_version;
  j["generated_at"] = FormatRfc3339(generated_at_ms);
  j["run_id"] = run.run_id;
  j["test_file"] = run.test_files.empty() ? std::string() : run.test_files.front();
  j["test_files"] = run.test_files;
  j["suite_name"] = run.suite_name;
  j["startTime"] = FormatRfc3339(run.started_ms);
  j["endTime"] = FormatRfc3339(run.ended_ms);
  j["agents"] = run.agents;
  j["summary"] = {{"total", t.total},
                  {"passed", t.passed},
                  {"failed", t.total - t.passed},  // the reference's meaning: every run that did not pass
                  {"errors", t.errored},
                  {"skipped", t.skipped},
                  {"success_rate", t.success_rate()}};
  j["criteria"] = {{"success_rate", OptionalNumber(run.required_success_rate)}, {"met", run.criteria_met()}};
  j["incomplete"] = run.incomplete;
  j["warnings"] = run.warnings;
  j["comparison_summary"] = ComparisonSummary(run);
  if (!run.bug_findings.empty()) j["bugFindings"] = BugFindingsToJson(run.bug_findings);
  return j;
}

}  // namespace

std::string TestRunJsonText(const TestRun& run) {
  if (!run.json.empty()) {
    std::string kept = run.json.str();
    if (!kept.empty()) return kept;  // empty: the text could not be read back; convert again
  }
  return Redact(DumpJson(TestRunToJson(run)));
}

Json RunToJson(const Run& run, int64_t generated_at_ms) {
  Json j = RunHeaderToJson(run, generated_at_ms);
  Json details = Json::array();
  for (const auto& r : run.runs) details.push_back(TestRunToJson(r));
  j["detailed_results"] = std::move(details);
  return j;
}

void RenderJson(const Run& run, std::ostream& out, const RenderOptions& options) {
  Run storage;
  const Run& r = ForOutput(run, options, storage);
  // The header is small; the results are written one by one from their compact text (converted once, by the
  // journal when there is one), re-indented as Json::dump(2) would, so no tree of the whole run is built.
  // Secrets are redacted on the final text of each piece, so no field can be missed.
  std::string head = Redact(DumpJson(RunHeaderToJson(r, GeneratedAtMs(options)), 2));
  head.resize(head.size() - 2);  // "\n}"
  out << head << ",\n  \"detailed_results\": ";
  if (r.runs.empty()) {
    out << "[]\n}\n";
    return;
  }
  out << '[';
  for (size_t i = 0; i < r.runs.size(); ++i) {
    out << (i ? ",\n    " : "\n    ");
    const TestRun& tr = r.runs[i];
    // Redacted again: a secret may have been registered after the journal line was written.
    WriteIndentedJson(tr.json.empty() ? TestRunJsonText(tr) : Redact(TestRunJsonText(tr)), 2, out);
  }
  out << "\n  ]\n}\n";
}

}  // namespace ab::report
