#include "llm/mock_script.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "base/json_dump.h"
#include "base/strings.h"
#include "base/utf8.h"
#include "config/yaml_text.h"

namespace ab::llm {
namespace {

struct Reader {
  std::string origin;
  Error Bad(const std::string& where, const std::string& what) const {
    return Error(ErrorCode::kConfig, origin + ": " + where + ": " + what);
  }
  Status Keys(const Json& obj, const std::string& where, const std::vector<std::string>& allowed) const {
    if (!obj.is_object()) return Bad(where, "expected a mapping");
    for (const auto& [key, value] : obj.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        return Bad(where, "unknown key '" + key + "'" + DidYouMean(key, allowed));
      }
    }
    return Status::Ok();
  }
};

Result<MockFault> ReadFault(const Reader& r, const Json& j, const std::string& where) {
  MockFault f;
  if (j.is_string()) {
    f.kind = j.get<std::string>();
  } else if (j.is_number_integer()) {
    f.status = j.get<int>();
  } else {
    if (Status s = r.Keys(j, where,
                          {"status", "kind", "retry_after", "retry_after_ms", "retry_after_date", "retry_delay",
                           "message", "code", "times", "hang_ms"});
        !s.ok()) {
      return s.error();
    }
    f.status = j.value("status", 0);
    f.kind = j.value("kind", "");
    if (j.contains("retry_after")) f.retry_after = j["retry_after"].get<double>();
    if (j.contains("retry_after_ms")) f.retry_after_ms = j["retry_after_ms"].get<int64_t>();
    if (j.contains("retry_after_date")) f.retry_after_date = j["retry_after_date"].get<double>();
    f.retry_delay = j.value("retry_delay", "");
    f.message = j.value("message", "");
    f.code = j.value("code", "");
    f.times = j.value("times", -1);
    f.hang_ms = j.value("hang_ms", int64_t{60'000});
  }
  static const std::vector<std::string> kKinds = {"malformed_tool_json", "truncated", "empty_choices", "no_content",
                                                  "hang"};
  if (f.status == 0 && std::find(kKinds.begin(), kKinds.end(), f.kind) == kKinds.end()) {
    return r.Bad(where, "a fault needs an HTTP status or a kind (" + Join(kKinds, ", ") + "), got '" + f.kind + "'" +
                            DidYouMean(f.kind, kKinds));
  }
  return f;
}

Result<MockReply> ReadReply(const Reader& r, const Json& j, const std::string& where) {
  MockReply reply;
  if (j.is_string()) {
    reply.text = j.get<std::string>();
    return reply;
  }
  if (Status s = r.Keys(j, where, {"text", "tool_calls", "usage", "latency_ms", "fault"}); !s.ok()) return s.error();
  reply.text = j.value("text", "");
  reply.latency_ms = j.value("latency_ms", int64_t{0});
  if (j.contains("tool_calls")) {
    if (!j["tool_calls"].is_array()) return r.Bad(where, "tool_calls must be a list");
    for (const Json& c : j["tool_calls"]) {
      if (Status s = r.Keys(c, where + ".tool_calls", {"name", "arguments"}); !s.ok()) return s.error();
      MockToolCall call;
      call.name = c.value("name", "");
      if (call.name.empty()) return r.Bad(where, "a tool call needs a name");
      if (c.contains("arguments") && !c["arguments"].is_null()) call.arguments = c["arguments"];
      reply.tool_calls.push_back(std::move(call));
    }
  }
  if (j.contains("usage")) {
    const Json& u = j["usage"];
    if (Status s =
            r.Keys(u, where + ".usage", {"prompt_tokens", "completion_tokens", "cached_tokens", "reasoning_tokens"});
        !s.ok()) {
      return s.error();
    }
    reply.usage = MockUsage{u.value("prompt_tokens", int64_t{0}), u.value("completion_tokens", int64_t{0}),
                            u.value("cached_tokens", int64_t{0}), u.value("reasoning_tokens", int64_t{0})};
  }
  if (j.contains("fault")) {
    Result<MockFault> f = ReadFault(r, j["fault"], where + ".fault");
    if (!f) return f.error();
    reply.fault = *f;
  }
  return reply;
}

std::string Expand(std::string text, const MockConversation& c) {
  for (const auto& [name, value] :
       {std::pair<std::string, std::string>{"{{last_tool_result}}", c.last_tool_result}, {"{{user}}", c.last_user}}) {
    text = ReplaceAll(text, name, value);
  }
  return text;
}

Json ExpandJson(const Json& j, const MockConversation& c) {
  if (j.is_string()) return Expand(j.get<std::string>(), c);
  if (j.is_object() || j.is_array()) {
    Json out = j;
    for (auto& item : out) item = ExpandJson(item, c);
    return out;
  }
  return j;
}

Json TypedValue(std::string v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
    return v.substr(1, v.size() - 2);
  if (v == "true" || v == "false") return v == "true";
  char* end = nullptr;
  const long long i = std::strtoll(v.c_str(), &end, 10);
  if (!v.empty() && *end == '\0') return i;
  const double d = std::strtod(v.c_str(), &end);
  if (!v.empty() && *end == '\0') return d;
  return v;
}

}  // namespace

Json ParseKeyValues(const std::string& text) {
  // RE2, not std::regex: the text is whatever a client sent, and libstdc++'s regex recurses once per character.
  static const RE2 kPair(R"re(([A-Za-z_][A-Za-z0-9_.-]*)=("[^"]*"|'[^']*'|[^\s,;]+))re");
  Json out = Json::object();
  re2::StringPiece rest(text);
  std::string key, value;
  while (RE2::FindAndConsume(&rest, kPair, &key, &value)) {
    while (!value.empty() &&
           (value.back() == '.' || value.back() == '?' || value.back() == '!' || value.back() == ')') &&
           value.front() != '"' && value.front() != '\'') {
      value.pop_back();
    }
    out[key] = TypedValue(value);
  }
  return out;
}

Result<MockScript> ParseMockScript(const std::string& text, const std::string& origin) {
  // YAML read by the test files' rules (config/yaml_text.h); a script saved as Latin-1 still loads.
  Result<Json> parsed = config::YamlTextToJson(ValidUtf8(text), origin);
  if (!parsed) return parsed.error();
  const Json doc = std::move(parsed.value());
  Reader r{origin};
  MockScript script;
  if (doc.is_null()) return script;
  try {
    if (Status s = r.Keys(doc, "script", {"rules", "fallback", "default_tool_mode", "token_expires_in"}); !s.ok()) {
      return s.error();
    }
    script.default_tool_mode = doc.value("default_tool_mode", true);
    script.token_expires_in = doc.value("token_expires_in", int64_t{3600});
    if (doc.contains("fallback")) {
      Result<MockReply> f = ReadReply(r, doc["fallback"], "fallback");
      if (!f) return f.error();
      script.fallback = *f;
    }
    const Json rules = doc.value("rules", Json::array());
    if (!rules.is_array()) return r.Bad("rules", "expected a list");
    for (size_t i = 0; i < rules.size(); ++i) {
      const std::string where = "rules[" + std::to_string(i) + "]";
      if (Status s = r.Keys(rules[i], where, {"match", "replies", "reply"}); !s.ok()) return s.error();
      MockRule rule;
      const Json match = rules[i].value("match", Json::object());
      if (match.is_string()) {
        rule.contains = match.get<std::string>();
      } else {
        if (Status s = r.Keys(match, where + ".match", {"contains", "regex", "model"}); !s.ok()) return s.error();
        rule.contains = match.value("contains", "");
        rule.regex = match.value("regex", "");
        rule.model = match.value("model", "");
      }
      Json replies = rules[i].value("replies", Json::array());
      if (rules[i].contains("reply")) replies.insert(replies.begin(), rules[i]["reply"]);
      if (!replies.is_array() || replies.empty()) return r.Bad(where, "a rule needs at least one reply");
      for (size_t k = 0; k < replies.size(); ++k) {
        Result<MockReply> reply = ReadReply(r, replies[k], where + ".replies[" + std::to_string(k) + "]");
        if (!reply) return reply.error();
        rule.replies.push_back(std::move(reply.value()));
      }
      if (!rule.regex.empty()) {
        const RE2 check(rule.regex, RE2::Quiet);
        if (!check.ok()) return r.Bad(where + ".match.regex", "invalid pattern: " + check.error());
      }
      script.rules.push_back(std::move(rule));
    }
  } catch (const Json::exception& e) {
    return Error(ErrorCode::kConfig, origin + ": wrong value type: " + e.what());
  }
  return script;
}

Result<MockScript> LoadMockScript(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error(ErrorCode::kIo, "cannot read mock script " + path);
  std::stringstream text;
  text << in.rdbuf();
  return ParseMockScript(text.str(), path);
}

MockEngine::MockEngine(MockScript script) : script_(std::move(script)) {
  for (const MockRule& rule : script_.rules) {
    regexes_.push_back(rule.regex.empty() ? nullptr : std::make_unique<RE2>(rule.regex, RE2::Quiet));
  }
}

MockEngine::~MockEngine() = default;

std::optional<MockReply> MockEngine::DefaultToolMode(const MockConversation& c) const {
  if (!script_.default_tool_mode || c.tools.empty()) return std::nullopt;
  std::string best;
  const std::string user = ToLower(c.last_user);
  for (const std::string& tool : c.tools) {
    if (user.find(ToLower(tool)) != std::string::npos && tool.size() > best.size()) best = tool;
  }
  if (best.empty()) return std::nullopt;
  MockReply reply;
  if (c.assistant_turns == 0) {
    reply.tool_calls.push_back({best, ParseKeyValues(c.last_user)});
  } else {
    reply.text = "The " + (c.last_tool_name.empty() ? best : c.last_tool_name) + " tool returned: {{last_tool_result}}";
  }
  return reply;
}

MockDecision MockEngine::Decide(const MockConversation& c) {
  MockDecision d;
  bool chosen = false;
  const std::string user = ToLower(c.last_user);
  for (size_t i = 0; i < script_.rules.size() && !chosen; ++i) {
    const MockRule& rule = script_.rules[i];
    if (!rule.contains.empty() && user.find(ToLower(rule.contains)) == std::string::npos) continue;
    if (!rule.model.empty() && rule.model != c.model) continue;
    if (regexes_[i] && !RE2::PartialMatch(c.last_user, *regexes_[i])) continue;
    const size_t index = std::min(static_cast<size_t>(std::max(c.assistant_turns, 0)), rule.replies.size() - 1);
    d.reply = rule.replies[index];
    chosen = true;
    if (d.reply.fault) {
      std::lock_guard<std::mutex> lock(mu_);
      int& served = faults_served_[{i, index}];
      if (d.reply.fault->times < 0 || served < d.reply.fault->times) {
        ++served;
        d.fault = d.reply.fault;
      }
    }
  }
  if (!chosen) {
    if (auto tool_reply = DefaultToolMode(c)) {
      d.reply = *tool_reply;
    } else if (script_.fallback) {
      d.reply = *script_.fallback;
      d.fault = d.reply.fault;
    } else {
      d.reply.text = c.last_user.empty() ? "Hello from the mock LLM." : "Mock reply to: " + Truncate(c.last_user, 200);
    }
  }
  d.reply.text = Expand(d.reply.text, c);
  for (MockToolCall& call : d.reply.tool_calls) call.arguments = ExpandJson(call.arguments, c);
  if (d.reply.usage) {
    d.usage = *d.reply.usage;
  } else {
    size_t out_chars = d.reply.text.size();
    for (const MockToolCall& call : d.reply.tool_calls) out_chars += call.name.size() + DumpJson(call.arguments).size();
    d.usage.prompt_tokens = std::max<int64_t>(1, static_cast<int64_t>(c.prompt_chars / 4));
    d.usage.completion_tokens = std::max<int64_t>(1, static_cast<int64_t>(out_chars / 4));
  }
  return d;
}

}  // namespace ab::llm
