#include "report/trace.h"

#include <algorithm>

#include "base/json_dump.h"
#include "base/strings.h"
#include "base/utf8.h"

namespace ab::report {
namespace {

// Valid UTF-8, one line, no terminal controls, at most |max| bytes.
std::string Flat(std::string_view s, size_t max) {
  // Cut well past |max| first, so a huge text costs no more than a small one.
  size_t keep = std::min(s.size(), max * 4 + 16);
  while (keep > 0 && keep < s.size() && (static_cast<unsigned char>(s[keep]) & 0xC0) == 0x80) --keep;
  std::string text = ValidUtf8(s.substr(0, keep));
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      if (!space && !out.empty()) out += ' ';
      space = true;
      continue;
    }
    space = false;
    out += (u < 0x20 || u == 0x7F) ? '?' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  std::string cut = Truncate(out, max);
  // The first cut may have ended inside the text: mark it even when the flattened text fits.
  if (keep < s.size() && cut.size() == out.size()) cut += "…";
  return cut;
}

std::string Quoted(std::string_view s, size_t max) { return "\"" + Flat(s, max) + "\""; }

std::string Value(const Json& v, size_t max) {
  if (v.is_string()) return Quoted(v.get_ref<const std::string&>(), max);
  if (v.is_object()) return v.empty() ? "{}" : "{…}";
  if (v.is_array()) return v.empty() ? "[]" : "[…]";
  return Flat(DumpJson(v), max);
}

std::string Arguments(const ToolCall& c, const TraceOptions& o) {
  if (c.status == ToolCallStatus::kBadArguments) return "(" + Quoted(c.arguments_raw, o.max_value_bytes) + ")";
  if (!c.arguments.is_object()) return "{" + Value(c.arguments, o.max_value_bytes) + "}";
  std::string out;
  for (auto it = c.arguments.begin(); it != c.arguments.end(); ++it) {
    std::string part = Flat(it.key(), o.max_value_bytes) + ":" + Value(it.value(), o.max_value_bytes);
    if (!out.empty()) part = ", " + part;
    if (out.size() + part.size() > o.max_args_bytes) {
      out += out.empty() ? "…" : ", …";
      break;
    }
    out += part;
  }
  return "{" + out + "}";
}

// What a server asked of agent-bench, e.g. "sampling answered, elicitation accept": the first two, then "…".
std::string Asks(const std::vector<ServerExchange>& exchanges, int count) {
  std::string asks;
  for (size_t k = 0; k < exchanges.size() && k < 2; ++k) {
    const ServerExchange& x = exchanges[k];
    asks += std::string(k ? ", " : "") + (x.method == "sampling/createMessage" ? "sampling " : "elicitation ") +
            Flat(x.action, 16);
  }
  if (count > 2) asks += ", …";
  return asks;
}

}  // namespace

const char* TraceOutcome(ToolCallStatus status) {
  switch (status) {
    case ToolCallStatus::kOk: return "ok";
    case ToolCallStatus::kToolError: return "error";
    case ToolCallStatus::kRpcError: return "rpc error";
    case ToolCallStatus::kTimeout: return "timeout";
    case ToolCallStatus::kTransport: return "transport error";
    case ToolCallStatus::kNotOffered: return "not offered";
    case ToolCallStatus::kBadArguments: return "bad arguments";
  }
  return "?";
}

std::string FormatTrace(const Transcript& t, const TraceOptions& o) {
  // An empty prompt: the test stopped before it was rendered (a template or a server error).
  std::string out = t.prompt.empty() ? "(no prompt)" : Quoted(t.prompt, o.max_text_bytes);
  // Requests a server made outside tool calls (the handshake, between calls), e.g. [s: elicitation accept].
  for (const ServerProtocol& s : t.servers) {
    if (s.exchange_count > 0) out += " [" + Flat(s.server, 32) + ": " + Asks(s.exchanges, s.exchange_count) + "]";
  }
  const size_t shown = std::min(t.tool_calls.size(), o.max_calls);
  for (size_t i = 0; i < shown; ++i) {
    const ToolCall& c = t.tool_calls[i];
    out += " → " + Flat(c.name, 64) + Arguments(c, o) + " " + TraceOutcome(c.status);
    // What the server asked of agent-bench during the call, e.g. [sampling answered, elicitation accept].
    if (c.progress.exchange_count > 0) out += " [" + Asks(c.progress.exchanges, c.progress.exchange_count) + "]";
  }
  if (t.tool_calls.size() > shown) {
    const size_t rest = t.tool_calls.size() - shown;
    out += " → … " + std::to_string(rest) + " more call" + (rest == 1 ? "" : "s");
  }
  if (t.final_answer || !t.final_output.empty()) {
    out += " → " + Quoted(t.final_output, o.max_text_bytes);
  } else {
    std::string why = t.timed_out ? "timed out" : "";
    if (why.empty() && !t.errors.empty())
      why = Flat(t.errors.back().kind == ErrorKind::kNone ? t.errors.back().message : t.errors.back().KindName(), 40);
    out += " → (no answer" + (why.empty() ? "" : ": " + why) + ")";
  }
  return Truncate(out, o.max_bytes);
}

}  // namespace ab::report
