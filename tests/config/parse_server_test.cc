// Servers: types, required keys, headers in both forms, cli keys, durations.
#include <doctest/doctest.h>

#include "config_test_util.h"

namespace ab::config {
namespace {

using testing::All;
using testing::Parse;

// A file whose only server is |server_body| (indented by 4), used by an agent.
Loaded<TestFile> WithServer(const std::string& server_body) {
  return Parse("providers:\n  - name: p\n    type: MOCK\nservers:\n  - name: s\n" + server_body +
               "agents:\n  - name: a\n    provider: p\n    servers:\n      - name: s\nsessions: []\n");
}

TEST_CASE("stdio server with args, env, cwd, roots and delays") {
  Loaded<TestFile> f = WithServer(
      "    type: stdio\n    command: python server.py\n    args: [\"--x\", \"a b\"]\n    env:\n      K: v\n"
      "      N: 3\n    cwd: /tmp\n    roots: [file:///tmp]\n    server_delay: 45s\n    process_delay: 1.5s\n");
  REQUIRE_MESSAGE(f.ok(), All(f));
  const Server& s = f.value->servers[0];
  CHECK(s.type == "stdio");
  CHECK(s.command == "python server.py");
  CHECK(s.args == std::vector<std::string>{"--x", "a b"});
  REQUIRE(s.env.size() == 2);
  CHECK(s.env[1] == std::pair<std::string, std::string>("N", "3"));
  CHECK(s.cwd == "/tmp");
  CHECK(s.roots == std::vector<std::string>{"file:///tmp"});
  CHECK(s.server_delay->count() == 45000);
  CHECK(s.process_delay->count() == 1500);
}

TEST_CASE("required keys per server type") {
  CHECK(All(WithServer("    type: stdio\n")) ==
        "t.yaml:5:5: error: server 's' is missing required key 'command' (needed by type stdio)\n");
  CHECK(All(WithServer("    type: cli\n")) ==
        "t.yaml:5:5: error: server 's' is missing required key 'command' (needed by type cli)\n");
  CHECK(All(WithServer("    type: sse\n")) ==
        "t.yaml:5:5: error: server 's' is missing required key 'url' (needed by type sse)\n");
  CHECK(All(WithServer("    type: http\n    url: ftp://x\n")) ==
        "t.yaml:5:5: error: server 's': url must start with http:// or https://, got 'ftp://x'\n");
  CHECK(All(WithServer("    type: stdoi\n    command: x\n")) ==
        "t.yaml:6:11: error: unknown server type 'stdoi', did you mean 'stdio'?\n");
}

TEST_CASE("protocol: auto by default, a known version, or an error with did-you-mean") {
  Loaded<TestFile> plain = WithServer("    type: stdio\n    command: x\n");
  REQUIRE_MESSAGE(plain.ok(), All(plain));
  CHECK(plain.value->servers[0].protocol == "auto");
  Loaded<TestFile> forced = WithServer("    type: http\n    url: http://h\n    protocol: 2026-07-28\n");
  REQUIRE_MESSAGE(forced.ok(), All(forced));
  CHECK(forced.value->servers[0].protocol == "2026-07-28");
  CHECK(All(WithServer("    type: stdio\n    command: x\n    protocol: 2025-11-52\n")) ==
        "t.yaml:8:15: error: unknown MCP protocol '2025-11-52' (one of auto, 2026-07-28, 2025-11-25, 2025-06-18, "
        "2025-03-26, 2024-11-05), did you mean '2025-11-25'?\n");
}

TEST_CASE("elicitation, sampling and tasks: defaults, every form, and did-you-mean on bad values") {
  Loaded<TestFile> plain = WithServer("    type: stdio\n    command: x\n");
  REQUIRE_MESSAGE(plain.ok(), All(plain));
  CHECK(plain.value->servers[0].elicitation == "decline");
  CHECK(plain.value->servers[0].sampling == "decline");
  CHECK(plain.value->servers[0].tasks == TaskPolicy::kAuto);
  Loaded<TestFile> defaults =
      WithServer("    type: stdio\n    command: x\n    elicitation: accept_defaults\n    tasks: off\n");
  REQUIRE_MESSAGE(defaults.ok(), All(defaults));
  CHECK(defaults.value->servers[0].elicitation == "accept_defaults");
  CHECK(defaults.value->servers[0].tasks == TaskPolicy::kOff);
  Loaded<TestFile> accept =
      WithServer("    type: stdio\n    command: x\n    elicitation:\n      accept: {name: Ada, count: 5, ok: true}\n");
  REQUIRE_MESSAGE(accept.ok(), All(accept));
  CHECK(accept.value->servers[0].elicitation == "accept");
  CHECK(accept.value->servers[0].elicitation_values == Json{{"name", "Ada"}, {"count", 5}, {"ok", true}});
  CHECK(All(WithServer("    type: stdio\n    command: x\n    elicitation: declin\n")) ==
        "t.yaml:8:18: error: unknown elicitation policy 'declin' (one of decline, cancel, accept_defaults, or "
        "{accept: {field: value}}), did you mean 'decline'?\n");
  CHECK(All(WithServer("    type: stdio\n    command: x\n    elicitation: {acept: {a: 1}}\n"))
            .find("unknown key 'acept' in elicitation, did you mean 'accept'?") != std::string::npos);
  CHECK(All(WithServer("    type: stdio\n    command: x\n    tasks: of\n")) ==
        "t.yaml:8:12: error: unknown tasks policy 'of' (one of auto, off), did you mean 'off'?\n");
}

TEST_CASE("sampling: {provider, max_tokens}, the provider checked with a did-you-mean, bad forms located") {
  Loaded<TestFile> answered =
      WithServer("    type: stdio\n    command: x\n    sampling: {provider: p, max_tokens: 300}\n");
  REQUIRE_MESSAGE(answered.ok(), All(answered));
  CHECK(answered.value->servers[0].sampling == "provider");
  CHECK(answered.value->servers[0].sampling_provider == "p");
  CHECK(answered.value->servers[0].sampling_max_tokens == 300);
  Loaded<TestFile> uncapped = WithServer("    type: stdio\n    command: x\n    sampling:\n      provider: p\n");
  REQUIRE_MESSAGE(uncapped.ok(), All(uncapped));
  CHECK_FALSE(uncapped.value->servers[0].sampling_max_tokens.has_value());
  CHECK(All(WithServer("    type: stdio\n    command: x\n    sampling: {provider: pp}\n")) ==
        "t.yaml:8:26: error: sampling refers to unknown provider 'pp', did you mean 'p'?\n");
  CHECK(All(WithServer("    type: stdio\n    command: x\n    sampling: {provder: p}\n"))
            .find("unknown key 'provder' in sampling, did you mean 'provider'?") != std::string::npos);
  CHECK(All(WithServer("    type: stdio\n    command: x\n    sampling: {max_tokens: 10}\n")) ==
        "t.yaml:8:15: error: sampling: a mapping needs `provider: NAME` (the provider whose model answers), or "
        "write `sampling: decline`\n");
  CHECK(All(WithServer("    type: stdio\n    command: x\n    sampling: {provider: p, max_tokens: 0}\n")) ==
        "t.yaml:8:41: error: sampling max_tokens: expected a whole number from 1 to 1000000, got 0\n");
  CHECK(All(WithServer("    type: stdio\n    command: x\n    sampling: declne\n")) ==
        "t.yaml:8:15: error: unknown sampling policy 'declne' (one of decline, or {provider: NAME}), did you mean "
        "'decline'?\n");
}

TEST_CASE("headers as \"Key: Value\" strings or as a map") {
  Loaded<TestFile> list = WithServer(
      "    type: sse\n    url: \"{{URL}}\"\n    headers:\n      - \"Authorization: Bearer {{T}}\"\n"
      "      - \"X-Api-Version: 2024-01\"\n");
  REQUIRE_MESSAGE(list.ok(), All(list));
  const auto& h = list.value->servers[0].headers;
  REQUIRE(h.size() == 2);
  CHECK(h[0] == std::pair<std::string, std::string>("Authorization", "Bearer {{T}}"));
  CHECK(h[1] == std::pair<std::string, std::string>("X-Api-Version", "2024-01"));

  Loaded<TestFile> map = WithServer("    type: http\n    url: http://h\n    headers:\n      X-A: b\n");
  REQUIRE_MESSAGE(map.ok(), All(map));
  CHECK(map.value->servers[0].headers[0] == std::pair<std::string, std::string>("X-A", "b"));

  Loaded<TestFile> bad =
      WithServer("    type: http\n    url: http://h\n    headers:\n      - \"no colon here\"\n      - \": v\"\n");
  CHECK(All(bad) ==
        "t.yaml:9:9: error: header must be written \"Key: Value\", got 'no colon here'\n"
        "t.yaml:10:9: error: header must be written \"Key: Value\", got ''\n");
}

TEST_CASE("cli server keys, deprecated help_command and ignored tools_from_cli") {
  Loaded<TestFile> f = WithServer(
      "    type: cli\n    command: excelcli\n    shell: pwsh\n    working_dir: \"{{TEST_DIR}}\"\n"
      "    tool_prefix: excel\n    help_command: excelcli --help\n    help_commands: [\"excelcli sheet --help\"]\n"
      "    disable_help_auto_discovery: true\n    tools_from_cli: true\n");
  REQUIRE_MESSAGE(f.ok(), All(f));
  const Server& s = f.value->servers[0];
  CHECK(s.shell == "pwsh");
  CHECK(s.working_dir == "{{TEST_DIR}}");
  CHECK(s.tool_prefix == "excel");
  CHECK(s.help_commands == std::vector<std::string>{"excelcli --help", "excelcli sheet --help"});
  CHECK(s.disable_help_auto_discovery);
  CHECK(All(f) ==
        "t.yaml:11:5: warning: 'help_command' is deprecated; use 'help_commands' (a list)\n"
        "t.yaml:14:5: warning: 'tools_from_cli' is ignored (the reference never used it either)\n");
}

TEST_CASE("an unknown shell is an error, a key for another server type is a warning") {
  CHECK(All(WithServer("    type: cli\n    command: c\n    shell: bsh\n")) ==
        "t.yaml:8:12: error: unknown shell 'bsh' (one of powershell, pwsh, cmd, bash, sh, zsh), did you mean "
        "'bash'?\n");
  CHECK(All(WithServer("    type: stdio\n    command: c\n    shell: bash\n")) ==
        "t.yaml:8:5: warning: 'shell' only applies to cli servers; ignored for type 'stdio'\n");
}

TEST_CASE("an invalid server duration names the key and the value") {
  CHECK(All(WithServer("    type: stdio\n    command: c\n    server_delay: soon\n"))
            .find("t.yaml:8:19: error: 'server_delay': invalid duration 'soon'") == 0);
}

TEST_CASE("agent referring to an unknown server") {
  Loaded<TestFile> f = Parse(
      "providers:\n  - name: p\n    type: MOCK\nservers:\n  - name: files\n    type: stdio\n    command: x\n"
      "agents:\n  - name: a\n    provider: p\n    servers:\n      - name: filez\nsessions: []\n");
  CHECK(All(f) == "t.yaml:12:15: error: agent refers to unknown server 'filez', did you mean 'files'?\n");
}

}  // namespace
}  // namespace ab::config
