// Which configuration values are secrets (config/secrets.h) and the `{value: x, redact: false}` opt-out.
#include "config/secrets.h"

#include <doctest/doctest.h>

#include "base/redact.h"
#include "config_test_util.h"

namespace ab::config {
namespace {

using testing::All;
using testing::Parse;

Loaded<TestFile> WithServer(const std::string& server_body) {
  return Parse("providers:\n  - name: p\n    type: MOCK\nservers:\n  - name: s\n" + server_body +
               "agents:\n  - name: a\n    provider: p\n    servers:\n      - name: s\nsessions: []\n");
}

}  // namespace

TEST_CASE("env values are secrets whatever their names, and redact: false opts one out") {
  Loaded<TestFile> f = WithServer(
      "    type: stdio\n    command: srv\n    env:\n      DB_PASS: cfg-hunter2-Zq81\n"
      "      DATABASE_URL: \"postgres://u:cfg-pw-77Kd@h/db\"\n"
      "      REGION: {value: cfg-eu-west-1, redact: false}\n      LEVEL: {value: debug-verbose}\n");
  REQUIRE_MESSAGE(f.ok(), All(f));
  const Server& s = f.value->servers[0];
  REQUIRE(s.env.size() == 4);
  CHECK(s.env[2] == std::pair<std::string, std::string>("REGION", "cfg-eu-west-1"));
  CHECK(s.env[3] == std::pair<std::string, std::string>("LEVEL", "debug-verbose"));
  CHECK(s.plain_env == std::set<std::string>{"REGION"});
  // Literal values are registered at load time.
  CHECK(Redact("pw=cfg-hunter2-Zq81") == "pw=[REDACTED]");
  CHECK(Redact("url=postgres://u:cfg-pw-77Kd@h/db") == "url=[REDACTED]");
  CHECK(Redact("debug-verbose") == "[REDACTED]");  // {value: x} alone keeps the default
  CHECK(Redact("region cfg-eu-west-1") == "region cfg-eu-west-1");
}

TEST_CASE("every header value is a secret, and the credential of 'Scheme credential' alone too") {
  Loaded<TestFile> f = WithServer(
      "    type: http\n    url: \"https://bob:cfg-urlpw-55@example.test/mcp\"\n    headers:\n"
      "      X-Db-Auth: cfg-hdr-9Yt6Re\n      Authorization: \"Bearer cfg-bearer-4Fg7\"\n"
      "      X-Tag: {value: cfg-public-tag, redact: false}\n");
  REQUIRE_MESSAGE(f.ok(), All(f));
  CHECK(f.value->servers[0].plain_headers == std::set<std::string>{"X-Tag"});
  CHECK(Redact("cfg-hdr-9Yt6Re") == "[REDACTED]");
  CHECK(Redact("token cfg-bearer-4Fg7 echoed") == "token [REDACTED] echoed");
  CHECK(Redact("password cfg-urlpw-55") == "password [REDACTED]");
  CHECK(Redact("cfg-public-tag") == "cfg-public-tag");
}

TEST_CASE("provider token, secret and headers are secrets, and templated values wait for rendering") {
  Loaded<TestFile> f = Parse(
      "providers:\n  - name: p\n    type: MOCK\n    token: cfg-tok-1q2w3e\n    secret: \"{{CFG_NOT_YET}}\"\n"
      "    headers: {X-Org: cfg-org-8u7y6t, X-Trace: {value: cfg-trace-on, redact: false}}\n"
      "agents:\n  - name: a\n    provider: p\nsessions: []\n");
  REQUIRE_MESSAGE(f.ok(), All(f));
  CHECK(f.value->providers[0].plain_headers == std::set<std::string>{"X-Trace"});
  CHECK(Redact("cfg-tok-1q2w3e cfg-org-8u7y6t cfg-trace-on") == "[REDACTED] [REDACTED] cfg-trace-on");
  CHECK(Redact("{{CFG_NOT_YET}}") == "{{CFG_NOT_YET}}");
  Provider rendered = f.value->providers[0];
  rendered.secret = "cfg-rendered-secret";
  RegisterSecrets(rendered);
  CHECK(Redact("cfg-rendered-secret") == "[REDACTED]");
}

TEST_CASE("a value entry is checked: value required, redact a boolean, no other key") {
  CHECK(All(WithServer("    type: stdio\n    command: srv\n    env:\n      A: {redact: false}\n")) ==
        "t.yaml:9:10: error: 'env.A' is missing required key 'value'\n");
  const std::string bad_key =
      All(WithServer("    type: stdio\n    command: srv\n    env:\n"
                     "      A: {value: x, redcat: false}\n"));
  CHECK(bad_key.find("unknown key 'redcat'") != std::string::npos);
  CHECK(bad_key.find("did you mean 'redact'") != std::string::npos);
  const std::string not_bool =
      All(WithServer("    type: stdio\n    command: srv\n    env:\n      A: {value: x, redact: maybe}\n"));
  CHECK(not_bool.find("error") != std::string::npos);
  // A mapping that is not a value entry is still the scalar error.
  const std::string nested = All(WithServer("    type: stdio\n    command: srv\n    env:\n      A: {b: c}\n"));
  CHECK(nested.find("expected a scalar or {value: ..., redact: false} for 'env.A'") != std::string::npos);
}

}  // namespace ab::config
