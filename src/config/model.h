// The configuration model: test files and suite files as plain typed structs. Only the loader (loader.cc) knows
// YAML; everything past it sees these structs. String fields that accept templates ({{VAR}}) hold the raw template;
// the runtime renders them. Every struct keeps the SourceLoc of where it was written, for diagnostics.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/duration.h"
#include "base/json.h"
#include "base/source_loc.h"
#include "config/choices.h"

namespace ab::config {

struct RateLimits {
  int rpm = 0;  ///< requests per minute, 0 = no limit
  int tpm = 0;  ///< tokens per minute, 0 = no limit
};

struct RetryPolicy {
  bool retry_on_429 = false;
  int max_retries = 3;
  bool retry_on_5xx = false;      ///< ours: also retry 500/502/503/504/529
  bool retry_on_network = false;  ///< ours: also retry connection failures and timeouts
};

/// USD per million tokens; overrides the shipped price table for this provider.
/// Connection and message caps (`limits:` on a provider or a server). Unset fields keep the transport defaults
/// (net/limits.h, mcp/stdio_transport.h): a response body of 64 MiB, a stdio message of 64 MiB, 2 retries.
struct ConnectionLimits {
  std::optional<size_t> max_response_bytes;  ///< provider: the response body of one model call
  std::optional<size_t> max_message_bytes;   ///< server: one message from the server (stdio: one line)
  /// Connections opened again after one failed before any response byte (0 = a request is never sent twice).
  std::optional<int> connection_retries;
};

struct Pricing {
  std::optional<double> input;
  std::optional<double> output;
  std::optional<double> cached_input;
};

struct Provider {
  std::string name;
  std::string type;  ///< OPENAI, AZURE, ANTHROPIC, GOOGLE, VERTEX, GROQ, OPENAI_COMPATIBLE, MOCK, AMAZON-ANTHROPIC
  std::string token;
  std::string secret;
  std::string model;
  std::string base_url;                                ///< YAML `baseUrl` (also `base_url`)
  std::string version;                                 ///< Azure api-version
  std::string auth_type;                               ///< Azure: api_key | entra_id
  std::string project_id, location, credentials_path;  ///< Vertex
  RateLimits rate_limits;
  RetryPolicy retry;
  ConnectionLimits limits;
  std::optional<double> temperature;
  std::optional<int> max_tokens;
  std::optional<long long> seed;
  std::optional<Millis> timeout;  ///< per HTTP request
  Pricing pricing;
  bool insecure = false;                                     ///< skip TLS certificate checks (off by default)
  std::vector<std::pair<std::string, std::string>> headers;  ///< extra HTTP headers
  std::set<std::string> plain_headers;                       ///< headers written {value: x, redact: false}: not secrets
  std::string mock_script;                                   ///< MOCK: path of a mock-llm script (relative to the file)
  SourceLoc loc;
};

/// `auth.oauth.grant`: how agent-bench gets a token (auth/oauth.h runs it; the report spells it as written here).
enum class OAuthGrant { kAuthorizationCode, kClientCredentials, kRefreshToken };
inline constexpr Choice<OAuthGrant> kOAuthGrants[] = {{OAuthGrant::kAuthorizationCode, "authorization_code"},
                                                      {OAuthGrant::kClientCredentials, "client_credentials"},
                                                      {OAuthGrant::kRefreshToken, "refresh_token"}};

/// `auth: {oauth: ...}` of an sse/http server (docs/auth.md); ${ENV} references already expanded.
struct OAuthConfig {
  std::string client_id;  ///< pre-registered; empty: client ID metadata document or dynamic registration
  std::string client_secret;
  std::vector<std::string> scopes;  ///< empty: from the server's challenge, then scopes_supported
  OAuthGrant grant = OAuthGrant::kAuthorizationCode;
  std::string client_metadata_url;         ///< Client ID Metadata Document URL
  std::string private_key;                 ///< PEM (private_key_jwt), inline
  std::string private_key_file;            ///< PEM file, relative to the test file
  std::string private_key_id;              ///< `kid` of the client assertion
  std::string token_endpoint_auth_method;  ///< forced; empty: chosen from the server's list
  std::string refresh_token;               ///< e.g. ${MCP_REFRESH_TOKEN} for CI
  int redirect_port = 0;                   ///< loopback redirect port of `auth login`; 0 = ephemeral
  SourceLoc loc;
};

/// A server's `tasks:`: auto calls the tools whose taskSupport is "required" as tasks; off hides them.
enum class TaskPolicy { kAuto, kOff };
inline constexpr Choice<TaskPolicy> kTaskPolicies[] = {{TaskPolicy::kAuto, "auto"}, {TaskPolicy::kOff, "off"}};

struct Server {
  std::string name;
  std::string type;               ///< stdio, sse, http, cli
  std::string command;            ///< stdio: program (and, as in the reference, whitespace-separated args); cli: prefix
  std::vector<std::string> args;  ///< stdio: extra arguments, never split or shell-interpreted
  std::vector<std::pair<std::string, std::string>> env;  ///< stdio: extra environment
  std::set<std::string> plain_env;                       ///< env entries written {value: x, redact: false}: not secrets
  std::string cwd;                                       ///< stdio working directory
  std::string url;                                       ///< sse / http
  std::vector<std::pair<std::string, std::string>> headers;  ///< sse / http ("Key: Value" list or a map)
  std::set<std::string> plain_headers;                       ///< headers written {value: x, redact: false}: not secrets
  std::optional<Millis> server_delay;                        ///< bound on the initialize handshake (default 30s)
  std::optional<Millis> process_delay;                       ///< sleep after spawn, only when set
  std::vector<std::string> roots;                            ///< roots offered to the server (roots/list)
  bool insecure = false;
  ConnectionLimits limits;           ///< stdio: max_message_bytes; sse and http: max_message_bytes, connection_retries
  std::string protocol = "auto";     ///< MCP protocol version to speak; "auto" probes (server/discover, initialize)
  std::optional<OAuthConfig> oauth;  ///< sse / http: `auth: {oauth: ...}`
  /// What the MCP client answers the server's elicitation/create (both eras): decline, cancel, accept_defaults
  /// (the requested schema's defaults) or accept (elicitation_values over the defaults).
  std::string elicitation = "decline";
  Json elicitation_values = Json::object();
  /// What the MCP client answers sampling/createMessage (both eras): "decline", or "provider" (the model of
  /// sampling_provider answers; sampling_max_tokens caps the maxTokens the server may ask for).
  std::string sampling = "decline";
  std::string sampling_provider;
  std::optional<long long> sampling_max_tokens;
  TaskPolicy tasks = TaskPolicy::kAuto;
  // cli servers
  std::string shell;  ///< empty = run without a shell
  std::string working_dir;
  std::string tool_prefix;  ///< tool name <prefix>_execute, default "cli"
  std::vector<std::string> help_commands;
  bool disable_help_auto_discovery = false;
  SourceLoc loc;
};

struct AgentServer {
  std::string name;
  std::optional<std::vector<std::string>> allowed_tools;  ///< `allowed_tools` or `allowedTools`
  SourceLoc loc;
};

/// `clarification_detection.level`: info only counts a clarification request; warning and error also record it as
/// an error of kind clarification in the transcript.
enum class ClarificationLevel { kInfo, kWarning, kError };
inline constexpr Choice<ClarificationLevel> kClarificationLevels[] = {{ClarificationLevel::kInfo, "info"},
                                                                      {ClarificationLevel::kWarning, "warning"},
                                                                      {ClarificationLevel::kError, "error"}};

struct ClarificationDetection {
  bool enabled = false;
  ClarificationLevel level = ClarificationLevel::kWarning;
  bool use_builtin_patterns = true;
  std::vector<std::string> custom_patterns;  ///< RE2
  std::string judge_provider;                ///< provider name or "$self"; empty = patterns only
  /// `calibration: {min_kappa, on_uncalibrated}`: the judge must have a stored calibration (agent-bench
  /// calibrate, judge key TYPE/model/clarification-v1) with Cohen's kappa >= min_kappa. Otherwise its verdicts
  /// are not used, with a warning (on_uncalibrated: warn), or the agent's tests fail to start (fail).
  struct Calibration {
    double min_kappa = 0.6;
    bool fail = false;
  };
  std::optional<Calibration> calibration;
  SourceLoc loc;
};

/// `skill: {path}` or an item of `skills:` as written; |path| is a template ({{TEST_DIR}}/skills/x).
struct SkillRef {
  std::string path;
  SourceLoc loc;
};

/// A loaded Agent Skill (agentskills.io): SKILL.md's frontmatter and body, and the files under references/.
struct SkillDoc {
  std::string name;
  std::string description;
  std::string license, version;
  std::vector<std::string> tags;
  std::string body;                     ///< SKILL.md without its frontmatter
  std::string dir;                      ///< absolute skill folder ({{SKILL_DIR}})
  std::vector<std::string> references;  ///< paths relative to references/, sorted
};

struct Agent {
  std::string name;
  std::string provider;
  std::string system_prompt;
  std::vector<AgentServer> servers;
  std::optional<std::vector<std::string>> allowed_tools;  ///< agent-wide filter
  ClarificationDetection clarification;
  std::optional<SkillRef> skill;  ///< the reference's single skill: its body goes into the system prompt
  std::vector<SkillRef> skills;   ///< ours: progressive disclosure, loaded by the model with load_skill
  SourceLoc loc;
};

/// An assertion as written. Fields other than `type` stay JSON (typed from YAML: plain scalars become numbers or
/// booleans when they look like one, quoted scalars stay strings); the assertion registry validates them.
struct AssertionSpec {
  std::string type;  ///< a leaf type, or "anyOf" / "allOf" / "not"
  Json fields = Json::object();
  std::map<std::string, SourceLoc> field_locs;  ///< where each field's key is written
  std::vector<AssertionSpec> children;          ///< combinators
  SourceLoc loc;
};

struct Extractor {
  std::string type = "jsonpath";
  std::string tool;
  std::string path;
  std::string variable_name;
  SourceLoc loc;
};

struct Test {
  std::string name;
  std::string description;
  std::string prompt;
  std::string agent;  ///< run only on this agent when set
  /// The session's `agents:`, copied to each of its tests: run only on these agents when set.
  std::optional<std::vector<std::string>> session_agents;
  std::optional<Millis> start_delay;
  std::optional<Millis> timeout;  ///< ours: per-test wall-clock limit
  std::vector<AssertionSpec> assertions;
  std::vector<Extractor> extractors;
  std::optional<std::vector<std::string>> allowed_tools;
  SourceLoc loc;
};

struct Session {
  std::string name;
  std::vector<Test> tests;
  std::optional<std::vector<std::string>> allowed_tools;
  std::optional<std::vector<std::string>> agents;  ///< run only on these agents when set
  std::vector<SourceLoc> agent_locs;               ///< where each name of |agents| is written
  SourceLoc loc;
};

/// `settings.variable_policy`: which variables a suite's test file sees (runner/plan.cc MergeVariables).
enum class VariablePolicy { kSuiteOnly, kTestOnly, kMergeTestPriority, kMergeSuitePriority };

/// The policies as written in YAML, in the schema's order (config/keys.cc VariablePolicies).
inline constexpr std::pair<VariablePolicy, std::string_view> kVariablePolicies[] = {
    {VariablePolicy::kSuiteOnly, "suite-only"},
    {VariablePolicy::kTestOnly, "test-only"},
    {VariablePolicy::kMergeTestPriority, "merge-test-priority"},
    {VariablePolicy::kMergeSuitePriority, "merge-suite-priority"},
};

/// The policy spelled exactly |name|, or nullopt.
constexpr std::optional<VariablePolicy> ParseVariablePolicy(std::string_view name) {
  for (const auto& [policy, spelling] : kVariablePolicies)
    if (spelling == name) return policy;
  return std::nullopt;
}

/// Settings as written; empty optionals fall back to the suite's, then to Defaults().
struct Settings {
  std::optional<bool> verbose;
  std::optional<int> max_iterations;
  std::optional<Millis> tool_timeout;  ///< `tool_timeout`, `tool_tool_timeout`, legacy `timeout`
  std::optional<Millis> test_timeout;  ///< ours: per-test limit
  std::optional<Millis> test_delay;
  std::optional<Millis> session_delay;
  std::optional<VariablePolicy> variable_policy;
  std::optional<int> max_concurrent;
  std::optional<long long> max_result_bytes;  ///< ours: tool result size kept (default 1 MiB)
  SourceLoc loc;
};

/// Settings with every default applied.
struct EffectiveSettings {
  bool verbose = false;
  int max_iterations = 10;
  Millis tool_timeout{60'000};
  std::optional<Millis> test_timeout;
  Millis test_delay{0};
  Millis session_delay{0};
  VariablePolicy variable_policy = VariablePolicy::kSuiteOnly;
  int max_concurrent = 0;  ///< 0 = number of agents
  long long max_result_bytes = 1 << 20;
};
/// |over| on top of |base| on top of the defaults.
EffectiveSettings Resolve(const Settings& over, const Settings& base = {});

struct Criteria {
  std::optional<double> success_rate;  ///< 0..1
  SourceLoc loc;
};

/// A variable in declaration order; values are templates.
struct Variable {
  std::string name;
  std::string value;
  SourceLoc loc;
};

/// `ai_summary:` of a test or suite file: an LLM's summary of the results at the top of the HTML and Markdown
/// reports, made when the reports are rendered (never stored in the JSON results).
struct AiSummary {
  bool enabled = false;
  std::string judge_provider;  ///< a provider name, or "$self" (the provider of the first result's agent)
  SourceLoc loc;
};

/// `generator.complexity`: how many tool calls a generated test may expect (1, up to 3, up to max_steps_per_test).
enum class Complexity { kSimple, kMedium, kComplex };
inline constexpr Choice<Complexity> kComplexities[] = {
    {Complexity::kSimple, "simple"}, {Complexity::kMedium, "medium"}, {Complexity::kComplex, "complex"}};

/// `generator:` (the `-g` mode): how the model writes a test suite from the servers' tools.
struct GeneratorConfig {
  std::string agent;  ///< whose model writes the tests; empty = the first agent
  int test_count = 5;
  Complexity complexity = Complexity::kMedium;
  bool include_edge_cases = false;
  int max_steps_per_test = 5;                     ///< tool calls a test may expect
  int max_retries = 3;                            ///< fresh attempts after a failed repair
  std::optional<std::vector<std::string>> tools;  ///< only these tools (all when unset)
  long long max_tokens = 0;                       ///< token budget of the whole generation, 0 = unlimited
  std::string goal;                               ///< extra instruction for the model
  int max_iterations = 0;                         ///< model calls per test at most (0 = 2 × (max_retries + 1))
  int plan_chunk_size = 5;                        ///< tests planned per plan call
  int plan_chunk_max_tokens = 0;                  ///< max_tokens of a plan call, 0 = max(4096, chunk × 800)
  SourceLoc loc;
};

/// `explorer:` (the `-e` mode): goal-driven exploration of a server.
struct ExplorerConfig {
  std::string goal;  ///< required
  int max_iterations = 10;
  int stop_on_pass_count = 0;  ///< stop after this many kept tests in a row, 0 = off
  int max_retries = 3;         ///< per iteration, when the decision cannot be parsed
  std::string agent;           ///< empty = the first agent
  long long max_tokens = 0;    ///< 0 = unlimited
  SourceLoc loc;
};

/// One test file (`-f`), or one test file of a suite.
struct TestFile {
  std::string path;  ///< as given (for reports)
  std::string dir;   ///< absolute directory (TEST_DIR)
  std::vector<Provider> providers;
  std::vector<Server> servers;
  std::vector<Agent> agents;
  std::vector<Session> sessions;
  Settings settings;
  std::vector<Variable> variables;
  Criteria criteria;
  std::optional<AiSummary> ai_summary;
  std::optional<GeneratorConfig> generator;  ///< a generator config (`-g`)
  std::optional<ExplorerConfig> explorer;    ///< an explorer config (`-e`)
};

/// A suite file (`-s`): shared definitions and the test files they apply to.
struct Suite {
  std::string name;
  std::string path;
  std::string dir;
  std::vector<std::string> test_file_paths;  ///< resolved against the suite's directory
  std::vector<Provider> providers;
  std::vector<Server> servers;
  std::vector<Agent> agents;
  Settings settings;
  std::vector<Variable> variables;
  Criteria criteria;
  std::optional<AiSummary> ai_summary;
  std::vector<TestFile> files;  ///< the loaded test files, in order
};

}  // namespace ab::config
