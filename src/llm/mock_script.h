// The mock LLM's script (docs/mock-llm.md): rules matched on the latest user message and the model, each with
// replies consumed one per round trip of a user turn, plus faults. MockEngine picks the reply for a request;
// it is dialect-free (mock_dialects.cc reads requests and writes replies). Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/result.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace ab::llm {

/// A request as the mock sees it, whatever the dialect.
struct MockConversation {
  std::string model;
  std::string last_user;         ///< text of the latest user message (tool results are not user messages)
  int assistant_turns = 0;       ///< assistant messages since |last_user|: the reply index
  std::string last_tool_result;  ///< text of the latest tool result, "" when none
  std::string last_tool_name;
  std::vector<std::string> tools;  ///< names of the tools offered
  size_t prompt_chars = 0;         ///< size of the request body, for realistic usage
};

struct MockToolCall {
  std::string name;
  Json arguments = Json::object();  ///< an object, or a string sent as-is (may be invalid JSON)
};

struct MockUsage {
  int64_t prompt_tokens = 0, completion_tokens = 0, cached_tokens = 0, reasoning_tokens = 0;
};

struct MockFault {
  int status = 0;                     ///< HTTP error status (401, 404, 429, 500, 503, 529 ...); 0 = a body fault
  std::string kind;                   ///< body faults: malformed_tool_json, truncated, empty_choices, no_content, hang
  std::optional<double> retry_after;  ///< Retry-After header, seconds
  std::optional<int64_t> retry_after_ms;   ///< retry-after-ms header
  std::optional<double> retry_after_date;  ///< Retry-After as an HTTP-date this many seconds ahead
  std::string retry_delay;                 ///< Gemini RetryInfo.retryDelay, e.g. "2s"
  std::string message;                     ///< the vendor error message (default per status)
  std::string code;                        ///< OpenAI error code, e.g. insufficient_quota
  int times = -1;                          ///< served this many times, then the reply itself; -1 = always
  int64_t hang_ms = 60'000;
};

struct MockReply {
  std::string text;
  std::vector<MockToolCall> tool_calls;
  std::optional<MockUsage> usage;
  int64_t latency_ms = 0;
  std::optional<MockFault> fault;
};

struct MockRule {
  std::string contains;  ///< case-insensitive substring of the latest user message
  std::string regex;     ///< RE2 regex searched in the latest user message (linear time, whatever the message)
  std::string model;     ///< exact model name
  std::vector<MockReply> replies;  ///< reply i answers round trip i of a user turn; the last one repeats
};

struct MockScript {
  std::vector<MockRule> rules;
  std::optional<MockReply> fallback;  ///< when no rule matches (before default tool mode)
  bool default_tool_mode = true;
  int64_t token_expires_in = 3600;  ///< seconds, for the OAuth token endpoint
};

/// Parses a YAML or JSON script. Errors: kConfig with the offending key, kParse for bad YAML, kIo.
Result<MockScript> ParseMockScript(const std::string& text, const std::string& origin = "<script>");
Result<MockScript> LoadMockScript(const std::string& path);

/// What the mock answers to one request: a reply with templates expanded, possibly with a fault to serve.
struct MockDecision {
  MockReply reply;
  MockUsage usage;  ///< the reply's usage or a realistic estimate
  std::optional<MockFault> fault;
};

class MockEngine {
 public:
  explicit MockEngine(MockScript script);
  ~MockEngine();
  MockDecision Decide(const MockConversation& conversation);

 private:
  std::optional<MockReply> DefaultToolMode(const MockConversation& c) const;
  MockScript script_;
  std::vector<std::unique_ptr<re2::RE2>> regexes_;  ///< per rule, null when it has no regex
  std::mutex mu_;
  std::map<std::pair<size_t, size_t>, int> faults_served_;
};

/// Parses "key=value" pairs of a prompt into typed JSON (numbers, booleans, else strings).
Json ParseKeyValues(const std::string& text);

}  // namespace ab::llm
