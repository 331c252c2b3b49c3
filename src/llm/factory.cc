#include "llm/factory.h"

#include <array>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>

#include "base/json.h"
#include "base/json_parse.h"
#include "base/log.h"
#include "base/path.h"
#include "base/redact.h"
#include "base/strings.h"
#include "config/provider_types.h"
#include "llm/anthropic.h"
#include "llm/azure.h"
#include "llm/google.h"
#include "llm/http_provider.h"
#include "llm/mock_server.h"
#include "llm/openai.h"
#include "llm/recording.h"

namespace ab::llm {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Trimmed(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string Resolve(const std::string& base_dir, const std::string& path) {
  return path.empty() ? path : ResolvePath(base_dir, path);
}

Error ConfigError(const config::Provider& p, const std::string& message) {
  return Error(ErrorCode::kConfig, "provider '" + p.name + "': " + message, p.loc);
}

/// A MOCK provider: owns its in-process server and talks to it over real HTTP with the OpenAI dialect.
class MockProvider final : public Provider {
 public:
  MockProvider(std::unique_ptr<MockLlmServer> server, std::unique_ptr<Provider> inner)
      : server_(std::move(server)), inner_(std::move(inner)) {}
  ~MockProvider() override {
    inner_.reset();
    server_->Stop();
  }
  Result<ChatResponse> Complete(const ChatRequest& request, const CallOptions& options) override {
    return inner_->Complete(request, options);
  }
  const std::string& model() const override { return inner_->model(); }

 private:
  std::unique_ptr<MockLlmServer> server_;
  std::unique_ptr<Provider> inner_;
};

struct Built {
  std::unique_ptr<WireFormat> wire;
  std::unique_ptr<MockLlmServer> mock;
};

}  // namespace

std::string VertexLocation(const config::Provider& p, const std::function<std::string(const char*)>& env) {
  if (!p.location.empty()) return p.location;
  std::string location, from;
  for (const char* var : {"GOOGLE_CLOUD_REGION", "CLOUD_ML_REGION"}) {
    location = env(var);
    if (!location.empty()) {
      from = std::string("from ") + var;
      break;
    }
  }
  if (location.empty()) {
    location = "us-central1";
    from = "the default; set GOOGLE_CLOUD_REGION or 'location' to change it";
  }
  LogInfo("provider '" + p.name + "' (VERTEX) has no location: using " + location + " (" + from + ")");
  return location;
}

const std::vector<std::string>& ProviderTypes() {
  static const std::vector<std::string> kTypes = [] {
    std::vector<std::string> names;
    for (const config::ProviderTypeInfo& info : config::kProviderTypes) names.emplace_back(info.name);
    return names;
  }();
  return kTypes;
}

namespace {

// What every builder gets: the provider, its row of config::kProviderTypes, and the transport below the chat
// client (null |base| only in replay mode, where no request leaves the process).
struct BuildContext {
  const config::Provider& p;
  const config::ProviderTypeInfo& info;
  const ProviderOptions& options;
  HttpClient* base;
  Clock& clock;
  bool replay;
  std::string model;  ///< a builder may fill in a default (MOCK)

