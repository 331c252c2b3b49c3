#include "agent/loop.h"

#include <algorithm>

#include "base/json_dump.h"
#include "base/strings.h"

namespace ab::agent {
namespace {

bool Expired(const LoopOptions& o) { return o.deadline && SteadyClock::now() >= *o.deadline; }
bool Cancelled(const LoopOptions& o) { return o.cancel && o.cancel->load(); }

void AddError(Transcript& t, ErrorKind kind, std::string message, int iteration) {
  t.errors.push_back(TranscriptError{kind, std::move(message), iteration});
}

ToolCallStatus StatusForError(ErrorCode code) {
  switch (code) {
    case ErrorCode::kRpcError: return ToolCallStatus::kRpcError;
    case ErrorCode::kTimeout:
    case ErrorCode::kCancelled: return ToolCallStatus::kTimeout;
    default: return ToolCallStatus::kTransport;
  }
}

/// Executes one tool call of the model; returns the tool message for the model.
llm::Message ExecuteCall(const llm::ToolCallRequest& req, const ToolSet& tools, const LoopOptions& o, int iteration,
                         Transcript& t) {
  ToolCall rec;
  rec.id = req.id;
  rec.name = req.name;
  rec.arguments = req.arguments;
  rec.arguments_raw = req.arguments_raw;
  rec.iteration = iteration;
  rec.started_ms = NowMs();
  auto start = SteadyClock::now();

  llm::Message reply;
  reply.role = llm::Role::kTool;
  reply.tool_call_id = req.id;
  reply.tool_name = req.name;

  const BoundTool* bound = tools.Find(req.name);
  if (!req.arguments_valid) {
    rec.status = ToolCallStatus::kBadArguments;
    rec.error = "the model sent arguments that are not valid JSON: " + Truncate(req.arguments_raw, 200);
    rec.server = bound ? bound->server : "";
    reply.text = "Error: " + rec.error;
    reply.is_error = true;
  } else if (!bound) {
    rec.status = ToolCallStatus::kNotOffered;
    rec.error = "tool '" + req.name + "' is not available to this agent";
    reply.text = "Error: " + rec.error + ". Available tools: " + Join(tools.Names(), ", ");
    reply.is_error = true;
  } else {
    rec.server = bound->server;
    Millis timeout = o.tool_timeout;
    if (o.deadline) {
      auto left = std::chrono::duration_cast<Millis>(*o.deadline - SteadyClock::now());
      timeout = std::max(Millis(1), std::min(timeout, left));
    }
    auto result = bound->connection->CallToolWithProgress(req.name, req.arguments, timeout, o.cancel, &rec.progress);
    if (result) {
      rec.status = result->is_error ? ToolCallStatus::kToolError : ToolCallStatus::kOk;
      reply.text = ToolResultTextForModel(*result, o.max_tool_text_for_model);
      reply.is_error = result->is_error;
      rec.result = std::move(*result);
    } else {
      rec.status = StatusForError(result.error().code);
      rec.error = result.error().message;
      if (result.error().code == ErrorCode::kTimeout)
        rec.error =
            "no answer from server '" + bound->server + "' within " + FormatDuration(timeout) + " (call cancelled)";
      reply.text = "Tool execution error: " + rec.error;
      reply.is_error = true;
    }
  }
  rec.duration_ms = MsSince(start);
  t.tool_ms += rec.duration_ms;
  if (rec.status != ToolCallStatus::kOk) {
    std::string what = rec.status == ToolCallStatus::kToolError
                           ? "tool returned an error result: " + Truncate(reply.text, 500)
                           : rec.error;
    AddError(t, rec.status == ToolCallStatus::kTimeout ? ErrorKind::kTimeout : ErrorKind::kTool,
             "Tool execution error (iteration " + std::to_string(iteration) + ", tool " + req.name + "): " + what,
             iteration);
  }
  t.tool_calls.push_back(std::move(rec));
  return reply;
}

/// Before a model turn: when a server announced a new tool list, offers the new set from now on and records
/// what changed; the transcript's offered names and schemas grow by the new tools (a call made while a tool was
/// offered stays a legitimate call).
void RefreshTools(ToolSet& offered, int iteration, Transcript& t) {
  auto refreshed = offered.Refreshed(iteration, &t.tool_list_changes);
  if (!refreshed) return;
  offered = std::move(*refreshed);
  Json schemas = *t.tool_schemas;
  bool grew = false;
  for (const auto& name : offered.Names()) {
    if (std::find(t.available_tools.begin(), t.available_tools.end(), name) != t.available_tools.end()) continue;
    t.available_tools.push_back(name);
    schemas[name] = offered.Find(name)->info.input_schema;
    grew = true;
  }
  if (grew) t.tool_schemas = SharedJson(std::move(schemas));
}

/// Adds the test's prompt to the conversation. conv.log holds only what no earlier test's transcript carries (the
/// system prompt before the first test), so each message of the session is reported once and a session's results
/// grow linearly with its length.
void AddUserPrompt(const std::string& prompt, Conversation& conv, Transcript& t) {
  llm::Message user;
  user.role = llm::Role::kUser;
  user.text = prompt;
  conv.messages.push_back(std::move(user));
  t.first_message_of_test = conv.log.size();
  conv.log.push_back(TranscriptMessage{"user", prompt, NowMs(), ""});
}

/// Before a model turn: true (with the error recorded) when the run was interrupted or the test's time is up.
bool StopBeforeTurn(const LoopOptions& o, int iteration, Transcript& t) {
  if (Cancelled(o)) {
    AddError(t, ErrorKind::kCancelled, "the run was interrupted", iteration);
    return true;
  }
  if (Expired(o)) {
    t.timed_out = true;
    AddError(t, ErrorKind::kTimeout, "the test's time limit was reached before iteration " + std::to_string(iteration),
             iteration);
    return true;
  }
  return false;
}

/// The request of one model turn: the whole conversation and the tools offered now.
llm::ChatRequest BuildRequest(llm::Provider& provider, const Conversation& conv, const ToolSet& offered,
                              const LoopOptions& o) {
  llm::ChatRequest req;
  req.model = provider.model();
  req.messages = conv.messages;
  req.tools = offered.Specs();
  req.temperature = o.temperature;
  req.max_tokens = o.max_tokens;
  req.seed = o.seed;
  return req;
}

/// A model call that failed: records the turn and the error, whose kind says whose fault it was: the test's time
/// limit (timeout), the user (cancelled) or the provider (llm, infrastructure).
void ClassifyModelError(const Error& error, LlmTurn turn, const std::string& model, const LoopOptions& o, int iteration,
                        Transcript& t) {
  turn.error = error.ToString();
  if (error.code == ErrorCode::kRateLimited) {
    turn.rate_limit_hits = 1;
    t.rate_limits.rate_limit_hits += 1;
  }
  t.llm_ms += turn.latency_ms;
  t.turns.push_back(turn);
  // The provider's request timeout is cut to the time left before the deadline, so its timeout can fire a
  // hair before the deadline itself: within 100 ms counts as the test's time limit.
  const bool at_deadline = o.deadline && SteadyClock::now() + Millis(100) >= *o.deadline;
  if (error.code == ErrorCode::kTimeout && at_deadline) {
    t.timed_out = true;
    // The provider's error names it, the model's endpoint (redacted) and how long it waited.
    AddError(t, ErrorKind::kTimeout,
             "the test's time limit was reached while waiting for the model " + model + " (" + turn.error + ")",
             iteration);
  } else if (error.code == ErrorCode::kCancelled) {
    AddError(t, ErrorKind::kCancelled, "the run was interrupted", iteration);
  } else {
    AddError(t, ErrorKind::kLlm, "LLM generation error (iteration " + std::to_string(iteration) + "): " + turn.error,
             iteration);
  }
}

/// A model call that answered: the turn's latency, usage and rate-limit figures, added to the test's totals.
void RecordTurn(LlmTurn turn, const llm::ChatResponse& r, Transcript& t) {
  turn.latency_ms = r.latency_ms;
  turn.wait_ms = r.wait_ms;
  turn.retries = r.retries;
  turn.rate_limit_hits = r.rate_limit_hits;
  turn.usage = r.usage;
  turn.stop_reason = r.stop_reason;
  turn.text = r.message.text;
  turn.tool_calls = static_cast<int>(r.message.tool_calls.size());
  t.usage += r.usage;
  t.llm_ms += r.latency_ms;
  t.wait_ms += r.wait_ms;
  if (r.throttled) {
    t.rate_limits.throttle_count += 1;
    t.rate_limits.throttle_wait_ms += r.wait_ms;
  }
  t.rate_limits.rate_limit_hits += r.rate_limit_hits;
  t.rate_limits.retry_count += r.retries;
  if (r.retries > 0) t.rate_limits.retry_success_count += 1;
  t.turns.push_back(turn);
}

/// A final answer that asks the user instead of acting: counted, and an error unless the level is info.
void NoteClarification(const std::string& text, const LoopOptions& o, int iteration, Transcript& t) {
  if (!o.clarifier || !o.clarifier->IsClarification(text)) return;
  t.clarification.count += 1;
  t.clarification.iterations.push_back(iteration);
  if (t.clarification.examples.size() < 3) t.clarification.examples.push_back(Truncate(text, 200));
  if (o.clarifier->level() != config::ClarificationLevel::kInfo)
    AddError(t, ErrorKind::kClarification,
             "LLM asked for clarification instead of acting (iteration " + std::to_string(iteration) +
                 "): " + Truncate(text, 200),
             iteration);
}

/// Runs the model's tool calls in order; each answer goes back to the model and into the log.
void ExecuteCalls(const std::vector<llm::ToolCallRequest>& calls, const ToolSet& offered, const LoopOptions& o,
                  int iteration, Conversation& conv, Transcript& t) {
  for (const auto& call : calls) {
    llm::Message reply = ExecuteCall(call, offered, o, iteration, t);
    conv.log.push_back(TranscriptMessage{"tool", reply.text, NowMs(), reply.tool_name});
    conv.messages.push_back(std::move(reply));
  }
}

}  // namespace

void Conversation::SetSystemPrompt(const std::string& text) {
  if (text.empty()) return;
  llm::Message m;
  m.role = llm::Role::kSystem;
  m.text = text;
  messages.push_back(std::move(m));
  log.push_back(TranscriptMessage{"system", text, NowMs(), ""});
}

std::string ToolResultTextForModel(const ToolResult& result, size_t max_bytes) {
  std::string out;
  auto add = [&](const std::string& s) {
    if (!out.empty()) out += "\n";
    out += s;
  };
  for (const auto& c : result.content) {
    if (c.type == "text") {
      add(c.text);
    } else if (c.type == "image" || c.type == "audio") {
      add("[" + c.type + " " + c.mime_type + ", " + std::to_string(c.data.size() * 3 / 4) + " bytes]");
    } else if (c.type == "resource_link") {
      add("[resource link " + c.uri + (c.name.empty() ? "" : " (" + c.name + ")") + "]");
    } else if (c.type == "resource") {
      if (!c.text.empty()) add(c.text);
      else add("[resource " + c.uri + " " + c.mime_type + "]");
    } else {
      add("[" + c.type + " content]");
    }
  }
  if (out.empty() && !result.structured.is_null()) out = DumpJson(result.structured);
  if (result.truncated) out += "\n[result truncated by agent-bench]";
  if (out.size() > max_bytes) out = Truncate(out, max_bytes);
  return out;
}

Transcript RunAgentTest(llm::Provider& provider, const ToolSet& tools, Conversation& conv, const std::string& prompt,
                        const LoopOptions& o) {
  Transcript t;
  t.prompt = prompt;
  t.started_ms = NowMs();
  // A server may have changed its tools since the session's set was built (during an earlier test).
  ToolSet offered = tools;  // rebuilt when a server changes its tool list during the test
  if (auto refreshed = tools.Refreshed(1, &t.tool_list_changes)) offered = std::move(*refreshed);
  t.available_tools = offered.Names();
  t.tool_schemas = offered.Schemas();
  t.clarification_enabled = o.clarifier != nullptr;
  if (o.clarifier) t.clarification.judge = o.clarifier->judge_note();
  const auto start = SteadyClock::now();
  AddUserPrompt(prompt, conv, t);

  std::vector<std::string> texts;  // assistant texts of this test
  bool asked_for_tools_last = false;
  for (int iteration = 1; iteration <= o.max_iterations; ++iteration) {
    if (iteration > 1) RefreshTools(offered, iteration, t);
    if (StopBeforeTurn(o, iteration, t)) break;
    t.iterations = iteration;
    llm::ChatRequest req = BuildRequest(provider, conv, offered, o);

    LlmTurn turn;
    turn.iteration = iteration;
    turn.started_ms = NowMs();
    auto call_start = SteadyClock::now();
    auto resp = provider.Complete(req, llm::CallOptions{o.deadline, o.cancel});
    if (!resp) {
      turn.latency_ms = MsSince(call_start);
      ClassifyModelError(resp.error(), std::move(turn), req.model, o, iteration, t);
      asked_for_tools_last = false;
      break;
    }
    llm::ChatResponse& r = *resp;
    RecordTurn(std::move(turn), r, t);

    r.message.role = llm::Role::kAssistant;
    conv.messages.push_back(r.message);
    if (!r.message.text.empty()) {
      conv.log.push_back(TranscriptMessage{"assistant", r.message.text, NowMs(), ""});
      texts.push_back(r.message.text);
    }
    if (r.message.tool_calls.empty()) {
      t.final_output = r.message.text;
      t.final_answer = true;
      asked_for_tools_last = false;
      NoteClarification(r.message.text, o, iteration, t);
      break;
    }
    asked_for_tools_last = true;
    ExecuteCalls(r.message.tool_calls, offered, o, iteration, conv, t);
  }
  if (asked_for_tools_last && !t.final_answer && t.iterations >= o.max_iterations) {
    AddError(t, ErrorKind::kMaxIterations,
             "Reached maximum iterations (" + std::to_string(o.max_iterations) + ") without a final answer",
             t.iterations);
  }
  if (!t.final_answer) t.final_output = Join(texts, "\n");
  // Read at the end, so what became of a server's subscription, and what it asked outside tool calls, during this
  // test is on this test's record.
  t.servers = offered.TakeProtocols();
  t.messages = std::move(conv.log);
  conv.log.clear();
  t.ended_ms = NowMs();
  t.latency_ms = MsSince(start);
  return t;
}

}  // namespace ab::agent
