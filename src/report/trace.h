// The compact trace of what an agent did in one test, on one line, for the console and other summaries:
//   "Add a note titled Groceries…" → add_note{title:"Groceries", body:"milk, eggs"} ok → search{q:"x"} error →
//   "Saved the note…"
// The prompt (then what a server asked outside tool calls, e.g. [s: elicitation accept]), each tool call with its
// arguments, outcome and what its server asked, and the final answer (or why there is none). Every
// piece is cut on a UTF-8 boundary, newlines and control characters are flattened, and the whole line is bounded,
// so a hostile model or server cannot flood the console. The caller redacts (RenderConsole redacts its output).
#pragma once

#include <cstddef>
#include <string>

#include "base/transcript.h"

namespace ab::report {

struct TraceOptions {
  size_t max_bytes = 480;       ///< the whole trace, "…" when cut
  size_t max_text_bytes = 60;   ///< the prompt and the final answer
  size_t max_value_bytes = 24;  ///< one argument value
  size_t max_args_bytes = 80;   ///< all arguments of one call
  size_t max_calls = 8;         ///< calls shown; the rest is counted ("… 5 more calls")
};

/// The one-line trace of |t|.
std::string FormatTrace(const Transcript& t, const TraceOptions& options = {});

/// The outcome word of a tool call in a trace: ok, error, rpc error, timeout, transport error, not offered,
/// bad arguments.
const char* TraceOutcome(ToolCallStatus status);

}  // namespace ab::report
