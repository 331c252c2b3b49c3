#include "gen/workspace.h"

#include "runner/checks.h"
#include "runner/executor.h"
#include "runner/render_config.h"

namespace ab::gen {

Workspace::~Workspace() {
  if (runtime_) runtime_->Close();
}

Result<std::unique_ptr<Workspace>> Workspace::Load(const std::string& path, std::ostream& err) {
  std::unique_ptr<Workspace> w(new Workspace());
  w->path_ = path;
  w->loaded_ = runner::LoadUnits({path}, {});
  Diagnostics d = w->loaded_.diagnostics;
  for (const auto& u : w->loaded_.units) {
    Diagnostics s = runner::CheckStatic(u);
    d.insert(d.end(), s.begin(), s.end());
  }
  runner::PrintDiagnostics(d, err);
  if (HasErrors(d)) return Error(ErrorCode::kConfig, path + " has errors (see above)");
  if (w->loaded_.units.empty() || w->loaded_.units.front().files.empty())
    return Error(ErrorCode::kConfig, path + " is not a test file");
  if (!w->loaded_.units.front().suite_name.empty() || w->loaded_.units.front().suite)
    return Error(ErrorCode::kConfig, path + " is a suite; the generator and explorer read one config file");
  if (w->loaded_.units.front().agents.empty()) return Error(ErrorCode::kConfig, path + " defines no agents");
  return w;
}

Status Workspace::Start(const std::string& agent_name, const WorkspaceOptions& options) {
  const runner::Unit& u = unit();
  const runner::PlannedFile& pf = u.files.front();
  const config::Agent* agent = agent_name.empty() ? &u.agents.front() : u.FindAgent(agent_name);
  if (!agent) return Error(ErrorCode::kConfig, "no agent named '" + agent_name + "' in " + path_);
  auto ctx = runner::FileContext(pf, "generator", options.seed);
  if (!ctx) return ctx.error();
  runner::ProviderSetup setup{pf.file->dir, options.record_dir, options.replay_dir, nullptr};
  pool_ = std::make_unique<runner::ProviderPool>(u.providers, *ctx, setup);
  tmpl::Context sctx = *ctx;
  sctx.variables[tmpl::kAgentName] = agent->name;
  std::vector<config::Server> servers;
  for (const auto& as : agent->servers) {
    const config::Server* s = u.FindServer(as.name);
    if (!s) continue;
    auto rendered = runner::RenderServer(*s, sctx);
    if (!rendered) return rendered.error();
    servers.push_back(std::move(*rendered));
  }
  mcp::ConnectOptions co;
  co.base_dir = pf.file->dir;
  co.max_result_bytes = pf.settings.max_result_bytes;
  co.cancel = options.cancel;
  runtime_ = std::make_unique<runner::AgentRuntime>(*agent, std::move(servers), co);
  runtime_->Start(*pool_);
  if (!runtime_->start_error().empty())
    return Error(ErrorCode::kUnavailable, "agent '" + agent->name + "' could not start: " + runtime_->start_error());
  return Status::Ok();
}

}  // namespace ab::gen
