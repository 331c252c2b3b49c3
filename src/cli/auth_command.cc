#include "cli/auth_command.h"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "auth/oauth.h"
#include "auth/token_cache.h"
#include "base/exit_codes.h"
#include "base/path.h"
#include "base/redact.h"
#include "base/strings.h"
#include "config/loader.h"
#include "mcp/authorizer.h"
#include "runner/render_config.h"

namespace ab::cli {
namespace {

constexpr std::chrono::minutes kLoginTimeout{5};
constexpr size_t kMaxKeyFileBytes = 64 * 1024;

class OAuthAuthorizer : public mcp::Authorizer {
 public:
  explicit OAuthAuthorizer(std::unique_ptr<auth::OAuthClient> client) : client_(std::move(client)) {}
  std::string Header() override { return client_->AuthorizationHeader(); }
  Status OnChallenge(int status, const std::string& www_authenticate, const std::string& sent_header) override {
    return client_->OnChallenge(status, www_authenticate, sent_header);
  }
  ServerAuth Record() const override { return client_->Record(); }

 private:
  std::unique_ptr<auth::OAuthClient> client_;
};

bool BrowserAvailable() {
  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  const char* browser = std::getenv("BROWSER");
  auto set = [](const char* v) { return v != nullptr && *v != '\0'; };
  return set(browser) || set(display) || set(wayland);
}

Result<auth::OAuthSettings> SettingsFor(const config::Server& server, const std::string& base_dir) {
  const config::OAuthConfig& c = *server.oauth;
  auth::OAuthSettings s;
  s.server_name = server.name;
  s.server_url = server.url;
  s.client_id = c.client_id;
  s.client_secret = c.client_secret;
  s.scopes = c.scopes;
  s.grant = std::string(config::NameOf(config::kOAuthGrants, c.grant));
  s.client_metadata_url = c.client_metadata_url;
  s.private_key = c.private_key;
  s.private_key_id = c.private_key_id;
  s.token_endpoint_auth_method = c.token_endpoint_auth_method;
  s.refresh_token = c.refresh_token;
  s.redirect_port = c.redirect_port;
  s.insecure = server.insecure;
  s.cache_path = auth::DefaultTokenCachePath();
  if (!c.private_key_file.empty()) {
    const std::filesystem::path path(ResolvePath(base_dir, c.private_key_file));
    std::ifstream in(path, std::ios::binary);
    std::string pem(kMaxKeyFileBytes + 1, '\0');
    in.read(pem.data(), static_cast<std::streamsize>(pem.size()));
    pem.resize(static_cast<size_t>(in.gcount()));
    if (!in.eof() && pem.size() > kMaxKeyFileBytes) {
      return Error(ErrorCode::kConfig,
                   "server '" + server.name + "': private_key_file " + path.string() + " is larger than 64 KiB");
    }
    if (pem.empty())
      return Error(ErrorCode::kConfig, "server '" + server.name + "': cannot read private_key_file " + path.string());
    RegisterSecret(pem);
    s.private_key = pem;
  }
  return s;
}

const config::Server* FindServer(const config::TestFile& file, const std::string& name) {
  for (const auto& s : file.servers)
    if (s.name == name) return &s;
  return nullptr;
}

int Usage() {
  std::cerr << "usage: agent-bench auth login SERVER -f FILE   authorize agent-bench for an OAuth-protected server\n"
               "       agent-bench auth logout SERVER -f FILE  forget its cached tokens\n"
               "       agent-bench auth status                 list the cached tokens (no secret values)\n";
  return kExitUsage;
}

std::string FormatExpiry(int64_t expires_at) {
  if (expires_at == 0) return "no expiry given";
  const int64_t left = expires_at - static_cast<int64_t>(std::time(nullptr));
  if (left <= 0) return "expired";
  return "expires in " + std::to_string(left / 60) + " min";
}

}  // namespace

void InstallOAuth() {
  mcp::SetAuthorizerFactory([](const config::Server& server) -> Result<std::shared_ptr<mcp::Authorizer>> {
    if (!server.oauth) return std::shared_ptr<mcp::Authorizer>();
    auto settings = SettingsFor(server, std::filesystem::path(server.loc.file).parent_path().string());
    if (!settings) return settings.error();
    std::unique_ptr<auth::AuthorizationAgent> agent;
    // A run never waits for a person who is not there: in CI or without a terminal only the refresh token, the
    // client credentials or the token cache can authorize.
    if (!auth::IsNonInteractive())
      agent = auth::MakeLoopbackAgent(settings->redirect_port, BrowserAvailable(), kLoginTimeout);
    auto client = std::make_unique<auth::OAuthClient>(std::move(*settings), std::move(agent));
    return std::shared_ptr<mcp::Authorizer>(std::make_shared<OAuthAuthorizer>(std::move(client)));
  });
}

int CmdAuth(const CliOptions& o) {
  if (o.positional.empty()) return Usage();
  const std::string action = o.positional[0];
  if (action == "status") {
    const std::string path = auth::DefaultTokenCachePath();
    auto entries = auth::ListTokens(path);
    if (entries.empty()) {
      std::cout << "No cached OAuth tokens (" << path << ").\n";
      return kExitOk;
    }
    std::cout << "Cached OAuth tokens (" << path << "):\n";
    for (const auto& [key, t] : entries) {
      std::cout << "  " << Redact(key) << "\n    issuer " << t.issuer << ", scope '" << t.scope << "', "
                << FormatExpiry(t.expires_at) << (t.refresh_token.empty() ? ", no refresh token" : ", refreshable")
                << (t.flow.empty() ? "" : ", by " + t.flow) << "\n";
    }
    return kExitOk;
  }
  if ((action != "login" && action != "logout") || o.positional.size() != 2 || o.files.size() != 1) return Usage();
  auto loaded = config::LoadTestFile(o.files[0]);
  if (!loaded.ok()) {
    for (const auto& d : loaded.diagnostics) std::cerr << d.ToString() << "\n";
    return kExitUsage;
  }
  const config::Server* server = FindServer(*loaded.value, o.positional[1]);
  if (server == nullptr) {
    std::vector<std::string> names;
    for (const auto& s : loaded.value->servers) names.push_back(s.name);
    std::cerr << "agent-bench: no server '" << o.positional[1] << "' in " << o.files[0]
              << DidYouMean(o.positional[1], names) << "\n";
    return kExitUsage;
  }
  if (!server->oauth) {
    std::cerr << "agent-bench: server '" << server->name << "' in " << o.files[0]
              << " has no auth: {oauth: ...}; nothing to log in to\n";
    return kExitUsage;
  }
  // {{VAR}} in the server's fields come from the environment, as in a run.
  auto rendered = runner::RenderServer(*server, tmpl::Context{});
  if (!rendered) {
    std::cerr << "agent-bench: " << rendered.error().message << "\n";
    return kExitUsage;
  }
  server = &*rendered;
  auto settings = SettingsFor(*server, std::filesystem::path(o.files[0]).parent_path().string());
  if (!settings) {
    std::cerr << "agent-bench: " << settings.error().message << "\n";
    return kExitUsage;
  }
  std::unique_ptr<auth::AuthorizationAgent> agent;
  const bool needs_person = settings->grant == "authorization_code";
  const char* ci = std::getenv("CI");
  const bool in_ci = ci != nullptr && *ci != '\0' && std::string(ci) != "false" && std::string(ci) != "0";
  // In CI nobody can approve: no agent, so the authorization code grant fails at once saying what to provide.
  // Elsewhere the URL is always printed, and a browser opens where one can.
  if (needs_person && !in_ci) {
    agent = auth::MakeLoopbackAgent(settings->redirect_port, BrowserAvailable(), kLoginTimeout);
  }
  auth::OAuthClient client(std::move(*settings), std::move(agent));
  if (action == "logout") {
    Status out = client.Logout();
    if (!out.ok()) {
      std::cerr << "agent-bench: " << out.error().message << "\n";
      return kExitInfra;
    }
    std::cout << "Forgot the OAuth tokens of server '" << server->name << "'.\n";
    return kExitOk;
  }
  Status in = client.Login();
  if (!in.ok()) {
    std::cerr << "agent-bench: " << in.error().message << "\n";
    return kExitInfra;
  }
  std::cout << "Authorized server '" << server->name << "' (" << Join(client.flows(), ", ") << "); tokens cached in "
            << auth::DefaultTokenCachePath() << ".\n";
  return kExitOk;
}

}  // namespace ab::cli
