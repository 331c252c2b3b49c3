// A server's client-side policy: how agent-bench answers what the server asks of the client (elicitation,
// sampling; in both MCP eras) and whether task-only tools are called as tasks.
#include <algorithm>

#include "base/diagnostic.h"
#include "base/strings.h"
#include "config/keys.h"
#include "config/parsers.h"
#include "config/read_choice.h"
#include "config/yaml_json.h"

namespace ab::config {
namespace {

const std::vector<std::string> kElicitationChoices = {"decline", "cancel", "accept_defaults"};
const std::vector<std::string> kSamplingChoices = {"decline"};

// Reads a scalar that must be one of |choices|, with a did-you-mean on anything else.
std::optional<std::string> ReadPolicyChoice(Reader& r, const YAML::Node& v, const std::string& key,
                                      const std::vector<std::string>& choices, const std::string& extra = "") {
  std::optional<std::string> value = r.String(v, key);
  if (!value) return std::nullopt;
  if (std::find(choices.begin(), choices.end(), *value) == choices.end()) {
    r.Error(v, "unknown " + key + " policy '" + *value + "' (one of " + Join(choices, ", ") + extra + ")" +
                   DidYouMean(*value, choices));
    return std::nullopt;
  }
  return value;
}

}  // namespace

void ReadElicitationPolicy(Reader& r, const YAML::Node& v, Server& s) {
  if (!v.IsMap()) {
    if (auto choice = ReadPolicyChoice(r, v, "elicitation", kElicitationChoices, ", or {accept: {field: value}}")) {
      s.elicitation = *choice;
    }
    return;
  }
  r.ForEachKey(v, "elicitation", KeysOf("elicitation"), [&](const std::string& key, const YAML::Node&,
                                                            const YAML::Node& value) {
    if (key != "accept") return;
    if (!value.IsMap() && !value.IsNull()) {
      r.Error(value, "elicitation accept: expected a mapping of field: value, got " + KindName(value));
      return;
    }
    std::optional<Json> fields = value.IsNull() ? Json::object() : YamlToJson(value, r);
    if (!fields) return;
    s.elicitation = "accept";
    s.elicitation_values = std::move(*fields);
  });
}

void ReadSamplingPolicy(Reader& r, const YAML::Node& v, Server& s) {
  if (v.IsMap()) {
    r.Error(v, "sampling: answering with a provider's model is not supported yet; use `sampling: decline`");
    return;
  }
  if (auto choice = ReadPolicyChoice(r, v, "sampling", kSamplingChoices)) s.sampling = *choice;
}

void ReadTasksPolicy(Reader& r, const YAML::Node& v, Server& s) {
  SetIf(s.tasks, ReadChoice(r, v, "tasks", kTaskPolicies, "tasks policy"));
}

}  // namespace ab::config
