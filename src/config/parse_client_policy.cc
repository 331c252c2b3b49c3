// A server's client-side policy: how agent-bench answers what the server asks of the client (elicitation,
// sampling; in both MCP eras) and whether task-only tools are called as tasks.

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

}  // namespace

void ReadElicitationPolicy(Reader& r, const YAML::Node& v, Server& s) {
  if (!v.IsMap()) {
    if (auto choice = ReadOneOf(r, v, "elicitation", kElicitationChoices, "elicitation policy",
                                ", or {accept: {field: value}}")) {
      s.elicitation = *choice;
    }
    return;
  }
  r.ForEachKey(v, "elicitation", KeysOf("elicitation"),
               [&](const std::string& key, const YAML::Node&, const YAML::Node& value) {
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
  if (!v.IsMap()) {
    if (auto choice = ReadOneOf(r, v, "sampling", kSamplingChoices, "sampling policy", ", or {provider: NAME}")) {
      s.sampling = *choice;
    }
    return;
  }
  bool has_provider_key = false;
  r.ForEachKey(
      v, "sampling", KeysOf("sampling"), [&](const std::string& key, const YAML::Node&, const YAML::Node& value) {
        if (key == "provider") {
          has_provider_key = true;
          std::optional<std::string> name = r.String(value, "sampling provider");
          if (!name || name->empty()) {
            if (name) r.Error(value, "sampling provider: expected the name of a provider");
            return;
          }
          s.sampling = "provider";
          s.sampling_provider = *name;
          // Checked against the providers once every file is read, with a did-you-mean (references.cc).
          r.AddReference(Reference::Kind::kProvider, value, "sampling");
        } else if (key == "max_tokens") {
          std::optional<long long> cap = r.Int(value, "sampling max_tokens");
          if (!cap) return;
          if (*cap < 1 || *cap > 1000000) {
            r.Error(value,
                    "sampling max_tokens: expected a whole number from 1 to 1000000, got " + std::to_string(*cap));
            return;
          }
          s.sampling_max_tokens = *cap;
        }
      });
  if (!has_provider_key) {
    r.Error(v,
            "sampling: a mapping needs `provider: NAME` (the provider whose model answers), or write "
            "`sampling: decline`");
  }
}

void ReadTasksPolicy(Reader& r, const YAML::Node& v, Server& s) {
  SetIf(s.tasks, ReadChoice(r, v, "tasks", kTaskPolicies, "tasks policy"));
}

}  // namespace ab::config
