// The seam between the MCP HTTP transports and OAuth (src/auth): the transports ask an Authorizer for the
// Authorization header of each request and, on a 401 or 403, whether to retry. mcp never links the auth layer;
// the runner (and the conformance client) wire an ab::auth::OAuthClient behind this interface.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "base/result.h"
#include "base/transcript.h"

namespace ab::config {
struct Server;
}

namespace ab::mcp {

class Authorizer {
 public:
  virtual ~Authorizer() = default;
  /// The Authorization header value for the next request ("Bearer ..."), or "" when none is held yet.
  virtual std::string Header() = 0;
  /// The server answered |status| (401, or 403 with a WWW-Authenticate challenge) to a request sent with
  /// |sent_header|. Ok: a new header is ready and the request is sent again; an error: give up with it.
  virtual Status OnChallenge(int status, const std::string& www_authenticate, const std::string& sent_header) = 0;
  /// Which flow authorized the requests so far (for the transcript): names only, never a secret value.
  virtual ServerAuth Record() const { return {}; }
};

/// At most this many challenges are answered for one request (a 401, then step-ups): a server that keeps
/// refusing ends the request instead of looping.
inline constexpr int kMaxAuthRounds = 3;

/// Makes the Authorizer of a configured server (null when it has no `auth:`), or an error (bad settings).
using AuthorizerFactory = std::function<Result<std::shared_ptr<Authorizer>>(const config::Server&)>;
/// Installs the process's factory (the CLI does, once, before any server starts); Connect() uses it.
void SetAuthorizerFactory(AuthorizerFactory factory);
/// The installed factory (empty when none).
const AuthorizerFactory& GetAuthorizerFactory();

}  // namespace ab::mcp
