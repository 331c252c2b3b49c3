// Renders the templated fields of provider and server definitions ({{OPENAI_API_KEY}}, {{TEST_DIR}} ...) just
// before they are used, and registers the rendered secrets for redaction (config/secrets.h says which values are
// secrets; a value read from the environment into a credential-bearing field is one too).
#pragma once

#include "base/result.h"
#include "config/model.h"
#include "template/template.h"

namespace ab::runner {

/// token, secret, model, baseUrl, version, auth_type, project_id, location, credentials_path, header values.
Result<config::Provider> RenderProvider(const config::Provider& p, const tmpl::Context& ctx);
/// command, args, env values, cwd, url, header values, roots, shell, working_dir, tool_prefix, help_commands, and
/// the client_id, secrets, key and metadata URL of auth.oauth.
Result<config::Server> RenderServer(const config::Server& s, const tmpl::Context& ctx);

}  // namespace ab::runner
