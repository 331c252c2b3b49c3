// Internal to the config loader: one reader per section of a test or suite file. Each reads what it can, reports
// every problem to the Reader, and never throws. Cross-references (agent -> provider, ...) are checked later, in
// references.cc, once every definition is known.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "config/model.h"
#include "config/yaml_reader.h"

namespace ab::config {

/// Copies |v| into |dst| when set, so a wrong-typed value leaves the default in place.
template <typename T, typename U>
void SetIf(T& dst, const std::optional<U>& v) {
  if (v) dst = *v;
}

/// True when |s| contains a {{template}}: its value is only known at run time, so it counts as present and
/// escapes value checks.
bool IsTemplate(const std::string& s);

/// A mapping of name -> scalar in file order, where a value may also be written `{value: x, redact: false}`:
/// the names of such entries with redact false go to |plain| (their values are not secrets, config/secrets.h).
std::optional<std::vector<std::pair<std::string, std::string>>> ReadValueMap(Reader& r, const YAML::Node& v,
                                                                             std::string_view key,
                                                                             std::set<std::string>& plain);

/// "Key: Value" strings or a mapping (read with ReadValueMap); a string without ':' or with an empty key is an
/// error.
std::optional<std::vector<std::pair<std::string, std::string>>> ReadHeaders(Reader& r, const YAML::Node& v,
                                                                            std::string_view key,
                                                                            std::set<std::string>& plain);

/// The bounds a byte-size setting accepts: 1 KiB to 4 GiB.
inline constexpr long long kMinByteSize = 1024;
inline constexpr long long kMaxByteSize = 4LL << 30;

/// A byte size: an integer (bytes) or a string with a unit, `512KiB`, `64 MiB`, `1GiB`; KB/MB/GB mean the same
/// powers of 1024 (units are case-insensitive, B = bytes). Out of [kMinByteSize, kMaxByteSize] is an error.
std::optional<long long> ReadByteSize(Reader& r, const YAML::Node& v, std::string_view key);

/// `limits:` of a provider (|section| "providerLimits") or a server ("serverLimits"), keys as in keys.cc.
ConnectionLimits ReadLimits(Reader& r, const YAML::Node& node, const std::string& section);

Provider ReadProvider(Reader& r, const YAML::Node& node);
Server ReadServer(Reader& r, const YAML::Node& node);
/// `auth:` of a server ({oauth: {...}}, parse_auth.cc); nullopt when absent or wrong.
std::optional<OAuthConfig> ReadServerAuth(Reader& r, const YAML::Node& node);
/// A server's `elicitation:`, `sampling:` and `tasks:` (parse_client_policy.cc): what the MCP client answers.
void ReadElicitationPolicy(Reader& r, const YAML::Node& v, Server& s);
void ReadSamplingPolicy(Reader& r, const YAML::Node& v, Server& s);
void ReadTasksPolicy(Reader& r, const YAML::Node& v, Server& s);
Agent ReadAgent(Reader& r, const YAML::Node& node);
std::vector<Session> ReadSessions(Reader& r, const YAML::Node& node);
/// One assertion item; |depth| counts enclosing combinators (a guard against recursive aliases).
std::optional<AssertionSpec> ReadAssertion(Reader& r, const YAML::Node& node, int depth);
Settings ReadSettings(Reader& r, const YAML::Node& node);
Criteria ReadCriteria(Reader& r, const YAML::Node& node);
std::vector<Variable> ReadVariables(Reader& r, const YAML::Node& node);
AiSummary ReadAiSummary(Reader& r, const YAML::Node& node);  // parse_generator.cc
GeneratorConfig ReadGenerator(Reader& r, const YAML::Node& node);
ExplorerConfig ReadExplorer(Reader& r, const YAML::Node& node);

/// Reads the items of list |key| with |read|; null is an empty list, anything else but a sequence is an error, and
/// so is an empty item ("-" alone).
template <typename T, typename Fn>
std::vector<T> ReadList(Reader& r, const YAML::Node& node, std::string_view key, Fn read) {
  std::vector<T> out;
  if (!r.ExpectSequence(node, key)) return out;
  for (const YAML::Node& item : node) {
    if (item.IsNull()) {
      r.Error(item, "empty item in '" + std::string(key) + "'");
      continue;
    }
    out.push_back(read(r, item));
  }
  return out;
}

/// `allowed_tools` and its README spelling `allowedTools`: reports both being given.
void ReadAllowedTools(Reader& r, const std::string& key, const YAML::Node& key_node, const YAML::Node& value,
                      std::optional<std::vector<std::string>>& out, std::string& seen_spelling);

}  // namespace ab::config
