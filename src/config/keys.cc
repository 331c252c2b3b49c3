#include "config/keys.h"

#include <cassert>

#include "config/model.h"
#include "config/provider_types.h"

namespace ab::config {

const std::vector<KeyTable>& KeyTables() {
  // A plain data table (STYLE R15): keep logic out of it. Order within a table is the order of the schema.
  static const std::vector<KeyTable> kTables = {
      {"testFile",
       {"providers", "servers", "agents", "sessions", "settings", "variables", "criteria", "ai_summary", "generator",
        "explorer"}},
      {"suite",
       {"name", "test_files", "providers", "servers", "agents", "settings", "variables", "criteria", "ai_summary"}},
      {"provider", {"name",        "type",     "token",       "secret",      "model",    "baseUrl",
                    "base_url",    "version",  "auth_type",   "project_id",  "location", "credentials_path",
                    "rate_limits", "retry",    "temperature", "max_tokens",  "seed",     "timeout",
                    "pricing",     "insecure", "headers",     "mock_script", "limits"}},
      {"providerLimits", {"max_response_bytes", "connection_retries"}},
      {"rateLimits", {"tpm", "rpm"}},
      {"retry", {"retry_on_429", "max_retries", "retry_on_5xx", "retry_on_network"}},
      {"pricing", {"input", "output", "cached_input"}},
      {"server",
       {"name",
        "type",
        "command",
        "args",
        "env",
        "cwd",
        "url",
        "headers",
        "server_delay",
        "process_delay",
        "roots",
        "insecure",
        "shell",
        "working_dir",
        "tool_prefix",
        "help_command",
        "help_commands",
        "disable_help_auto_discovery",
        "tools_from_cli",
        "limits",
        "protocol",
        "auth",
        "elicitation",
        "sampling",
        "tasks"}},
      {"serverAuth", {"oauth"}},
      {"elicitation", {"accept"}},
      {"sampling", {"provider", "max_tokens"}},
      {"oauth",
       {"client_id", "client_secret", "scopes", "grant", "client_metadata_url", "private_key", "private_key_file",
        "private_key_id", "token_endpoint_auth_method", "refresh_token", "redirect_port"}},
      {"serverLimits", {"max_message_bytes", "connection_retries"}},
      // A server env entry or a header written {value: x, redact: false} (config/secrets.h).
      {"plainValue", {"value", "redact"}},
      {"agent",
       {"name", "provider", "system_prompt", "servers", "allowed_tools", "allowedTools", "clarification_detection",
        "settings", "skill", "skills"}},
      {"skill", {"path", "file_access"}},
      {"agentServer", {"name", "allowed_tools", "allowedTools"}},
      {"clarificationDetection",
       {"enabled", "level", "use_builtin_patterns", "custom_patterns", "judge_provider", "calibration"}},
      {"clarificationCalibration", {"min_kappa", "on_uncalibrated"}},
      {"session", {"name", "tests", "allowed_tools", "allowedTools", "agents"}},
      {"test",
       {"name", "description", "prompt", "agent", "start_delay", "timeout", "assertions", "extractors", "allowed_tools",
        "allowedTools"}},
      {"extractor", {"type", "tool", "path", "variable_name"}},
      {"settings",
       {"verbose", "max_iterations", "tool_timeout", "tool_tool_timeout", "timeout", "test_timeout", "test_delay",
        "session_delay", "variable_policy", "max_concurrent", "max_result_bytes"}},
      {"criteria", {"success_rate"}},
      {"aiSummary", {"enabled", "judge_provider"}},
      {"generator",
       {"agent", "test_count", "complexity", "include_edge_cases", "max_steps_per_test", "max_retries", "tools",
        "max_tokens", "goal", "max_iterations", "plan_chunk_size", "plan_chunk_max_tokens"}},
      {"explorer", {"goal", "max_iterations", "stop_on_pass_count", "max_retries", "agent", "max_tokens"}},
      // The loader passes every assertion field through to the assertion layer; these are the ones the schema
      // documents.
      {"assertion",
       {"type", "tool", "value", "expected", "params", "sequence", "pattern", "count", "path", "schema", "rubric",
        "provider", "threshold", "max", "skill", "name", "method", "server", "action"}},
  };
  return kTables;
}

const std::vector<std::string>& KeysOf(const std::string& section) {
  for (const KeyTable& t : KeyTables())
    if (t.section == section) return t.keys;
  assert(false && "unknown key table section");
  static const std::vector<std::string> kNone;
  return kNone;
}

const std::vector<std::string>& ProviderTypes() {
  static const std::vector<std::string> kTypes = [] {
    std::vector<std::string> names;
    for (const ProviderTypeInfo& info : kProviderTypes) names.emplace_back(info.name);
    return names;
  }();
  return kTypes;
}

const std::vector<std::string>& ServerTypes() {
  static const std::vector<std::string> kTypes = [] {
    std::vector<std::string> names;
    for (const ServerTypeInfo& info : kServerTypes) names.emplace_back(info.name);
    return names;
  }();
  return kTypes;
}

const std::vector<std::string>& VariablePolicies() {
  static const std::vector<std::string> kPolicies = [] {
    std::vector<std::string> names;
    for (const auto& entry : kVariablePolicies) names.emplace_back(entry.second);
    return names;
  }();
  return kPolicies;
}

const std::vector<std::string>& SchemaAssertionTypes() {
  static const std::vector<std::string> kTypes = {"tool_called",
                                                  "tool_not_called",
                                                  "tool_call_count",
                                                  "tool_call_order",
                                                  "tool_param_equals",
                                                  "tool_param_matches_regex",
                                                  "tool_result_matches_json",
                                                  "output_contains",
                                                  "output_not_contains",
                                                  "output_regex",
                                                  "max_tokens",
                                                  "max_latency_ms",
                                                  "no_error_messages",
                                                  "no_hallucinated_tools",
                                                  "no_clarification_questions",
                                                  "no_rate_limit_errors",
                                                  "cli_exit_code_equals",
                                                  "cli_stdout_contains",
                                                  "cli_stdout_regex",
                                                  "cli_stderr_contains",
                                                  "output_json_valid",
                                                  "output_matches_json",
                                                  "file_created",
                                                  "tool_result_is_error",
                                                  "tool_succeeded",
                                                  "tool_param_schema",
                                                  "output_json_schema",
                                                  "max_cost_usd",
                                                  "max_iterations",
                                                  "max_tool_calls",
                                                  "llm_judge",
                                                  "skill_loaded",
                                                  "server_requested"};
  return kTypes;
}

std::string CommonMistake(const std::string& key) {
  static const std::vector<std::pair<std::string, std::string>> kMistakes = {
      {"requests_per_minute", "rpm"},
      {"tokens_per_minute", "tpm"},
      {"init_timeout", "server_delay"},
      {"timeout_seconds", "tool_timeout"},
      {"api_key", "token"},
      {"base_URL", "baseUrl"},
      {"endpoint", "baseUrl"},
      {"system", "system_prompt"},
      {"allowed-tools", "allowed_tools"},
  };
  for (const auto& [wrong, right] : kMistakes)
    if (key == wrong) return right;
  return "";
}

const std::vector<std::string>& CombinatorKeys() {
  static const std::vector<std::string> kKeys = {"anyOf", "allOf", "not"};
  return kKeys;
}

}  // namespace ab::config
