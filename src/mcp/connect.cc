// Connect(): picks the transport for a configured server and completes the handshake. Each call makes a new
// instance (stdio: a new process; HTTP: a new session), so agents never share server state.
#include <filesystem>
#include <functional>

#include "base/path.h"
#include "base/strings.h"
#include "config/provider_types.h"
#include "mcp/authorizer.h"
#include "mcp/cli_server.h"
#include "mcp/client.h"
#include "mcp/http_transport.h"
#include "mcp/server.h"
#include "mcp/stdio_transport.h"

namespace ab::mcp {
namespace {

constexpr Millis kDefaultServerDelay{30000};

std::string ResolveCwd(const std::string& cwd, const std::string& base_dir) {
  return cwd.empty() ? base_dir : ResolvePath(base_dir, cwd);
}

/// The configured `type` as the closed set: case-insensitive, the streamable HTTP spellings are http, and no type
/// with a command is stdio. nullopt: a type this build does not know.
std::optional<config::ServerType> TypeOf(const config::Server& server) {
  const std::string type = ToLower(server.type);
  if (type.empty() && !server.command.empty()) return config::ServerType::kStdio;
  if (type == "streamable-http" || type == "streamable_http" || type == "streamablehttp")
    return config::ServerType::kHttp;
  return config::ParseServerType(type);
}

AuthorizerFactory& Factory() {
  static AuthorizerFactory factory;
  return factory;
}

}  // namespace

void SetAuthorizerFactory(AuthorizerFactory factory) { Factory() = std::move(factory); }
const AuthorizerFactory& GetAuthorizerFactory() { return Factory(); }

Result<std::unique_ptr<ServerConnection>> Connect(const config::Server& server, const ConnectOptions& options) {
  const std::optional<config::ServerType> type = TypeOf(server);
  if (!type) {
    return Error(ErrorCode::kConfig,
                 "server '" + server.name + "': unknown type '" + server.type + "'" +
                     DidYouMean(ToLower(server.type), {"stdio", "sse", "http", "cli"}),
                 server.loc);
  }
  if (*type == config::ServerType::kCli) return MakeCliServer(server, options);

  const Millis delay = server.server_delay.value_or(kDefaultServerDelay);
  // A stdio transport is made by a function: a server the discover probe killed is started again once.
  std::function<std::unique_ptr<Transport>()> make_stdio;
  std::unique_ptr<Transport> transport;
  std::shared_ptr<Authorizer> authorizer;  // kept to record which OAuth flow authorized the connection
  if (*type == config::ServerType::kStdio) {
    StdioOptions stdio;
    stdio.spawn.argv = SplitWhitespace(server.command);
    stdio.spawn.argv.insert(stdio.spawn.argv.end(), server.args.begin(), server.args.end());
    stdio.spawn.env = server.env;
    // An empty cwd keeps the harness's own working directory, as the reference did; only an explicit cwd is
    // resolved against the test file's directory.
    stdio.spawn.cwd = server.cwd.empty() ? std::string() : ResolveCwd(server.cwd, options.base_dir);
    if (stdio.spawn.argv.empty()) {
      return Error(ErrorCode::kConfig, "server '" + server.name + "': stdio server without a command", server.loc);
    }
    stdio.cancel = options.cancel;
    stdio.server_name = server.name;
    if (server.limits.max_message_bytes) stdio.max_line_bytes = *server.limits.max_message_bytes;
    make_stdio = [stdio] { return MakeStdioTransport(stdio); };
    transport = make_stdio();
  } else {
    HttpOptions http;
    http.url = server.url;
    http.headers = server.headers;
    http.insecure = server.insecure;
    http.connect_timeout = std::min(delay, Millis(30000));
    if (server.limits.max_message_bytes) http.max_message_bytes = *server.limits.max_message_bytes;
    if (server.limits.connection_retries) http.max_attempts = 1 + *server.limits.connection_retries;
    if (const AuthorizerFactory& make_authorizer = GetAuthorizerFactory()) {
      auto made = make_authorizer(server);
      if (!made) return made.error();
      authorizer = *made;
      http.authorizer = std::move(*made);
    }
    transport = *type == config::ServerType::kSse ? MakeSseTransport(std::move(http))
                                                  : MakeStreamableHttpTransport(std::move(http));
  }

  ClientOptions client;
  client.server_name = server.name;
  client.client_name = options.client_name;
  client.root_uris = RootUris(server.roots, options.base_dir);
  client.handshake_timeout = delay;
  client.request_timeout = std::max(delay, Millis(30000));
  client.process_delay = server.process_delay.value_or(Millis(0));
  client.max_result_bytes = options.max_result_bytes;
  client.cancel = options.cancel;
  client.protocol = server.protocol.empty() ? "auto" : server.protocol;
  client.legacy_transport = *type == config::ServerType::kSse;
  client.trace_id = options.trace_id;
  client.tasks = server.tasks != config::TaskPolicy::kOff;
  client.elicitation = server.elicitation;
  client.elicitation_values = server.elicitation_values;
  client.sampling = server.sampling;
  client.sampling_provider = server.sampling_provider;
  if (server.sampling_max_tokens) client.sampling_limits.max_tokens = static_cast<int>(*server.sampling_max_tokens);
  if (server.sampling == "provider" && options.sample) {
    client.sampler = [sample = options.sample, provider = server.sampling_provider](
                         const SamplingRequest& request, std::chrono::steady_clock::time_point deadline,
                         const std::atomic<bool>* cancel) { return sample(provider, request, deadline, cancel); };
  }
  if (authorizer) client.auth_record = [authorizer] { return authorizer->Record(); };
  // The era is a property of the server: the same command line (stdio) or URL (HTTP) speaks the same one.
  client.era_cache_key = *type == config::ServerType::kSse || *type == config::ServerType::kHttp
                             ? "url\x1f" + server.url
                             : "stdio\x1f" + server.command + "\x1f" + Join(server.args, "\x1f") + "\x1f" + server.cwd;
  const ClientOptions restart_options = client;
  auto connection = std::make_unique<McpClient>(std::move(transport), std::move(client));
  if (Status connected = connection->Connect(); !connected.ok()) {
    if (!(make_stdio && restart_options.protocol == "auto" && connection->probe_ended_process())) {
      return connected.error();
    }
    // Some legacy servers exit on a method they do not know: start it once more and skip the probe.
    ClientOptions legacy = restart_options;
    legacy.protocol = kLatestProtocolVersion;
    legacy.negotiation_note = "probe ended the process; restarted with initialize";
    connection = std::make_unique<McpClient>(make_stdio(), std::move(legacy));
    if (Status again = connection->Connect(); !again.ok()) {
      Error error = again.error();
      error.message +=
          " (started again after the server/discover probe ended its first process: " + connected.error().message + ")";
      return error;
    }
  }
  return std::unique_ptr<ServerConnection>(std::move(connection));
}

}  // namespace ab::mcp
