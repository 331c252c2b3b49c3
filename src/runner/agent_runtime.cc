#include "runner/agent_runtime.h"

#include <thread>

#include "base/log.h"
#include "llm/factory.h"
#include "runner/judge.h"
#include "runner/render_config.h"
#include "runner/sampler.h"

namespace ab::runner {

ProviderCache::ProviderCache() = default;
ProviderCache::~ProviderCache() = default;

ProviderPool::ProviderPool(std::vector<config::Provider> providers, tmpl::Context ctx, ProviderSetup setup)
    : providers_(std::move(providers)), ctx_(std::move(ctx)), setup_(std::move(setup)) {}

const config::Provider* ProviderPool::Find(const std::string& name) const {
  for (const auto& p : providers_)
    if (p.name == name) return &p;
  return nullptr;
}

Result<llm::Provider*> ProviderPool::Get(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = made_.find(name); it != made_.end()) return it->second.get();
  if (auto it = borrowed_.find(name); it != borrowed_.end()) return it->second;
  if (auto it = failed_.find(name); it != failed_.end()) return it->second;
  const config::Provider* cfg = Find(name);
  if (!cfg) {
    failed_[name] = Error(ErrorCode::kConfig, "unknown provider '" + name + "'");
    return failed_[name];
  }
  tmpl::Context ctx = ctx_;
  ctx.variables[tmpl::kProviderName] = cfg->name;
  auto rendered = RenderProvider(*cfg, ctx);
  if (!rendered) {
    failed_[name] = rendered.error();
    return failed_[name];
  }
  std::string cache_key;
  if (setup_.cache) {
    // Everything that changes what the provider sends or where: equal keys can share one provider.
    const config::Provider& r = *rendered;
    cache_key = r.name + "\x1f" + r.type + "\x1f" + r.model + "\x1f" + r.base_url + "\x1f" + r.token + "\x1f" +
                r.version + "\x1f" + r.mock_script + "\x1f" + std::to_string(r.temperature.value_or(-1)) + "\x1f" +
                std::to_string(r.max_tokens.value_or(-1)) + "\x1f" + std::to_string(r.seed.value_or(-1));
    std::lock_guard<std::mutex> cache_lock(setup_.cache->mu);
    if (auto it = setup_.cache->providers.find(cache_key); it != setup_.cache->providers.end()) {
      borrowed_[name] = it->second.get();
      return it->second.get();
    }
  }
  llm::ProviderOptions options;
  options.base_dir = setup_.base_dir;
  options.record_dir = setup_.record_dir;
  options.replay_dir = setup_.replay_dir;
  auto made = llm::MakeProvider(*rendered, options);
  if (!made) {
    Error e = made.error();
    e.message = "provider '" + name + "': " + e.message;
    failed_[name] = e;
    return e;
  }
  llm::Provider* raw = made->get();
  if (setup_.cache) {
    std::lock_guard<std::mutex> cache_lock(setup_.cache->mu);
    auto [it, inserted] = setup_.cache->providers.emplace(cache_key, std::move(*made));
    borrowed_[name] = it->second.get();
    return it->second.get();
  }
  made_[name] = std::move(*made);
  return raw;
}

AgentRuntime::AgentRuntime(const config::Agent& agent, std::vector<config::Server> rendered_servers,
                           mcp::ConnectOptions connect_options)
    : agent_(agent), servers_(std::move(rendered_servers)), connect_options_(std::move(connect_options)) {
  connections_.resize(servers_.size());
  tool_lists_.resize(servers_.size());
}

AgentRuntime::~AgentRuntime() { Close(); }

Status AgentRuntime::Connect(size_t i) {
  auto conn = mcp::Connect(servers_[i], connect_options_);
  if (!conn) return conn.error();  // the MCP layer's message already names the server
  auto tools = (*conn)->ListTools();
  if (!tools) {
    std::string tail = (*conn)->StderrTail();
    (*conn)->Close();
    return Error(tools.error().code, "server '" + servers_[i].name + "': tools/list failed: " + tools.error().message +
                                         (tail.empty() ? "" : "; stderr: " + tail));
  }
  connections_[i] = std::move(*conn);
  tool_lists_[i] = std::move(*tools);
  return Status::Ok();
}

