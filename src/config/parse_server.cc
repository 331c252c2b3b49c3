// MCP servers: stdio, sse, http and cli, with the keys each type uses.
#include <algorithm>

#include "base/strings.h"
#include "config/env_expand.h"
#include "config/keys.h"
#include "config/parsers.h"
#include "config/secrets.h"

namespace ab::config {

namespace {

const std::vector<std::string>& Shells() {
  static const std::vector<std::string> kShells = {"powershell", "pwsh", "cmd", "bash", "sh", "zsh"};
  return kShells;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Keys that only mean something for some server types: written on another type they are ignored, so say so.
void WarnInapplicable(Reader& r, const Server& s, const std::vector<std::pair<std::string, YAML::Node>>& keys) {
  static const std::vector<std::string> kCliOnly = {"shell",        "working_dir",   "tool_prefix",
                                                    "help_command", "help_commands", "disable_help_auto_discovery"};
  static const std::vector<std::string> kStdioOnly = {"args", "env", "cwd"};
  static const std::vector<std::string> kHttpOnly = {"url", "headers", "auth"};
  for (const auto& [key, key_node] : keys) {
    std::string only;
    if (Contains(kCliOnly, key) && s.type != "cli") only = "cli";
    if (Contains(kStdioOnly, key) && s.type != "stdio") only = "stdio";
    if (Contains(kHttpOnly, key) && s.type != "sse" && s.type != "http") only = "sse and http";
    if (!only.empty()) {
      r.Warn(key_node, "'" + key + "' only applies to " + only + " servers; ignored for type '" + s.type + "'");
    }
  }
}

void ValidateServer(Reader& r, const YAML::Node& node, const Server& s, const std::optional<YAML::Node>& type_node,
                    const std::optional<YAML::Node>& shell_node) {
  if (s.name.empty()) r.Error(node, "server is missing required key 'name'");
  if (!type_node) {
    r.Error(node, "server '" + s.name + "' is missing required key 'type' (one of stdio, sse, http, cli)");
    return;
  }
  if (!Contains(ServerTypes(), s.type)) {
    r.Error(*type_node, "unknown server type '" + s.type + "'" + DidYouMean(s.type, ServerTypes()));
    return;
  }
  if ((s.type == "stdio" || s.type == "cli") && s.command.empty()) {
    r.Error(node, "server '" + s.name + "' is missing required key 'command' (needed by type " + s.type + ")");
  }
  if (s.type == "sse" || s.type == "http") {
    if (s.url.empty()) {
      r.Error(node, "server '" + s.name + "' is missing required key 'url' (needed by type " + s.type + ")");
    } else if (!IsTemplate(s.url) && !StartsWith(s.url, "http://") && !StartsWith(s.url, "https://")) {
      r.Error(node, "server '" + s.name + "': url must start with http:// or https://, got '" + s.url + "'");
    }
  }
  if (shell_node && !s.shell.empty() && !IsTemplate(s.shell) && !Contains(Shells(), s.shell)) {
    r.Error(*shell_node,
            "unknown shell '" + s.shell + "' (one of " + Join(Shells(), ", ") + ")" + DidYouMean(s.shell, Shells()));
  }
}

}  // namespace

bool IsTemplate(const std::string& s) { return s.find("{{") != std::string::npos; }

namespace {

// True for a mapping written as a value entry ({value: x, redact: false}) rather than, say, an unquoted {{VAR}}
// (which YAML reads as a nested mapping, and which the scalar path reports).
bool IsValueEntry(const YAML::Node& v) {
  if (!v.IsMap()) return false;
  for (const auto& kv : v) {
    if (kv.first.IsScalar() && (kv.first.Scalar() == "value" || kv.first.Scalar() == "redact")) return true;
  }
  return false;
}

}  // namespace

std::optional<std::vector<std::pair<std::string, std::string>>> ReadValueMap(Reader& r, const YAML::Node& v,
                                                                             std::string_view key,
                                                                             std::set<std::string>& plain) {
  if (!v.IsMap()) return r.StringMap(v, key);  // null, or the error for anything else
  std::vector<std::pair<std::string, std::string>> out;
  bool ok = true;
  for (const auto& kv : v) {
    if (!kv.first.IsScalar()) {
      r.Error(kv.first, "expected a plain key in '" + std::string(key) + "', got " + KindName(kv.first));
      ok = false;
      continue;
    }
    const std::string name = kv.first.Scalar();
    const std::string where = std::string(key) + "." + name;
    if (std::any_of(out.begin(), out.end(), [&](const auto& p) { return p.first == name; })) {
      r.Error(kv.first, "duplicate key '" + name + "' in '" + std::string(key) + "'");
      ok = false;
      continue;
    }
    if (kv.second.IsScalar() || kv.second.IsNull()) {
      out.emplace_back(name, kv.second.IsNull() ? std::string() : ExpandEnv(kv.second.Scalar()));
      continue;
    }
    if (!IsValueEntry(kv.second)) {
      r.Error(kv.second,
              "expected a scalar or {value: ..., redact: false} for '" + where + "', got " + KindName(kv.second));
      ok = false;
      continue;
    }
    std::optional<std::string> value;
    std::optional<bool> redact = true;
    r.ForEachKey(kv.second, where, KeysOf("plainValue"),
                 [&](const std::string& k, const YAML::Node&, const YAML::Node& x) {
                   if (k == "value") value = r.String(x, k);
                   if (k == "redact") redact = r.Bool(x, k);
                 });
    if (!value) {
      r.Error(kv.second, "'" + where + "' is missing required key 'value'");
      ok = false;
      continue;
    }
    if (!redact) {
      ok = false;
      continue;
    }
    out.emplace_back(name, *value);
    if (!*redact) plain.insert(name);
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> ReadHeaders(Reader& r, const YAML::Node& v,
                                                                            std::string_view key,
                                                                            std::set<std::string>& plain) {
  if (v.IsMap()) return ReadValueMap(r, v, key, plain);
  if (!r.ExpectSequence(v, key)) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> out;
  bool ok = true;
  for (const YAML::Node& item : v) {
    std::optional<std::string> line = r.String(item, key);
    if (!line) {
      ok = false;
      continue;
    }
    const size_t colon = line->find(':');
    const std::string name(colon == std::string::npos ? std::string_view() : Trim(line->substr(0, colon)));
    if (colon == std::string::npos || name.empty() || name.find(' ') != std::string::npos) {
      // The value may hold a secret: quote only the part before the colon.
      r.Error(item, "header must be written \"Key: Value\", got '" +
                        (colon == std::string::npos ? Truncate(*line, 20) : line->substr(0, colon)) + "'");
      ok = false;
      continue;
    }
    out.emplace_back(name, std::string(Trim(line->substr(colon + 1))));
  }
  if (!ok) return std::nullopt;
  return out;
}

namespace {

// `protocol:` forces the MCP protocol version a server is spoken to; "auto" (the default) probes for it.
const std::vector<std::string>& ProtocolChoices() {
  static const std::vector<std::string> choices = {"auto",       "2026-07-28", "2025-11-25",
                                                   "2025-06-18", "2025-03-26", "2024-11-05"};
  return choices;
}

void ReadProtocol(Reader& r, const YAML::Node& v, Server& s) {
  std::optional<std::string> value = r.String(v, "protocol");
  if (!value) return;
  if (!Contains(ProtocolChoices(), *value)) {
    r.Error(v, "unknown MCP protocol '" + *value + "' (one of " + Join(ProtocolChoices(), ", ") + ")" +
                   DidYouMean(*value, ProtocolChoices()));
    return;
  }
  s.protocol = *value;
}

}  // namespace

Server ReadServer(Reader& r, const YAML::Node& node) {
  Server s;
  s.loc = r.Loc(node);
  std::optional<YAML::Node> type_node, shell_node;
  std::vector<std::pair<std::string, YAML::Node>> seen;
  r.ForEachKey(node, "server", KeysOf("server"),
               [&](const std::string& key, const YAML::Node& key_node, const YAML::Node& v) {
                 seen.emplace_back(key, key_node);
                 if (key == "name") return SetIf(s.name, r.String(v, key));
                 if (key == "type") {
                   type_node.emplace(v);
                   return SetIf(s.type, r.String(v, key));
                 }
                 if (key == "command") return SetIf(s.command, r.String(v, key));
                 if (key == "args") return SetIf(s.args, r.StringList(v, key));
                 if (key == "env") return SetIf(s.env, ReadValueMap(r, v, key, s.plain_env));
                 if (key == "cwd") return SetIf(s.cwd, r.String(v, key));
                 if (key == "url") return SetIf(s.url, r.String(v, key));
                 if (key == "headers") return SetIf(s.headers, ReadHeaders(r, v, key, s.plain_headers));
                 if (key == "server_delay") {
                   s.server_delay = r.Duration(v, key);
                   return;
                 }
                 if (key == "process_delay") {
                   s.process_delay = r.Duration(v, key);
                   return;
                 }
                 if (key == "roots") return SetIf(s.roots, r.StringList(v, key));
                 if (key == "insecure") return SetIf(s.insecure, r.Bool(v, key));
                 if (key == "shell") {
                   shell_node.emplace(v);
                   return SetIf(s.shell, r.String(v, key));
                 }
                 if (key == "working_dir") return SetIf(s.working_dir, r.String(v, key));
                 if (key == "tool_prefix") return SetIf(s.tool_prefix, r.String(v, key));
                 if (key == "help_command") {
                   r.Warn(key_node, "'help_command' is deprecated; use 'help_commands' (a list)");
                   std::optional<std::string> cmd = r.String(v, key);
                   if (cmd && !cmd->empty()) s.help_commands.insert(s.help_commands.begin(), *cmd);
                   return;
                 }
                 if (key == "help_commands") {
                   std::optional<std::vector<std::string>> cmds = r.StringList(v, key);
                   if (cmds) s.help_commands.insert(s.help_commands.end(), cmds->begin(), cmds->end());
                   return;
                 }
                 if (key == "disable_help_auto_discovery") return SetIf(s.disable_help_auto_discovery, r.Bool(v, key));
                 if (key == "limits") return void(s.limits = ReadLimits(r, v, "serverLimits"));
                 if (key == "protocol") return ReadProtocol(r, v, s);
                 if (key == "auth") return void(s.oauth = ReadServerAuth(r, v));
                 if (key == "elicitation") return ReadElicitationPolicy(r, v, s);
                 if (key == "sampling") return ReadSamplingPolicy(r, v, s);
                 if (key == "tasks") return ReadTasksPolicy(r, v, s);
                 if (key == "tools_from_cli") {
                   r.Warn(key_node, "'tools_from_cli' is ignored (the reference never used it either)");
                 }
               });
  if (!node.IsMap()) return s;
  RegisterSecrets(s);  // the literal ones; templated values once rendered
  ValidateServer(r, node, s, type_node, shell_node);
  if (Contains(ServerTypes(), s.type)) WarnInapplicable(r, s, seen);
  return s;
}

}  // namespace ab::config
