#include "runner/render_config.h"

#include "base/redact.h"
#include "config/secrets.h"

namespace ab::runner {
namespace {

// Renders |field| in place; the first failure is kept in |status| with |where| as context.
class FieldRenderer {
 public:
  FieldRenderer(const tmpl::Context& ctx, SourceLoc loc, std::string what)
      : ctx_(ctx), loc_(std::move(loc)), what_(std::move(what)) {}
  /// Renders |field|. |secret_env|: values the field reads from the environment are secrets (credentials come
  /// from the environment); false for fields that name a program, a directory or a model, whose environment
  /// values (paths) would otherwise be blanked out of every message.
  void operator()(std::string& field, const char* name, bool secret_env = true) {
    if (!status_.ok() || field.find("{{") == std::string::npos) return;
    if (secret_env && ctx_.env) {
      for (const std::string& var : tmpl::ReferencedNames(field)) {
        if (ctx_.variables.count(var)) continue;
        if (std::optional<std::string> value = ctx_.env(var)) RegisterSecret(*value);
      }
    }
    auto r = tmpl::Render(field, ctx_);
    if (!r) {
      status_ = Error(ErrorCode::kConfig, what_ + " field '" + name + "': " + r.error().message, loc_);
      return;
    }
    field = std::move(*r);
  }
  Status status() const { return status_; }

 private:
  const tmpl::Context& ctx_;
  SourceLoc loc_;
  std::string what_;
  Status status_;
};

}  // namespace

Result<config::Provider> RenderProvider(const config::Provider& in, const tmpl::Context& ctx) {
  config::Provider p = in;
  FieldRenderer r(ctx, p.loc, "provider '" + p.name + "'");
  r(p.token, "token");
  r(p.secret, "secret");
  r(p.model, "model", false);
  r(p.base_url, "baseUrl");
  r(p.version, "version");
  r(p.auth_type, "auth_type", false);
  r(p.project_id, "project_id");
  r(p.location, "location");
  r(p.credentials_path, "credentials_path", false);
  r(p.mock_script, "mock_script", false);
  for (auto& [k, v] : p.headers) r(v, "headers", !p.plain_headers.count(k));
  if (!r.status().ok()) return r.status().error();
  config::RegisterSecrets(p);
  return p;
}

Result<config::Server> RenderServer(const config::Server& in, const tmpl::Context& ctx) {
  config::Server s = in;
  FieldRenderer r(ctx, s.loc, "server '" + s.name + "'");
  r(s.command, "command", false);
  for (auto& a : s.args) r(a, "args");
  for (auto& [k, v] : s.env) r(v, "env", !s.plain_env.count(k));
  r(s.cwd, "cwd", false);
  r(s.url, "url");
  for (auto& [k, v] : s.headers) r(v, "headers", !s.plain_headers.count(k));
  for (auto& root : s.roots) r(root, "roots", false);
  r(s.shell, "shell", false);
  r(s.working_dir, "working_dir", false);
  r(s.tool_prefix, "tool_prefix", false);
  for (auto& h : s.help_commands) r(h, "help_commands", false);
  if (s.oauth) {
    r(s.oauth->client_id, "auth.oauth.client_id");
    r(s.oauth->client_secret, "auth.oauth.client_secret");
    r(s.oauth->refresh_token, "auth.oauth.refresh_token");
    r(s.oauth->private_key, "auth.oauth.private_key");
    r(s.oauth->private_key_file, "auth.oauth.private_key_file", false);
    r(s.oauth->client_metadata_url, "auth.oauth.client_metadata_url", false);
    for (const std::string* secret : {&s.oauth->client_secret, &s.oauth->refresh_token, &s.oauth->private_key})
      RegisterSecret(*secret);
  }
  if (!r.status().ok()) return r.status().error();
  // Every env and header value is a secret once rendered, whatever its name (config/secrets.h).
  config::RegisterSecrets(s);
  return s;
}

}  // namespace ab::runner
