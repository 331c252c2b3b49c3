// OAuth on the command line: `agent-bench auth login|logout|status` (docs/auth.md), and the factory that gives
// every sse/http server with `auth: {oauth: ...}` its authorizer during a run.
#pragma once

#include "cli/flags.h"

namespace ab::cli {

/// `agent-bench auth login SERVER -f FILE` (the interactive flow: loopback redirect, browser when one is
/// available), `auth logout SERVER -f FILE`, `auth status [-f FILE]`.
int CmdAuth(const CliOptions& o);

/// Installs the mcp::AuthorizerFactory of this process: an ab::auth::OAuthClient per connection, with the token
/// cache; a browser only when a person is there (no CI, a terminal), else the refresh token or client
/// credentials from the configuration, or an error that says what to provide.
void InstallOAuth();

}  // namespace ab::cli