  // Token endpoints are not recorded (their bodies hold credentials); in replay mode no token is needed.
  bool MissingToken() const { return !replay && p.token.empty(); }
  std::string RootUrl() const { return p.base_url.empty() ? std::string(info.default_url) : p.base_url; }
};

using Builder = Result<Built> (*)(BuildContext&);

// OPENAI, GROQ and OPENAI_COMPATIBLE speak the OpenAI dialect; only OpenAI itself takes max_completion_tokens.
Result<Built> BuildOpenAiFamily(BuildContext& c) {
  if (c.info.needs_base_url && c.p.base_url.empty())
    return ConfigError(c.p, std::string(c.info.name) + " needs a baseUrl (including /v1)");
  if (c.info.needs_token && c.MissingToken()) return ConfigError(c.p, std::string(c.info.name) + " needs a token");
  OpenAiWireOptions o;
  if (c.info.type == config::ProviderType::kGroq) o.name = "groq";
  if (c.info.type == config::ProviderType::kOpenAiCompatible) o.name = "openai_compatible";
  o.max_completion_tokens = c.info.type == config::ProviderType::kOpenAi;
  o.url = Trimmed(c.RootUrl()) + "/chat/completions";
  o.api_key = c.p.token;
  Built built;
  built.wire = MakeOpenAiWire(std::move(o));
  return built;
}

// MOCK: an in-process mock LLM server (none in replay mode) spoken to in the OpenAI dialect.
Result<Built> BuildMock(BuildContext& c) {
  if (c.model.empty()) c.model = "mock-model";
  MockScript script;
  if (!c.p.mock_script.empty()) {
    Result<MockScript> loaded = LoadMockScript(Resolve(c.options.base_dir, c.p.mock_script));
    if (!loaded) return loaded.error();
    script = std::move(loaded.value());
  }
  Built built;
  std::string root = "http://mock.invalid/v1";
  if (!c.replay) {
    built.mock = std::make_unique<MockLlmServer>();
    if (Status s = built.mock->Start(0, std::move(script)); !s.ok()) return s.error();
    root = built.mock->base_url() + "/v1";
  }
  OpenAiWireOptions o;
  o.name = "mock";
  o.max_completion_tokens = false;
  o.url = Trimmed(root) + "/chat/completions";
  o.api_key = c.p.token;
  built.wire = MakeOpenAiWire(std::move(o));
  return built;
}

// AZURE: an API key, or a Microsoft Entra ID token from the client-credentials environment.
Result<Built> BuildAzure(BuildContext& c) {
  const config::Provider& p = c.p;
  if (p.base_url.empty()) return ConfigError(p, "AZURE needs a baseUrl (https://<resource>.openai.azure.com)");
  std::unique_ptr<TokenSource> token;
  if (ToLower(p.auth_type) == "entra_id") {
    if (c.replay) {
      token = MakeStaticTokenSource("replay");
    } else {
      const std::string tenant = Env("AZURE_TENANT_ID"), client = Env("AZURE_CLIENT_ID"),
                        secret = Env("AZURE_CLIENT_SECRET");
      if (tenant.empty() || client.empty() || secret.empty()) {
        return ConfigError(
            p, "auth_type entra_id needs AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET in the environment");
      }
      const std::string authority =
          Env("AZURE_AUTHORITY_HOST").empty() ? "https://login.microsoftonline.com" : Env("AZURE_AUTHORITY_HOST");
      token = MakeEntraTokenSource(*c.base, c.clock, authority, tenant, client, secret);
    }
  } else if (!p.auth_type.empty() && ToLower(p.auth_type) != "api_key") {
    return ConfigError(p, "unknown auth_type '" + p.auth_type + "'" + DidYouMean(p.auth_type, {"api_key", "entra_id"}));
  } else if (c.MissingToken()) {
    return ConfigError(p, "AZURE needs a token (or auth_type: entra_id)");
  }
  Built built;
  built.wire = MakeAzureWire(p.base_url, c.model, p.version, p.token, std::move(token));
  return built;
}

Result<Built> BuildAnthropic(BuildContext& c) {
  if (c.MissingToken()) return ConfigError(c.p, "ANTHROPIC needs a token");
  Built built;
  built.wire = MakeAnthropicWire(c.RootUrl(), c.p.token);
  return built;
}

Result<Built> BuildGoogle(BuildContext& c) {
  if (c.MissingToken()) return ConfigError(c.p, "GOOGLE needs a token");
  Built built;
  built.wire = MakeGoogleWire(c.RootUrl(), c.model, c.p.token);
  return built;
}

// VERTEX: a service-account key file (credentials_path or $GOOGLE_APPLICATION_CREDENTIALS), or a token (express).
Result<Built> BuildVertex(BuildContext& c) {
  const config::Provider& p = c.p;
  std::string project = p.project_id;
  std::unique_ptr<TokenSource> token;
  std::string creds_path = Resolve(c.options.base_dir, p.credentials_path);
  if (creds_path.empty()) creds_path = Env("GOOGLE_APPLICATION_CREDENTIALS");
  if (c.replay) {
    token = MakeStaticTokenSource("replay");
  } else if (!creds_path.empty()) {
    std::ifstream in(creds_path);
    if (!in) return ConfigError(p, "cannot read credentials_path " + creds_path);
    std::stringstream text;
    text << in.rdbuf();
    Result<std::unique_ptr<TokenSource>> source = MakeServiceAccountTokenSource(*c.base, c.clock, text.str());
    if (!source) return ConfigError(p, creds_path + ": " + source.error().message);
    token = std::move(source.value());
    if (project.empty()) project = ParseJsonOrDiscarded(text.str()).value("project_id", "");
  } else if (p.token.empty()) {
    return ConfigError(p,
                       "VERTEX needs credentials_path (a service-account key file), GOOGLE_APPLICATION_CREDENTIALS, or "
                       "a token (express mode)");
  }
  if (project.empty()) return ConfigError(p, "VERTEX needs project_id (or a credentials file that names one)");
  Built built;
  built.wire = MakeVertexWire(p.base_url, project, VertexLocation(p, [](const char* v) { return Env(v); }), c.model,
                              std::move(token), p.token);
  return built;
}

Result<Built> BuildUnsupported(BuildContext& c) {
  return Error(ErrorCode::kUnsupported,
               "provider '" + c.p.name + "': type " + std::string(c.info.name) + " (Bedrock) is not supported",
               c.p.loc);
}

// One builder per row of config::kProviderTypes, in the same order (checked below).
struct BuilderRow {
  config::ProviderType type;
  Builder build;
};
constexpr std::array<BuilderRow, config::kProviderTypes.size()> kBuilders = {{
    {config::ProviderType::kOpenAi, &BuildOpenAiFamily},
    {config::ProviderType::kAzure, &BuildAzure},
    {config::ProviderType::kAnthropic, &BuildAnthropic},
    {config::ProviderType::kGoogle, &BuildGoogle},
    {config::ProviderType::kVertex, &BuildVertex},
    {config::ProviderType::kGroq, &BuildOpenAiFamily},
    {config::ProviderType::kOpenAiCompatible, &BuildOpenAiFamily},
    {config::ProviderType::kMock, &BuildMock},
    {config::ProviderType::kAmazonAnthropic, &BuildUnsupported},
}};

constexpr bool BuildersFollowTheTypeTable() {
  for (size_t i = 0; i < kBuilders.size(); ++i)
    if (kBuilders[i].type != config::kProviderTypes[i].type) return false;
  return true;
}
static_assert(BuildersFollowTheTypeTable(), "one builder per provider type, in config::kProviderTypes order");

// The transport stack: replay answers alone; otherwise the given or real client, wrapped by the recorder.
struct Transport {
  std::unique_ptr<HttpClient> owned_base, owned_top;
  HttpClient* base = nullptr;
  HttpClient& chat() { return owned_top ? *owned_top : *base; }