void AgentRuntime::RebuildTools() {
  agent::ToolSet set;
  std::vector<std::string> collisions;
  for (size_t i = 0; i < servers_.size(); ++i) {
    if (!connections_[i]) continue;
    std::optional<std::vector<std::string>> allowed;
    for (const auto& as : agent_.servers)
      if (as.name == servers_[i].name) allowed = as.allowed_tools;
    set.AddServer(servers_[i].name, connections_[i].get(), tool_lists_[i], allowed, &collisions);
  }
  tools_ = set.Filtered(agent_.allowed_tools);
  for (auto& c : collisions) warnings_.push_back("agent '" + agent_.name + "': " + c);
}

void AgentRuntime::Start(ProviderPool& providers) {
  if (!start_error_.empty()) return;
  auto provider = providers.Get(agent_.provider);
  if (!provider) {
    start_error_ = provider.error().ToString();
    return;
  }
  provider_ = *provider;
  provider_config_ = providers.Find(agent_.provider);
  if (agent_.clarification.enabled) {
    agent::ClarificationDetector::Judge judge;
    std::string judge_note;
    if (!agent_.clarification.judge_provider.empty()) {
      std::string judge_name =
          agent_.clarification.judge_provider == "$self" ? agent_.provider : agent_.clarification.judge_provider;
      const std::atomic<bool>* cancel = connect_options_.cancel;
      judge = [&providers, judge_name, cancel](const std::string& answer) -> Result<bool> {
        auto p = providers.Get(judge_name);
        if (!p) return p.error();
        return AskClarificationJudge(**p, answer, cancel);
      };
      judge_note = "judge provider '" + judge_name + "'";
      if (agent_.clarification.calibration) {
        // A judge that must earn its vote: without a good enough stored calibration it decides nothing.
        auto made = providers.Get(judge_name);
        const config::Provider* spec = providers.Find(judge_name);
        ClarificationGate gate =
            made && spec
                ? CheckClarificationCalibration(*agent_.clarification.calibration, spec->type, (*made)->model())
                : ClarificationGate{false, "", "no usable clarification judge provider '" + judge_name + "'", {}, ""};
        if (!gate.error.empty()) {
          start_error_ = "agent '" + agent_.name + "': " + gate.error;
          return;
        }
        if (!gate.use_judge) {
          warnings_.push_back("agent '" + agent_.name + "': " + gate.warning);
          judge = nullptr;
          judge_note = "patterns only: " + gate.warning;
        } else {
          judge_note = gate.trusted_because;
        }
      }
    }
    auto detector = agent::ClarificationDetector::Create(agent_.clarification, judge);
    if (!detector) {
      start_error_ = detector.error().ToString();
      return;
    }
    (*detector)->set_judge_note(std::move(judge_note));
    clarifier_ = std::move(*detector);
  }
  // Servers with `sampling: {provider}` are answered by the run's shared providers.
  connect_options_.sample = MakeSampler(providers);
  // Servers start in parallel: readiness is the handshake, so the slowest server sets the pace.
  std::vector<Status> results(servers_.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < servers_.size(); ++i) threads.emplace_back([this, i, &results] { results[i] = Connect(i); });
  for (auto& t : threads) t.join();
  std::vector<std::string> failures;
  for (const auto& r : results)
    if (!r.ok()) failures.push_back(r.error().message);
  if (!failures.empty()) {
    start_error_ = failures.front();
    for (size_t i = 1; i < failures.size(); ++i) start_error_ += "; " + failures[i];
    return;
  }
  std::lock_guard<std::mutex> lock(mu_);
  RebuildTools();
}

std::vector<std::string> AgentRuntime::RestartDeadServers() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> notes;
  bool changed = false;
  for (size_t i = 0; i < servers_.size(); ++i) {
    if (!connections_[i] || connections_[i]->alive()) continue;
    std::string tail = connections_[i]->StderrTail();
    retired_.push_back(std::move(connections_[i]));
    Status st = Connect(i);
    notes.push_back("agent '" + agent_.name + "': server '" + servers_[i].name + "' had exited" +
                    (tail.empty() ? "" : " (stderr: " + tail + ")") +
                    (st.ok() ? "; restarted it for the next session" : "; restart failed: " + st.error().message));
    changed = true;
  }
  if (changed) RebuildTools();
  return notes;
}

agent::ToolSet AgentRuntime::Tools() {
  std::lock_guard<std::mutex> lock(mu_);
  return tools_;
}

void AgentRuntime::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  // In parallel, like the starts: each stdio server gets a grace period to exit after its stdin closes, and ten
  // of them one after another would add up.
  std::vector<std::thread> closers;
  for (auto* list : {&connections_, &retired_})
    for (auto& c : *list)
      if (c) closers.emplace_back([conn = c.get()] { conn->Close(); });
  for (auto& t : closers) t.join();
}

}  // namespace ab::runner
