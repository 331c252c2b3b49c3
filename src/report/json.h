// The JSON report: the reference's schema and field names (agent_benchmark_version, summary, comparison_summary,
// detailed_results[].execution ...) plus our additions. json_reader.h reads it back.
//
// Schema version 1 (schema_version), differences from the reference:
//  - comparison_summary is keyed by TestRun::Key() = "file/session/test", unique across files and sessions (the
//    reference keyed by test name and merged same-named tests); testName still holds the bare name.
//  - execution.providerType holds the provider TYPE (OPENAI, ANTHROPIC ...); the name is in providerName.
//  - execution.errors stays a list of strings; errorDetails has {kind, message, iteration}.
//  - toolCalls[].result.content keeps every MCP content block whole; status/isError/error are added.
//  - summary.failed counts every run that did not pass (as the reference); errors/skipped break it down.
//  - added: run_id, test_files, agents, criteria {success_rate, met}, incomplete, warnings, summary.errors/skipped,
//    execution.{model, costUsd (null when unknown), tokens {prompt, completion, cached, reasoning, estimated},
//    llmMs, toolMs, waitMs, iterations, llmTurns, prompt, finalAnswer, timedOut, availableTools}, status.
#pragma once

#include <cstdint>

#include "base/json.h"
#include "report/model.h"

namespace ab::report {

/// Version of the JSON layout written by RenderJson; readers reject newer versions.
inline constexpr int kJsonSchemaVersion = 1;

/// The whole report as JSON; |generated_at_ms| becomes generated_at.
Json RunToJson(const Run& run, int64_t generated_at_ms);
/// One detailed_results entry.
Json TestRunToJson(const TestRun& run);
/// One assertion with its children.
Json AssertionToJson(const AssertionResult& a);

}  // namespace ab::report
