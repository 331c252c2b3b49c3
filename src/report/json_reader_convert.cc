#include "report/json_reader_convert.h"

#include <algorithm>

#include "report/json.h"
#include "report/json_reader_fields.h"
#include "report/summary_section.h"

namespace ab::report::json_in {
namespace {

ContentBlock BlockFromJson(const Json& j) {
  ContentBlock b;
  b.raw = j;
  b.type = Str(j, "type");
  b.text = Str(j, "text");
  b.data = Str(j, "data");
  b.mime_type = Str(j, "mimeType");
  b.uri = Str(j, "uri");
  b.name = Str(j, "name");
  const Json& res = Sub(j, "resource");
  if (res.is_object()) {
    b.uri = Str(res, "uri");
    b.mime_type = Str(res, "mimeType");
    b.text = Str(res, "text");
    b.data = Str(res, "blob");
  }
  return b;
}

std::optional<ToolCallStatus> ParseToolStatus(const std::string& s) {
  for (auto st : {ToolCallStatus::kOk, ToolCallStatus::kToolError, ToolCallStatus::kRpcError, ToolCallStatus::kTimeout,
                  ToolCallStatus::kTransport, ToolCallStatus::kNotOffered, ToolCallStatus::kBadArguments}) {
    if (s == ToolCallStatusName(st)) return st;
  }
  return std::nullopt;
}

Usage UsageFromJson(const Json& j);

// A serverRequests object ({count, items}, written by ExchangesToJson) into |exchanges| (at most
// ToolProgress::kMaxExchanges) and |count|; anything else leaves them as they are.
void ExchangesFromJson(const Json& j, std::vector<ServerExchange>* exchanges, int* count) {
  if (!j.is_object()) return;
  *count = IntI(j, "count");
  const Json& items = Sub(j, "items");
  if (!items.is_array()) return;
  for (const auto& x : items) {
    if (!x.is_object() || exchanges->size() >= ToolProgress::kMaxExchanges) continue;
    ServerExchange e;
    e.method = Str(x, "method");
    e.via = Str(x, "via");
    e.at_ms = Time(x, "timestamp");
    if (Sub(x, "asked").is_object()) e.asked = Sub(x, "asked");
    e.action = Str(x, "action");
    e.content = Sub(x, "content");
    e.error = Str(x, "error");
    e.provider = Str(x, "provider");
    e.model = Str(x, "model");
    e.text = Str(x, "text");
    e.stop_reason = Str(x, "stopReason");
    if (Sub(x, "usage").is_object()) e.usage = UsageFromJson(Sub(x, "usage"));
    e.latency_ms = Num(x, "latencyMs");
    exchanges->push_back(std::move(e));
  }
}

ToolCall ToolCallFromJson(const Json& j) {
  ToolCall c;
  c.id = Str(j, "id");
  c.name = Str(j, "name");
  c.server = Str(j, "server");
  const Json& params = Sub(j, "parameters");
  c.arguments = params.is_null() ? Json::object() : params;
  c.arguments_raw = Str(j, "argumentsRaw");
  c.started_ms = Time(j, "timestamp");
  c.duration_ms = Num(j, "duration_ms");
  c.iteration = IntI(j, "iteration");
  bool is_error = Bool(j, "isError");
  c.status = ParseToolStatus(Str(j, "status")).value_or(is_error ? ToolCallStatus::kToolError : ToolCallStatus::kOk);
  c.error = Str(j, "error");
  const Json& res = Sub(j, "result");
  if (res.is_object()) {
    ToolResult r;
    const Json& content = Sub(res, "content");
    if (content.is_array()) {
      for (const auto& b : content) {
        if (b.is_object()) r.content.push_back(BlockFromJson(b));
      }
    }
    r.structured = Sub(res, "structuredContent");
    r.truncated = Bool(res, "truncated");
    r.is_error = is_error;
    c.result = std::move(r);
  }
  const Json& progress = Sub(j, "progress");
  if (progress.is_object()) {
    auto update = [](const Json& u) {
      return ProgressUpdate{.progress = Num(u, "progress"),
                            .total = OptNum(u, "total"),
                            .message = Str(u, "message"),
                            .at_ms = Time(u, "timestamp")};
    };
    c.progress.count = IntI(progress, "count");
    const Json& updates = Sub(progress, "updates");
    if (updates.is_array())
      for (const auto& u : updates)
        if (u.is_object() && c.progress.updates.size() < ToolProgress::kMaxUpdates)
          c.progress.updates.push_back(update(u));
    if (Sub(progress, "last").is_object()) c.progress.last = update(Sub(progress, "last"));
  }
  ExchangesFromJson(Sub(j, "serverRequests"), &c.progress.exchanges, &c.progress.exchange_count);
  return c;
}

Usage UsageFromJson(const Json& j) {
  Usage u;
  u.prompt_tokens = Int(j, "prompt");
  u.completion_tokens = Int(j, "completion");
  u.cached_tokens = Int(j, "cached");
  u.reasoning_tokens = Int(j, "reasoning");
  u.estimated = Bool(j, "estimated");
  u.cost_usd = OptNum(j, "costUsd");
  return u;
}

LlmTurn TurnFromJson(const Json& j) {
  LlmTurn t;
  t.iteration = IntI(j, "iteration");
  t.started_ms = Time(j, "startTime");
  t.latency_ms = Num(j, "latencyMs");
  t.wait_ms = Num(j, "waitMs");
  t.retries = IntI(j, "retries");
  t.rate_limit_hits = IntI(j, "rateLimitHits");
  t.usage = UsageFromJson(Sub(j, "usage"));
  t.stop_reason = Str(j, "stopReason");
  t.text = Str(j, "text");
  t.tool_calls = IntI(j, "toolCalls");
  t.error = Str(j, "error");
  return t;
}

AssertionResult AssertionFromJson(const Json& j) {
  AssertionResult a;
  a.type = Str(j, "type");
  a.passed = Bool(j, "passed");
  a.message = Str(j, "message");
  const Json& details = Sub(j, "details");
  a.details = details.is_null() ? Json::object() : details;
  const Json& children = Sub(j, "children");
  if (children.is_array()) {
    for (const auto& c : children) {
      if (c.is_object()) a.children.push_back(AssertionFromJson(c));
    }
  }
  const Json& loc = Sub(j, "location");
  if (loc.is_object()) {
    a.loc.file = Str(loc, "file");
    a.loc.line = IntI(loc, "line");
    a.loc.col = IntI(loc, "col");
  }
  return a;
}

void TranscriptFromJson(const Json& e, Transcript& t) {
  t.started_ms = Time(e, "startTime");
  t.ended_ms = Time(e, "endTime");
  t.prompt = Str(e, "prompt");
  const Json& messages = Sub(e, "messages");
  if (messages.is_array()) {
    for (const auto& m : messages) {
      t.messages.push_back(TranscriptMessage{.role = Str(m, "role"),
                                             .content = Str(m, "content"),
                                             .timestamp_ms = Time(m, "timestamp"),
                                             .tool_name = Str(m, "toolName")});
    }
  }
  t.first_message_of_test = static_cast<size_t>(Int(e, "firstMessageOfTest"));
  const Json& calls = Sub(e, "toolCalls");
  if (calls.is_array()) {
    for (const auto& c : calls) {
      if (c.is_object()) t.tool_calls.push_back(ToolCallFromJson(c));
    }
  }
  const Json& turns = Sub(e, "llmTurns");
  if (turns.is_array()) {
    for (const auto& turn : turns) {
      if (turn.is_object()) t.turns.push_back(TurnFromJson(turn));
    }
  }
  t.final_output = Str(e, "finalOutput");
  t.final_answer = Bool(e, "finalAnswer");
  const Json& tokens = Sub(e, "tokens");
  if (tokens.is_object()) {
    t.usage = UsageFromJson(tokens);
  } else {
    t.usage.completion_tokens = Int(e, "tokensUsed");  // reference report: only the total is known
  }
  t.usage.cost_usd = OptNum(e, "costUsd");
  t.latency_ms = Num(e, "latencyMs");
  t.llm_ms = Num(e, "llmMs");
  t.tool_ms = Num(e, "toolMs");
  t.wait_ms = Num(e, "waitMs");
  t.iterations = IntI(e, "iterations");
  t.timed_out = Bool(e, "timedOut");
  const Json& details = Sub(e, "errorDetails");
  if (details.is_array()) {
    for (const auto& d : details) {
      t.errors.push_back(TranscriptError{.kind = ParseErrorKind(Str(d, "kind")).value_or(ErrorKind::kNone),
                                         .message = Str(d, "message"),
                                         .iteration = IntI(d, "iteration")});
    }
  } else {
    for (const auto& msg : Strings(e, "errors"))
      t.errors.push_back(TranscriptError{.kind = ErrorKind::kNone, .message = msg, .iteration = 0});
  }
  t.available_tools = Strings(e, "availableTools");
  if (const Json& servers = Sub(e, "mcpServers"); servers.is_array()) {
    for (const auto& s : servers) {
      if (!s.is_object()) continue;
      ServerProtocol server{.server = Str(s, "name"),
                            .era = Str(s, "era"),
                            .protocol_version = Str(s, "protocolVersion"),
                            .how = Str(s, "negotiation"),
                            .implementation = Str(s, "implementation")};
      server.subscription = Str(s, "subscription");
      ExchangesFromJson(Sub(s, "serverRequests"), &server.exchanges, &server.exchange_count);
      if (const Json& oauth = Sub(s, "oauth"); oauth.is_object()) {
        server.oauth = ServerAuth{.grant = Str(oauth, "grant"),
                                  .client_identity = Str(oauth, "clientIdentity"),
                                  .client_auth = Str(oauth, "clientAuthentication"),
                                  .flows = Strings(oauth, "flows")};
      }
      t.servers.push_back(std::move(server));
    }
  }
  const Json& changes = Sub(e, "toolListChanges");
  if (changes.is_array()) {
    for (const auto& c : changes) {
      if (!c.is_object()) continue;
      t.tool_list_changes.push_back(ToolListChange{.iteration = IntI(c, "iteration"),
                                                   .at_ms = Time(c, "timestamp"),
                                                   .server = Str(c, "server"),
                                                   .added = Strings(c, "added"),
                                                   .removed = Strings(c, "removed"),
                                                   .notes = Strings(c, "notes"),
                                                   .error = Str(c, "error")});
    }
  }
  const Json& schemas = Sub(e, "toolSchemas");
  t.tool_schemas = schemas.is_object() ? schemas : Json::object();
  const Json& rl = Sub(e, "rateLimitStats");
  t.rate_limits.throttle_count = IntI(rl, "throttleCount");
  t.rate_limits.throttle_wait_ms = Num(rl, "throttleWaitTimeMs");
  t.rate_limits.rate_limit_hits = IntI(rl, "rateLimitHits");
  t.rate_limits.retry_count = IntI(rl, "retryCount");
  t.rate_limits.retry_wait_ms = Num(rl, "retryWaitTimeMs");
  t.rate_limits.retry_success_count = IntI(rl, "retrySuccessCount");
  const Json& cl = Sub(e, "clarificationStats");
  t.clarification_enabled = Bool(cl, "enabled");
  t.clarification.count = IntI(cl, "count");
  const Json& iters = Sub(cl, "iterations");
  if (iters.is_array()) {
    for (const auto& i : iters) {
      if (i.is_number()) t.clarification.iterations.push_back(i.get<int>());
    }
  }
  t.clarification.examples = Strings(cl, "examples");
  t.clarification.judge = Str(cl, "judge");
}

RunStatus StatusFromJson(const Json& j, bool passed) {
  std::string s = Str(j, "status");
  for (auto st : {RunStatus::kPassed, RunStatus::kFailed, RunStatus::kError, RunStatus::kSkipped}) {
    if (s == RunStatusName(st)) return st;
  }
  return passed ? RunStatus::kPassed : RunStatus::kFailed;
}

}  // namespace

TestRun TestRunFromJson(const Json& j) {
  TestRun r;
  const Json& e = Sub(j, "execution");
  r.test = Str(e, "testName");
  r.agent = Str(e, "agentName");
  r.provider_type = Str(e, "providerType");
  r.provider_name = Str(e, "providerName");
  r.model = Str(e, "model");
  r.session = Str(e, "sessionName");
  r.file = Str(e, "sourceFile");
  r.suite = Str(e, "suiteName");
  const Json& order = Sub(e, "order");
  r.file_index = IntI(order, "file");
  r.session_index = IntI(order, "session");
  r.test_index = IntI(order, "test");
  r.agent_index = IntI(order, "agent");
  TranscriptFromJson(e, r.transcript);
  const Json& assertions = Sub(j, "assertions");
  if (assertions.is_array()) {
    for (const auto& a : assertions) {
      if (a.is_object()) r.assertions.push_back(AssertionFromJson(a));
    }
  }
  r.passed = Bool(j, "passed");
  r.status = StatusFromJson(j, r.passed);
  return r;
}

Status HeaderFromJson(const Json& doc, Run& run) {
  int64_t version = Int(doc, "schema_version");
  if (version > kJsonSchemaVersion) {
    return Error(ErrorCode::kUnsupported, "report schema_version " + std::to_string(version) +
                                              " is newer than this build understands (" +
                                              std::to_string(kJsonSchemaVersion) + ")");
  }
  run.tool_version = Str(doc, "agent_benchmark_version");
  run.run_id = Str(doc, "run_id");
  run.started_ms = Time(doc, "startTime");
  run.ended_ms = Time(doc, "endTime");
  run.test_files = Strings(doc, "test_files");
  if (doc.contains("bugFindings")) run.bug_findings = BugFindingsFromJson(doc["bugFindings"]);
  if (run.test_files.empty() && !Str(doc, "test_file").empty()) run.test_files.push_back(Str(doc, "test_file"));
  run.suite_name = Str(doc, "suite_name");
  run.agents = Strings(doc, "agents");
  run.required_success_rate = OptNum(Sub(doc, "criteria"), "success_rate");
  run.incomplete = Bool(doc, "incomplete");
  run.warnings = Strings(doc, "warnings");
  return Status::Ok();
}

void AgentsFromRuns(Run& run) {
  if (!run.agents.empty()) return;
  for (const auto& r : run.runs) {
    if (std::find(run.agents.begin(), run.agents.end(), r.agent) == run.agents.end()) run.agents.push_back(r.agent);
  }
}

}  // namespace ab::report::json_in
