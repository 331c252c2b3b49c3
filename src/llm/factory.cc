#include "llm/factory.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "base/json.h"
#include "base/json_parse.h"
#include "base/log.h"
#include "base/path.h"
#include "base/redact.h"
#include "base/strings.h"
#include "llm/anthropic.h"
#include "llm/azure.h"
#include "llm/google.h"
#include "llm/http_provider.h"
#include "llm/mock_server.h"
#include "llm/openai.h"
#include "llm/recording.h"

namespace ab::llm {
namespace {

namespace fs = std::filesystem;

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
  static const std::vector<std::string> kTypes = {"OPENAI", "AZURE", "ANTHROPIC", "GOOGLE", "VERTEX",
                                                  "GROQ", "OPENAI_COMPATIBLE", "MOCK", "AMAZON-ANTHROPIC"};
  return kTypes;
}

Result<std::unique_ptr<Provider>> MakeProvider(const config::Provider& p, const ProviderOptions& options) {
  const std::string type = Upper(p.type);
  if (std::find(ProviderTypes().begin(), ProviderTypes().end(), type) == ProviderTypes().end()) {
    return ConfigError(p, "unknown provider type '" + p.type + "'" + DidYouMean(p.type, ProviderTypes()));
  }
  if (type == "AMAZON-ANTHROPIC") {
    return Error(ErrorCode::kUnsupported, "provider '" + p.name + "': type AMAZON-ANTHROPIC (Bedrock) is not supported",
                 p.loc);
  }
  RegisterSecret(p.token);
  RegisterSecret(p.secret);
  Clock& clock = options.clock ? *options.clock : SystemClock();
  const bool replay = !options.replay_dir.empty();

  // The transport stack: replay answers alone; otherwise the given or real client, wrapped by the recorder.
  std::unique_ptr<HttpClient> owned_base, owned_top;
  HttpClient* base = options.http;
  if (replay) {
    owned_top = MakeReplayClient(options.replay_dir);
  } else {
    if (!base) {
      HttpClientOptions http_options;
      http_options.insecure = p.insecure;
      if (p.limits.connection_retries) http_options.max_attempts = 1 + *p.limits.connection_retries;
      owned_base = std::make_unique<PooledHttpClient>(http_options);
      base = owned_base.get();
    }
    if (!options.record_dir.empty()) owned_top = MakeRecordingClient(*base, options.record_dir);
  }
  HttpClient& chat_http = owned_top ? *owned_top : *base;
  // Token endpoints are not recorded (their bodies hold credentials); in replay mode no token is needed.
  const auto needs_token = [&]() { return !replay && p.token.empty(); };

  std::string model = p.model;
  Built built;
  if (type == "OPENAI" || type == "GROQ" || type == "OPENAI_COMPATIBLE" || type == "MOCK") {
    OpenAiWireOptions o;
    std::string root;
    if (type == "OPENAI") {
      root = p.base_url.empty() ? "https://api.openai.com/v1" : p.base_url;
      if (needs_token()) return ConfigError(p, "OPENAI needs a token");
    } else if (type == "GROQ") {
      o.name = "groq";
      root = p.base_url.empty() ? "https://api.groq.com/openai/v1" : p.base_url;
      o.max_completion_tokens = false;
      if (needs_token()) return ConfigError(p, "GROQ needs a token");
    } else if (type == "OPENAI_COMPATIBLE") {
      o.name = "openai_compatible";
      if (p.base_url.empty()) return ConfigError(p, "OPENAI_COMPATIBLE needs a baseUrl (including /v1)");
      root = p.base_url;
      o.max_completion_tokens = false;
    } else {
      o.name = "mock";
      o.max_completion_tokens = false;
      if (model.empty()) model = "mock-model";
      MockScript script;
      if (!p.mock_script.empty()) {
        Result<MockScript> loaded = LoadMockScript(Resolve(options.base_dir, p.mock_script));
        if (!loaded) return loaded.error();
        script = std::move(loaded.value());
      }
      if (!replay) {
        built.mock = std::make_unique<MockLlmServer>();
        if (Status s = built.mock->Start(0, std::move(script)); !s.ok()) return s.error();
        root = built.mock->base_url() + "/v1";
      } else {
        root = "http://mock.invalid/v1";
      }
    }
    o.url = Trimmed(root) + "/chat/completions";
    o.api_key = p.token;
    built.wire = MakeOpenAiWire(std::move(o));
  } else if (type == "AZURE") {
    if (p.base_url.empty()) return ConfigError(p, "AZURE needs a baseUrl (https://<resource>.openai.azure.com)");
    std::unique_ptr<TokenSource> token;
    if (ToLower(p.auth_type) == "entra_id") {
      if (replay) {
        token = MakeStaticTokenSource("replay");
      } else {
        const std::string tenant = Env("AZURE_TENANT_ID"), client = Env("AZURE_CLIENT_ID"), secret = Env("AZURE_CLIENT_SECRET");
        if (tenant.empty() || client.empty() || secret.empty()) {
          return ConfigError(p, "auth_type entra_id needs AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET in the environment");
        }
        const std::string authority = Env("AZURE_AUTHORITY_HOST").empty() ? "https://login.microsoftonline.com" : Env("AZURE_AUTHORITY_HOST");
        token = MakeEntraTokenSource(*base, clock, authority, tenant, client, secret);
      }
    } else if (!p.auth_type.empty() && ToLower(p.auth_type) != "api_key") {
      return ConfigError(p, "unknown auth_type '" + p.auth_type + "'" + DidYouMean(p.auth_type, {"api_key", "entra_id"}));
    } else if (needs_token()) {
      return ConfigError(p, "AZURE needs a token (or auth_type: entra_id)");
    }
    built.wire = MakeAzureWire(p.base_url, model, p.version, p.token, std::move(token));
  } else if (type == "ANTHROPIC") {
    if (needs_token()) return ConfigError(p, "ANTHROPIC needs a token");
    built.wire = MakeAnthropicWire(p.base_url, p.token);
  } else if (type == "GOOGLE") {
    if (needs_token()) return ConfigError(p, "GOOGLE needs a token");
    built.wire = MakeGoogleWire(p.base_url, model, p.token);
  } else {  // VERTEX
    std::string project = p.project_id;
    std::unique_ptr<TokenSource> token;
    std::string creds_path = Resolve(options.base_dir, p.credentials_path);
    if (creds_path.empty()) creds_path = Env("GOOGLE_APPLICATION_CREDENTIALS");
    if (replay) {
      token = MakeStaticTokenSource("replay");
    } else if (!creds_path.empty()) {
      std::ifstream in(creds_path);
      if (!in) return ConfigError(p, "cannot read credentials_path " + creds_path);
      std::stringstream text;
      text << in.rdbuf();
      Result<std::unique_ptr<TokenSource>> source = MakeServiceAccountTokenSource(*base, clock, text.str());
      if (!source) return ConfigError(p, creds_path + ": " + source.error().message);
      token = std::move(source.value());
      if (project.empty()) project = ParseJsonOrDiscarded(text.str()).value("project_id", "");
    } else if (p.token.empty()) {
      return ConfigError(p, "VERTEX needs credentials_path (a service-account key file), GOOGLE_APPLICATION_CREDENTIALS, or a token (express mode)");
    }
    if (project.empty()) return ConfigError(p, "VERTEX needs project_id (or a credentials file that names one)");
    built.wire = MakeVertexWire(p.base_url, project, VertexLocation(p, [](const char* v) { return Env(v); }), model, std::move(token), p.token);
  }
  if (model.empty()) return ConfigError(p, "a model is required");

  HttpProviderSettings settings;
  settings.provider_type = type;
  settings.model = model;
  settings.limits = p.rate_limits;
  settings.retry = p.retry;
  settings.retry_dropped_connections = type == "MOCK";
  settings.pricing = p.pricing;
  settings.temperature = p.temperature;
  settings.max_tokens = p.max_tokens;
  settings.seed = p.seed;
  if (p.timeout) settings.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(*p.timeout);
  settings.extra_headers = p.headers;
  settings.max_response_bytes = p.limits.max_response_bytes.value_or(0);
  for (const auto& [name, value] : p.headers) {
    if (IsSecretHeader(name)) RegisterSecret(value);
  }
  // The provider owns the client stack: the top client (recorder/replayer) keeps the base alive with it.
  std::unique_ptr<HttpClient> keep = std::move(owned_top);
  if (owned_base) {
    struct Stack final : HttpClient {
      std::unique_ptr<HttpClient> base, top;
      Result<HttpResponse> Send(const HttpRequest& r) override { return (top ? *top : *base).Send(r); }
    };
    auto stack = std::make_unique<Stack>();
    stack->base = std::move(owned_base);
    stack->top = std::move(keep);
    keep = std::move(stack);
  }
  std::unique_ptr<Provider> provider =
      std::make_unique<HttpProvider>(std::move(built.wire), chat_http, clock, std::move(settings), std::move(keep));
  if (built.mock) return std::unique_ptr<Provider>(std::make_unique<MockProvider>(std::move(built.mock), std::move(provider)));
  return provider;
}

}  // namespace ab::llm
