// server_requested: assertions on the elicitation and sampling requests MCP servers made of the client during a
// test, read from the transcript (each tool call's exchanges, and each server's record of the requests it made
// outside any tool call). A server that should ask the user before booking, or that asks a model to summarise,
// is tested by what it asked and what agent-bench answered.
#include <algorithm>

#include "assert/factories.h"
#include "assert/fields.h"
#include "base/strings.h"

namespace ab::assertions {
namespace {

/// The methods a user may name, short or as on the wire.
std::string WireMethod(const std::string& name) {
  if (name == "elicitation") return "elicitation/create";
  if (name == "sampling") return "sampling/createMessage";
  return name;
}

const std::vector<std::string>& MethodNames() {
  static const std::vector<std::string> kNames = {"elicitation", "sampling", "elicitation/create",
                                                  "sampling/createMessage"};
  return kNames;
}

const std::vector<std::string>& ActionNames() {
  static const std::vector<std::string> kNames = {"accept", "decline", "cancel", "answered", "declined", "error"};
  return kNames;
}

// Every string in |asked| (the elicitation message and schema, the sampling prompt and messages), bounded: the
// record is already cut to 16 messages of 2 000 bytes each.
bool AskedContains(const Json& asked, const std::string& text, int depth = 0) {
  if (depth > 16) return false;
  if (asked.is_string()) return asked.get_ref<const std::string&>().find(text) != std::string::npos;
  if (asked.is_array() || asked.is_object()) {
    for (const auto& item : asked) {
      if (AskedContains(item, text, depth + 1)) return true;
    }
  }
  return false;
}

struct Seen {
  const ServerExchange* exchange = nullptr;
  std::string server;
  std::string tool;  // "" outside tool calls
  size_t call = 0;   // 1-based call number, 0 outside tool calls
};

std::string Describe(const Seen& s) {
  std::string where =
      s.tool.empty() ? "outside tool calls" : "during " + s.tool + " (call #" + std::to_string(s.call) + ")";
  std::string text = s.exchange->method + " from " + s.server + " " + where + ": " + s.exchange->action;
  return text;
}

class ServerRequested : public Assertion {
 public:
  explicit ServerRequested(const config::AssertionSpec& spec) : fields_(spec.fields) {}

  AssertionResult Check(const Transcript& t, const EvalContext& ctx) const override {
    std::string method, tool, server, action, value;
    for (auto [name, out] : {std::pair<const char*, std::string*>{"method", &method},
                             {"tool", &tool},
                             {"server", &server},
                             {"action", &action},
                             {"value", &value}}) {
      auto text = TextField(fields_, name, ctx);
      if (!text) return Verdict(false, text.error().message);
      *out = *text;
    }
    method = WireMethod(method);
    const bool exact = fields_.contains("count");
    auto count = NumberField(fields_, "count", ctx, 0);
    if (!count) return Verdict(false, count.error().message);

    // Everything the servers asked in this test, in the order the records hold it.
    std::vector<Seen> all;
    int not_kept = 0;
    for (size_t i = 0; i < t.tool_calls.size(); ++i) {
      const ToolCall& call = t.tool_calls[i];
      for (const auto& x : call.progress.exchanges) all.push_back(Seen{&x, call.server, call.name, i + 1});
      not_kept += std::max(0, call.progress.exchange_count - static_cast<int>(call.progress.exchanges.size()));
    }
    for (const auto& s : t.servers) {
      for (const auto& x : s.exchanges) all.push_back(Seen{&x, s.server, "", 0});
      not_kept += std::max(0, s.exchange_count - static_cast<int>(s.exchanges.size()));
    }

    std::vector<const Seen*> matched;
    for (const Seen& s : all) {
      if (!method.empty() && s.exchange->method != method) continue;
      if (!tool.empty() && s.tool != tool) continue;
      if (!server.empty() && s.server != server) continue;
      if (!action.empty() && s.exchange->action != action) continue;
      if (!value.empty() && !AskedContains(s.exchange->asked, value)) continue;
      matched.push_back(&s);
    }

    std::vector<std::string> filters;
    if (!method.empty()) filters.push_back(method);
    if (!server.empty()) filters.push_back("from " + server);
    if (!tool.empty()) filters.push_back("during " + tool);
    if (!action.empty()) filters.push_back("answered " + action);
    if (!value.empty()) filters.push_back("asking \"" + Truncate(value, 80) + "\"");
    const std::string what = "server request(s)" + (filters.empty() ? "" : " (" + Join(filters, ", ") + ")");

    Json evidence = Json::array();
    for (const Seen* s : matched) {
      if (evidence.size() >= 10) break;
      Json e = {{"method", s->exchange->method}, {"server", s->server}, {"action", s->exchange->action}};
      if (!s->tool.empty()) {
        e["tool"] = s->tool;
        e["call"] = s->call;
      }
      evidence.push_back(std::move(e));
    }
    std::vector<std::string> seen_text;
    for (const Seen& s : all) {
      if (seen_text.size() >= 5) {
        seen_text.push_back("…");
        break;
      }
      seen_text.push_back(Describe(s));
    }
    const std::string seen = all.empty() ? "the servers made no elicitation or sampling request"
                                         : "requests were [" + Join(seen_text, "; ") + "]";
    const std::string unkept =
        not_kept > 0 ? " (" + std::to_string(not_kept) + " more were made but not kept in the record, so not matched)"
                     : "";
    const auto actual = static_cast<int64_t>(matched.size());
    const auto expected = static_cast<int64_t>(*count);
    Json details = {{"expected", exact ? Json(expected) : Json(">= 1")}, {"actual", actual}, {"evidence", evidence}};
    if (exact) {
      if (actual == expected) return Verdict(true, std::to_string(actual) + " " + what, details);
      return Verdict(false,
                     "expected " + std::to_string(expected) + " " + what + ", got " + std::to_string(actual) + "; " +
                         seen + unkept,
                     details);
    }
    if (actual > 0)
      return Verdict(true, std::to_string(actual) + " " + what + ": " + Describe(*matched.front()), details);
    return Verdict(false, "expected at least one " + what + "; " + seen + unkept, details);
  }

 private:
  Json fields_;
};

void CheckChoice(const config::AssertionSpec& spec, BuildContext& bc, const std::string& field,
                 const std::vector<std::string>& choices) {
  if (!spec.fields.contains(field)) return;
  const std::string given = ScalarText(spec.fields[field]);
  if (HasTemplate(given) || std::find(choices.begin(), choices.end(), given) != choices.end()) return;
  bc.Error(
      spec, field,
      "'" + field + "' must be one of " + Join(choices, ", ") + ", got '" + given + "'" + DidYouMean(given, choices));
}

}  // namespace

std::unique_ptr<Assertion> MakeServerRequested(const config::AssertionSpec& spec, BuildContext& bc) {
  CheckChoice(spec, bc, "method", MethodNames());
  CheckChoice(spec, bc, "action", ActionNames());
  return std::make_unique<ServerRequested>(spec);
}

}  // namespace ab::assertions
