#include "runner/render_config.h"

#include "base/redact.h"

namespace ab::runner {
namespace {

// Renders |field| in place; the first failure is kept in |status| with |where| as context.
class FieldRenderer {
 public:
  FieldRenderer(const tmpl::Context& ctx, SourceLoc loc, std::string what)
      : ctx_(ctx), loc_(std::move(loc)), what_(std::move(what)) {}
  void operator()(std::string& field, const char* name) {
    if (!status_.ok() || field.find("{{") == std::string::npos) return;
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
  r(p.model, "model");
  r(p.base_url, "baseUrl");
  r(p.version, "version");
  r(p.auth_type, "auth_type");
  r(p.project_id, "project_id");
  r(p.location, "location");
  r(p.credentials_path, "credentials_path");
  r(p.mock_script, "mock_script");
  for (auto& [k, v] : p.headers) {
    r(v, "headers");
    if (IsSecretHeader(k)) RegisterSecret(v);
  }
  if (!r.status().ok()) return r.status().error();
  RegisterSecret(p.token);
  RegisterSecret(p.secret);
  return p;
}

Result<config::Server> RenderServer(const config::Server& in, const tmpl::Context& ctx) {
  config::Server s = in;
  FieldRenderer r(ctx, s.loc, "server '" + s.name + "'");
  r(s.command, "command");
  for (auto& a : s.args) r(a, "args");
  for (auto& [k, v] : s.env) {
    r(v, "env");
    // Servers get credentials through their environment; a server that echoes them must not leak them.
    if (IsSecretHeader(k) || k.find("KEY") != std::string::npos || k.find("PASSWORD") != std::string::npos)
      RegisterSecret(v);
  }
  r(s.cwd, "cwd");
  r(s.url, "url");
  for (auto& [k, v] : s.headers) {
    r(v, "headers");
    if (IsSecretHeader(k)) {
      RegisterSecret(v);
      // "Bearer <token>": the token alone must be hidden too.
      if (auto sp = v.find(' '); sp != std::string::npos) RegisterSecret(v.substr(sp + 1));
    }
  }
  for (auto& root : s.roots) r(root, "roots");
  r(s.shell, "shell");
  r(s.working_dir, "working_dir");
  r(s.tool_prefix, "tool_prefix");
  for (auto& h : s.help_commands) r(h, "help_commands");
  if (!r.status().ok()) return r.status().error();
  return s;
}

}  // namespace ab::runner
