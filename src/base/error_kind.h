// What went wrong in a test, as a closed set: the agent loop and the runner set it, the runner decides from it
// whether a test failed or could not run, and reports write it as the string they always wrote (one table, below).
#pragma once

#include <optional>
#include <string_view>

namespace ab {

enum class ErrorKind {
  kNone,           ///< no kind recorded (reports older than errorDetails carry only the message)
  kLlm,            ///< the model's provider did not answer usably
  kTool,           ///< a tool call failed (isError, JSON-RPC error, transport)
  kTimeout,        ///< a tool call or the test ran out of time
  kMaxIterations,  ///< the loop stopped at max_iterations without a final answer
  kClarification,  ///< the model asked a question instead of acting
  kExtractor,      ///< an extractor found nothing to extract
  kServer,         ///< an MCP server could not be started or set up for the test
  kTemplate,       ///< the prompt's template could not be rendered
  kCancelled,      ///< the run was interrupted
};

/// True when the error means the test could not run (provider, server, template, interruption), so the test's status
/// is `error`, not `failed`: a failed assertion is about the agent, this is about the harness around it.
bool IsInfrastructure(ErrorKind kind);

/// The report/JSON-schema spelling: "llm", "tool", "timeout", "max_iterations", "clarification", "extractor",
/// "server", "template", "cancelled"; "" for kNone.
std::string_view ToString(ErrorKind kind);

/// The kind spelled |name| (ToString's inverse); nullopt for a name no version of agent-bench writes.
std::optional<ErrorKind> ParseErrorKind(std::string_view name);

}  // namespace ab
