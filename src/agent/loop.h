// The agent reasoning loop for one test: prompt → model with tools → every tool call of the reply executed over
// MCP, in the reply's order → results back to the model → ... until a final answer, max_iterations, the per-test
// deadline, cancellation, or a model error. Everything that happens is written to a Transcript.
// One call runs on one thread; the provider and the connections it uses may be shared with other threads.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "agent/clarification.h"
#include "agent/tool_set.h"
#include "base/duration.h"
#include "base/time.h"
#include "base/transcript.h"
#include "llm/provider.h"

namespace ab::agent {

struct LoopOptions {
  int max_iterations = 10;
  Millis tool_timeout{60'000};
  std::optional<SteadyClock::time_point> deadline;  ///< per-test limit
  const std::atomic<bool>* cancel = nullptr;
  std::optional<double> temperature;
  std::optional<int> max_tokens;
  std::optional<long long> seed;
  const ClarificationDetector* clarifier = nullptr;  ///< null = detection off
  size_t max_tool_text_for_model = 200'000;          ///< tool result text sent back to the model is cut beyond this
};

/// The conversation of one agent in one session; tests of the session append to it, so later tests see earlier
/// turns.
struct Conversation {
  std::vector<llm::Message> messages;  ///< what the model is sent
  /// What reports show, not yet handed to a test: RunAgentTest moves it into the test's transcript, so each
  /// message is reported once, by the test during which it was added (the system prompt by the first test).
  std::vector<TranscriptMessage> log;
  /// Starts a conversation with a system prompt (nothing when empty).
  void SetSystemPrompt(const std::string& text);
};

/// Runs one test's prompt to completion. Never throws: failures become TranscriptErrors.
Transcript RunAgentTest(llm::Provider& provider, const ToolSet& tools, Conversation& conversation,
                        const std::string& prompt, const LoopOptions& options);

/// The text the model receives for a tool result: text items as they are, other items as short placeholders,
/// structuredContent when there is no text. Exposed for tests.
std::string ToolResultTextForModel(const ToolResult& result, size_t max_bytes);

}  // namespace ab::agent