  // The provider owns the client stack: the top client (recorder/replayer) keeps the base alive with it.
  std::unique_ptr<HttpClient> Release() {
    std::unique_ptr<HttpClient> keep = std::move(owned_top);
    if (!owned_base) return keep;
    struct Stack final : HttpClient {
      std::unique_ptr<HttpClient> base, top;
      Result<HttpResponse> Send(const HttpRequest& r) override { return (top ? *top : *base).Send(r); }
    };
    auto stack = std::make_unique<Stack>();
    stack->base = std::move(owned_base);
    stack->top = std::move(keep);
    return stack;
  }
};

Transport MakeTransport(const config::Provider& p, const ProviderOptions& options) {
  Transport t;
  t.base = options.http;
  if (!options.replay_dir.empty()) {
    t.owned_top = MakeReplayClient(options.replay_dir);
    return t;
  }
  if (!t.base) {
    HttpClientOptions http_options;
    http_options.insecure = p.insecure;
    if (p.limits.connection_retries) http_options.max_attempts = 1 + *p.limits.connection_retries;
    t.owned_base = std::make_unique<PooledHttpClient>(http_options);
    t.base = t.owned_base.get();
  }
  if (!options.record_dir.empty()) t.owned_top = MakeRecordingClient(*t.base, options.record_dir);
  return t;
}

HttpProviderSettings SettingsOf(const config::Provider& p, const config::ProviderTypeInfo& info, std::string model) {
  HttpProviderSettings settings;
  settings.provider_type = std::string(info.name);
  settings.model = std::move(model);
  settings.limits = p.rate_limits;
  settings.retry = p.retry;
  settings.retry_dropped_connections = info.type == config::ProviderType::kMock;
  settings.pricing = p.pricing;
  settings.temperature = p.temperature;
  settings.max_tokens = p.max_tokens;
  settings.seed = p.seed;
  if (p.timeout) settings.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(*p.timeout);
  settings.extra_headers = p.headers;
  settings.max_response_bytes = p.limits.max_response_bytes.value_or(0);
  return settings;
}

}  // namespace

Result<std::unique_ptr<Provider>> MakeProvider(const config::Provider& p, const ProviderOptions& options) {
  const config::ProviderTypeInfo* info = config::FindProviderType(Upper(p.type));
  if (!info) return ConfigError(p, "unknown provider type '" + p.type + "'" + DidYouMean(p.type, ProviderTypes()));
  const Builder build = kBuilders[static_cast<size_t>(info->type)].build;
  Clock& clock = options.clock ? *options.clock : SystemClock();
  BuildContext context{p, *info, options, nullptr, clock, !options.replay_dir.empty(), p.model};
  if (!info->supported) return build(context).error();
  RegisterSecret(p.token);
  RegisterSecret(p.secret);

  Transport transport = MakeTransport(p, options);
  context.base = transport.base;
  Result<Built> built = build(context);
  if (!built) return built.error();
  if (context.model.empty()) return ConfigError(p, "a model is required");
  for (const auto& [name, value] : p.headers) {
    if (IsSecretHeader(name)) RegisterSecret(value);
  }
  HttpClient& chat_http = transport.chat();  // taken before Release() moves the clients into the provider
  std::unique_ptr<Provider> provider = std::make_unique<HttpProvider>(
      std::move(built->wire), chat_http, clock, SettingsOf(p, *info, context.model), transport.Release());
  if (built->mock)
    return std::unique_ptr<Provider>(std::make_unique<MockProvider>(std::move(built->mock), std::move(provider)));
  return provider;
}

}  // namespace ab::llm
