// The JSON report: the reference's schema and field names (agent_benchmark_version, summary, comparison_summary,
// detailed_results[].execution ...) plus our additions. json_reader.h reads it back.
//
// Schema version 2 (schema_version), differences from the reference:
//  - comparison_summary is keyed by TestRun::Key() = "file/session/test", unique across files and sessions (the
//    reference keyed by test name and merged same-named tests); testName still holds the bare name.
//  - execution.providerType holds the provider TYPE (OPENAI, ANTHROPIC ...); the name is in providerName.
//  - execution.errors stays a list of strings; errorDetails has {kind, message, iteration}.
//  - toolCalls[].result.content keeps every MCP content block whole; status/isError/error are added.
//  - summary.failed counts every run that did not pass (as the reference); errors/skipped break it down.
//  - added: run_id, test_files, agents, criteria {success_rate, met}, incomplete, warnings, summary.errors/skipped,
//    execution.{model, costUsd (null when unknown), tokens {prompt, completion, cached, reasoning, estimated},
//    llmMs, toolMs, waitMs, iterations, llmTurns, prompt, finalAnswer, timedOut, availableTools}, status.
//  - execution.messages holds only what the test added to the conversation: the messages of the test itself,
//    from messages[firstMessageOfTest] on, preceded by the context no earlier test of the session carries (the
//    agent's system prompt, in the session's first test). The reference repeated the whole session history in
//    every test, so a session of L tests gave O(L^2) messages; here each message appears once, and the whole
//    conversation of a session and agent is the concatenation of its tests' messages in order (the earlier
//    history is not emitted anywhere else).
// Version history: 1 = execution.messages held the whole session history up to the end of the test. Version 1
// reports are still read: each test keeps only what the previous test of its session and agent did not hold.
#pragma once

#include <cstdint>

#include "base/json.h"
#include "report/model.h"

namespace ab::report {

/// Version of the JSON layout written by RenderJson; readers reject newer versions.
inline constexpr int kJsonSchemaVersion = 2;

/// The whole report as one JSON tree; |generated_at_ms| becomes generated_at. RenderJson streams the same
/// document without building this tree; this is for tests and small runs.
Json RunToJson(const Run& run, int64_t generated_at_ms);
/// One detailed_results entry.
Json TestRunToJson(const TestRun& run);
/// The same as compact, redacted JSON text: |run.json| when it is already converted, else converted now.
std::string TestRunJsonText(const TestRun& run);
/// One assertion with its children.
Json AssertionToJson(const AssertionResult& a);

}  // namespace ab::report
