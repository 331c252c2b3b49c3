// The registration table of built-in assertion types: one line (or statement) per type, in the order
// --list-assertions prints them. Data only; the logic lives in the theme files.
#include "assert/factories.h"

namespace ab::assertions {
namespace {

constexpr FieldKind kStr = FieldKind::kString;
constexpr FieldKind kInt = FieldKind::kInteger;
constexpr FieldKind kNum = FieldKind::kNumber;
constexpr FieldKind kAny = FieldKind::kAny;
constexpr FieldKind kList = FieldKind::kStringList;
constexpr FieldKind kMap = FieldKind::kMap;
constexpr bool kReq = true;
constexpr bool kOpt = false;

}  // namespace

void RegisterBuiltinAssertions(Registry& r) {
  // Tools.
  r.Add({"tool_called", "a call of `tool` happened", {{"tool", kStr, kReq}}, &MakeToolCalled});
  r.Add({"tool_not_called", "no call of `tool` happened", {{"tool", kStr, kReq}}, &MakeToolNotCalled});
  r.Add({"tool_call_count",
         "exactly `count` calls of `tool` (of any tool when `tool` is absent; count defaults to 0)",
         {{"tool", kStr, kOpt}, {"count", kInt, kOpt}, {"value", kAny, kOpt, "use 'count: N' for the number of calls"}},
         &MakeToolCallCount});
  r.Add({"tool_call_order",
         "the calls contain `sequence` in this order (other calls may come between)",
         {{"sequence", kList, kReq}},
         &MakeToolCallOrder});
  r.Add({"tool_param_equals",
         "some call of `tool` has every one of `params` (dot paths a.b / a.0.b; compared by value: 30 == \"30\")",
         {{"tool", kStr, kReq}, {"params", kMap, kReq}},
         &MakeToolParamEquals});
  r.Add({"tool_param_matches_regex",
         "some call of `tool` has every one of `params` matching its RE2 pattern",
         {{"tool", kStr, kReq}, {"params", kMap, kReq}},
         &MakeToolParamMatchesRegex});
  r.Add({"tool_result_matches_json",
         "in some result of `tool` (structuredContent, else text as JSON), JSONPath `path` selects `value`",
         {{"tool", kStr, kReq}, {"path", kStr, kReq}, {"value", kAny, kReq}},
         &MakeToolResultMatchesJson});
  r.Add({"tool_result_is_error",
         "some call of `tool` returned isError: true",
         {{"tool", kStr, kReq}},
         &MakeToolResultIsError});
  r.Add({"tool_succeeded",
         "`tool` was called and every call of it succeeded",
         {{"tool", kStr, kReq}},
         &MakeToolSucceeded});
  r.Add({"tool_param_schema",
         "each call (of `tool` if given) has arguments valid against the tool's input schema",
         {{"tool", kStr, kOpt}},
         &MakeToolParamSchema});
  r.Add({"no_hallucinated_tools", "every called tool was offered to the agent", {}, &MakeNoHallucinatedTools});
  // What MCP servers asked of the client.
  r.Add({"server_requested",
         "an MCP server made an elicitation or sampling request (`method`), optionally from `server`, during a call "
         "of `tool`, answered `action`, asking for text `value`; exactly `count` of them when given, else at least one",
         {{"method", kStr, kOpt},
          {"server", kStr, kOpt},
          {"tool", kStr, kOpt},
          {"action", kStr, kOpt},
          {"value", kStr, kOpt},
          {"count", kInt, kOpt}},
         &MakeServerRequested});
  // Agent Skills.
  r.Add({"skill_loaded",
         "the model loaded skill `skill` (or `name`) with the built-in load_skill tool (skills:)",
         {{"skill", kStr, kOpt}, {"name", kStr, kOpt}},
         &MakeSkillLoaded});
  // Output.
  r.Add({"output_contains",
         "the final answer contains `value` (case-sensitive)",
         {{"value", kStr, kReq}},
         &MakeOutputContains});
  r.Add({"output_not_contains",
         "the final answer does not contain `value`",
         {{"value", kStr, kReq}},
         &MakeOutputNotContains});
  r.Add({"output_regex",
         "the final answer matches the RE2 `pattern` (unanchored)",
         {{"pattern", kStr, kReq}},
         &MakeOutputRegex});
  r.Add({"output_json_valid", "the final answer is JSON, or holds a ```json block", {}, &MakeOutputJsonValid});
  r.Add({"output_matches_json",
         "in the final answer's JSON, JSONPath `path` selects `value`",
         {{"path", kStr, kReq}, {"value", kAny, kReq}},
         &MakeOutputMatchesJson});
  r.Add({"output_json_schema",
         "the final answer's JSON is valid against `schema`",
         {{"schema", kMap, kReq}},
         &MakeOutputJsonSchema});
  r.Add({"file_created",
         "file `path` exists after the test (relative to the test file's directory)",
         {{"path", kStr, kReq}},
         &MakeFileCreated});
  // Budgets.
  r.Add({"max_tokens",
         "total tokens <= `value` (or `count`)",
         {{"value", kInt, kOpt}, {"count", kInt, kOpt}},
         &MakeMaxTokens});
  r.Add({"max_latency_ms", "wall time of the test <= `value` ms", {{"value", kNum, kReq}}, &MakeMaxLatencyMs});
  r.Add({"max_cost_usd",
         "cost <= `value` US dollars (fails when the cost is unknown)",
         {{"value", kNum, kReq}},
         &MakeMaxCostUsd});
  r.Add({"max_iterations", "LLM turns <= `value`", {{"value", kInt, kReq}}, &MakeMaxIterations});
  r.Add({"max_tool_calls", "tool calls <= `value`", {{"value", kInt, kReq}}, &MakeMaxToolCalls});
  // Health.
  r.Add({"no_error_messages", "no LLM, tool, timeout or iteration-limit error was recorded", {}, &MakeNoErrorMessages});
  r.Add({"no_clarification_questions",
         "the agent asked no clarification question (passes with a warning when "
         "detection is off)",
         {},
         &MakeNoClarificationQuestions});
  r.Add({"no_rate_limit_errors", "this test received no 429 answer", {}, &MakeNoRateLimitErrors});
  // CLI servers.
  r.Add({"cli_exit_code_equals",
         "a CLI call's exit_code equals `expected` (or `value`, default 0); `call`: last (default), first or any",
         {{"tool", kStr, kOpt}, {"expected", kNum, kOpt}, {"value", kNum, kOpt}, {"call", kStr, kOpt}},
         &MakeCliExitCodeEquals});
  r.Add({"cli_stdout_contains",
         "a CLI call's stdout contains `value`",
         {{"tool", kStr, kOpt}, {"value", kStr, kReq}, {"call", kStr, kOpt}},
         &MakeCliStdoutContains});
  r.Add({"cli_stdout_regex",
         "a CLI call's stdout matches the RE2 `pattern`",
         {{"tool", kStr, kOpt}, {"pattern", kStr, kReq}, {"call", kStr, kOpt}},
         &MakeCliStdoutRegex});
  r.Add({"cli_stderr_contains",
         "a CLI call's stderr contains `value`",
         {{"tool", kStr, kOpt}, {"value", kStr, kReq}, {"call", kStr, kOpt}},
         &MakeCliStderrContains});
  // Judge.
  r.Add({"llm_judge",
         "judge model `provider` (default: the agent's own) scores the answer against `rubric` >= `threshold` "
         "(0..1, default 0.5); `calibration: {min_kappa, on_uncalibrated: warn|fail}` requires a stored "
         "calibration of the judge with `rubric_version` (default v1)",
         {{"rubric", kStr, kReq},
          {"provider", kStr, kOpt},
          {"threshold", kNum, kOpt},
          {"calibration", kMap, kOpt},
          {"rubric_version", kStr, kOpt}},
         &MakeLlmJudge});
  // Combinators.
  r.Add({"anyOf", "passes when at least one child assertion passes", {}, &MakeAnyOf, true});
  r.Add({"allOf", "passes when every child assertion passes", {}, &MakeAllOf, true});
  r.Add({"not", "passes when its single child assertion fails", {}, &MakeNot, true});
}

}  // namespace ab::assertions
