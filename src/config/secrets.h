// Which configuration values are secrets. Redaction is by value (base/redact.h): every value listed here is
// registered, whatever the name of the variable, header or field that carries it, so DB_PASS, DATABASE_URL or
// GH_PAT are hidden as surely as OPENAI_API_KEY. A server env entry or a header written
// `{value: x, redact: false}` is the one opt-out (docs/configuration.md, "Secrets").
#pragma once

#include "config/model.h"

namespace ab::config {

/// Registers the credentials of |p|: token, secret, and every header value not marked `redact: false` (plus the
/// credential alone of a "Scheme credential" value, e.g. the token of "Bearer <token>"). Values that still hold
/// a {{template}} are skipped: the runner registers them once rendered (runner/render_config.cc).
void RegisterSecrets(const Provider& p);
/// Registers every env value and header value of |s| not marked `redact: false`, and the password of a URL
/// written with user:password@. Templated values are skipped as above.
void RegisterSecrets(const Server& s);

}  // namespace ab::config
