// mcp-conformance-client: the client the official MCP conformance suite drives
// (`conformance client --command <this binary>`). It is launched as `<binary> <server-url>` with the scenario
// name in MCP_CONFORMANCE_SCENARIO, and must run the scenario with agent-bench's real MCP client code and exit 0.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "auth/oauth.h"
#include "base/json_parse.h"
#include "base/log.h"
#include "mcp/client.h"
#include "mcp/http_transport.h"

namespace {

// Arguments for a tool from its input schema: defaults where given, else small typed values.
ab::Json ArgumentsFor(const ab::Json& schema) {
  ab::Json args = ab::Json::object();
  if (!schema.contains("properties") || !schema["properties"].is_object()) return args;
  int counter = 1;
  for (const auto& [name, property] : schema["properties"].items()) {
    if (property.contains("default")) {
      args[name] = property["default"];
      continue;
    }
    const std::string type = property.value("type", "string");
    if (type == "number" || type == "integer") args[name] = 1 + counter++;
    else if (type == "boolean") args[name] = true;
    else if (type == "object") args[name] = ab::Json::object();
    else if (type == "array") args[name] = ab::Json::array();
    else args[name] = "test";
  }
  return args;
}

// elicitation/create: accept with every default the server's schema offers (SEP-1034).
std::variant<ab::Json, ab::mcp::RpcFailure> AnswerServerRequest(const std::string& method, const ab::Json& params) {
  if (method != "elicitation/create") return ab::mcp::RpcFailure{ab::mcp::kMethodNotFound, "Method not found", {}};
  ab::Json content = ab::Json::object();
  const ab::Json schema = params.value("requestedSchema", ab::Json::object());
  if (schema.contains("properties") && schema["properties"].is_object()) {
    for (const auto& [name, property] : schema["properties"].items()) {
      if (property.is_object() && property.contains("default")) content[name] = property["default"];
    }
  }
  return ab::Json{{"action", "accept"}, {"content", content}};
}

// OAuth (the auth/* scenarios): the suite's authorization server approves at once, so the redirect is followed
// without a browser. A pre-registered client comes in MCP_CONFORMANCE_CONTEXT; the suite's CIMD scenario expects
// this Client ID Metadata Document URL.
class ConformanceAuthorizer : public ab::mcp::Authorizer {
 public:
  explicit ConformanceAuthorizer(ab::auth::OAuthSettings settings)
      : client_(std::move(settings), ab::auth::MakeFollowRedirectAgent()) {}
  std::string Header() override { return client_.AuthorizationHeader(); }
  ab::Status OnChallenge(int status, const std::string& www_authenticate, const std::string& sent_header) override {
    ab::Status result = client_.OnChallenge(status, www_authenticate, sent_header);
    if (!result.ok()) std::fprintf(stderr, "oauth: %s\n", result.error().message.c_str());
    return result;
  }

 private:
  ab::auth::OAuthClient client_;
};

std::shared_ptr<ab::mcp::Authorizer> MakeAuthorizer(const std::string& url, const std::string& scenario) {
  ab::auth::OAuthSettings settings;
  settings.server_name = scenario.empty() ? "conformance" : scenario;
  settings.server_url = url;
  settings.client_name = "agent-bench conformance client";
  settings.client_metadata_url = "https://conformance-test.local/client-metadata.json";
  // The client-credentials extension scenarios (SEP-1046): a machine client, no user.
  if (scenario.rfind("auth/client-credentials", 0) == 0) settings.grant = "client_credentials";
  if (const char* context = std::getenv("MCP_CONFORMANCE_CONTEXT"); context != nullptr) {
    auto parsed = ab::ParseJson(context, {16, 1 << 20});
    if (parsed && parsed->is_object()) {
      settings.client_id = parsed->value("client_id", "");
      settings.client_secret = parsed->value("client_secret", "");
      settings.private_key = parsed->value("private_key_pem", "");
    }
  }
  return std::make_shared<ConformanceAuthorizer>(std::move(settings));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: mcp-conformance-client [flags] <server-url>\n");
    return 2;
  }
  const std::string url = argv[argc - 1];
  const char* scenario_env = std::getenv("MCP_CONFORMANCE_SCENARIO");
  const std::string scenario = scenario_env != nullptr ? scenario_env : "";
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--verbose") ab::SetLogLevel(ab::LogLevel::kDebug);
  }

  ab::mcp::HttpOptions http;
  http.url = url;
  http.authorizer = MakeAuthorizer(url, scenario);
  ab::mcp::ClientOptions options;
  options.server_name = scenario.empty() ? "conformance" : scenario;
  options.extra_capabilities = {{"elicitation", ab::Json::object()}};
  options.extra_request_handler = AnswerServerRequest;
  options.handshake_timeout = std::chrono::seconds(10);
  options.request_timeout = std::chrono::seconds(10);
  ab::mcp::McpClient client(ab::mcp::MakeStreamableHttpTransport(http), options);
  if (ab::Status connected = client.Connect(); !connected.ok()) {
    std::fprintf(stderr, "mcp-conformance-client: %s\n", connected.ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "connected: protocol %s, scenario '%s'\n", client.server_info().protocol_version.c_str(),
               scenario.c_str());
  // Some scenarios (http-custom-headers) say which arguments to call a tool with, in MCP_CONFORMANCE_CONTEXT.
  std::multimap<std::string, ab::Json> context_calls;
  if (const char* context = std::getenv("MCP_CONFORMANCE_CONTEXT"); context != nullptr) {
    auto parsed = ab::ParseJson(context);
    if (parsed && parsed->is_object() && parsed->contains("toolCalls") && (*parsed)["toolCalls"].is_array()) {
      for (const auto& call : (*parsed)["toolCalls"]) {
        if (call.is_object() && call.contains("name") && call["name"].is_string())
          context_calls.emplace(call["name"].get<std::string>(), call.value("arguments", ab::Json::object()));
      }
    }
  }
  const ab::ServerProtocol protocol = client.protocol();
  std::fprintf(stderr, "era %s, protocol %s (%s), server '%s'\n", protocol.era.c_str(),
               protocol.protocol_version.c_str(), protocol.how.c_str(), protocol.implementation.c_str());
  int failures = 0;
  auto tools = client.ListTools();
  if (!tools) {
    std::fprintf(stderr, "tools/list failed: %s\n", tools.error().ToString().c_str());
    failures++;
  } else {
    for (const auto& tool : *tools) {
      ab::Json arguments = ArgumentsFor(tool.input_schema);
      // json-schema-2020-12-preservation: the echo tool takes another tool's inputSchema, passed back verbatim,
      // so the scenario can see which keywords the client kept.
      if (tool.name == "json_schema_echo") {
        for (const auto& other : *tools)
          if (other.name != tool.name && (other.name == "json_schema_2020_12_tool" || arguments["schema"].empty()))
            arguments["schema"] = other.input_schema;
      }
      std::vector<ab::Json> calls;
      for (auto [it, end] = context_calls.equal_range(tool.name); it != end; ++it) calls.push_back(it->second);
      if (calls.empty()) calls.push_back(arguments);
      for (const ab::Json& call_arguments : calls) {
        auto result = client.CallTool(tool.name, call_arguments, std::chrono::seconds(20));
        if (!result) {
          std::fprintf(stderr, "tools/call %s failed: %s\n", tool.name.c_str(), result.error().ToString().c_str());
          failures++;
          continue;
        }
        std::printf("%s -> %s%s\n", tool.name.c_str(), result->Text().c_str(), result->is_error ? " (isError)" : "");
      }
    }
  }
  client.Close();
  return failures == 0 ? 0 : 1;
}
