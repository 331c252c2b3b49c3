#include "mcp/client.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "base/json_dump.h"
#include "base/log.h"
#include "base/path.h"
#include "base/redact.h"
#include "base/strings.h"
#include "base/time.h"
#include "base/trace_id.h"
#include "mcp/tool_result.h"

namespace ab::mcp {
namespace {

constexpr const char* kMetaVersion = "io.modelcontextprotocol/protocolVersion";
constexpr const char* kMetaCapabilities = "io.modelcontextprotocol/clientCapabilities";
constexpr const char* kMetaClientInfo = "io.modelcontextprotocol/clientInfo";
constexpr const char* kMetaServerInfo = "io.modelcontextprotocol/serverInfo";
constexpr const char* kTasksExtension = "io.modelcontextprotocol/tasks";
constexpr Millis kDefaultPollInterval{500};
constexpr int kMaxInputRequests = 32;  // inputRequests answered per multi-round-trip round
constexpr Millis kMinPollInterval{50};
constexpr Millis kMaxPollInterval{5000};

bool IsLowerHex(const std::string& s, size_t size) {
  return s.size() == size &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }) &&
         s != std::string(size, '0');
}

std::mutex& EraMutex() {
  static std::mutex mu;
  return mu;
}
std::map<std::string, std::string>& EraMap() {
  static std::map<std::string, std::string> map;
  return map;
}

// The error object of a JSON-RPC answer, or null.
const Json* ErrorOf(const Json& response) {
  if (!response.is_object()) return nullptr;
  auto it = response.find("error");
  return it != response.end() && it->is_object() ? &*it : nullptr;
}

int ErrorCodeOf(const Json& response) {
  const Json* error = ErrorOf(response);
  if (error == nullptr) return 0;
  auto code = error->find("code");
  return code != error->end() && code->is_number_integer() ? code->get<int>() : 0;
}

// The versions a -32022 answer lists in data.supported.
std::vector<std::string> SupportedVersions(const Json& response) {
  std::vector<std::string> out;
  const Json* error = ErrorOf(response);
  if (error == nullptr || !error->contains("data") || !(*error)["data"].is_object()) return out;
  const Json& data = (*error)["data"];
  if (auto it = data.find("supported"); it != data.end() && it->is_array()) {
    for (const Json& v : *it)
      if (v.is_string() && out.size() < 64) out.push_back(v.get<std::string>());
  }
  return out;
}

// The newest version in |offered| we speak in the wanted era, or "".
std::string PickVersion(const std::vector<std::string>& offered, bool modern) {
  for (const std::string& known : KnownProtocolVersions()) {
    if (IsModernProtocolVersion(known) != modern) continue;
    if (std::find(offered.begin(), offered.end(), known) != offered.end()) return known;
  }
  return "";
}

std::string Implementation(const Json& info) {
  if (!info.is_object()) return "";
  std::string name = info.contains("name") && info["name"].is_string() ? info["name"].get<std::string>() : "";
  std::string version =
      info.contains("version") && info["version"].is_string() ? info["version"].get<std::string>() : "";
  return Truncate(Trim(name + " " + version), 200);
}

}  // namespace

bool IsSupportedProtocolVersion(const std::string& version) {
  return version == "2024-11-05" || version == "2025-03-26" || version == "2025-06-18" || version == "2025-11-25";
}

bool IsModernProtocolVersion(const std::string& version) { return version == kModernProtocolVersion; }

const std::vector<std::string>& KnownProtocolVersions() {
  static const std::vector<std::string> versions = {"2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26",
                                                    "2024-11-05"};
  return versions;
}

std::string CachedProtocolVersion(const std::string& key) {
  std::lock_guard<std::mutex> lock(EraMutex());
  auto it = EraMap().find(key);
  return it == EraMap().end() ? std::string() : it->second;
}

void CacheProtocolVersion(const std::string& key, const std::string& version) {
  if (key.empty()) return;
  std::lock_guard<std::mutex> lock(EraMutex());
  EraMap()[key] = version;
}

void ForgetProtocolVersion(const std::string& key) {
  std::lock_guard<std::mutex> lock(EraMutex());
  EraMap().erase(key);
}

std::string NewTraceId() { return RandomTraceHex(16); }

std::vector<std::string> RootUris(const std::vector<std::string>& roots, const std::string& base_dir) {
  std::vector<std::string> uris;
  for (const std::string& root : roots) {
    if (StartsWith(root, "file://")) {
      uris.push_back(root);
      continue;
    }
    std::filesystem::path path(ResolvePath(base_dir, root));
    std::error_code ec;
    std::filesystem::path absolute = std::filesystem::absolute(path, ec).lexically_normal();
    std::string text = (ec ? path : absolute).string();
    if (text.size() > 1 && text.back() == '/') text.pop_back();
    uris.push_back("file://" + text);
  }
  return uris;
}

McpClient::McpClient(std::unique_ptr<Transport> transport, ClientOptions options)
    : transport_(std::move(transport)), options_(std::move(options)) {
  trace_id_ = IsLowerHex(options_.trace_id, 32) ? options_.trace_id : NewTraceId();
  exchange_policy_ =
      ExchangePolicy{options_.elicitation, options_.elicitation_values, options_.sampling, options_.sampling_provider,
                     options_.sampler,     options_.sampling_limits};
  peer_ = std::make_unique<RpcPeer>(*transport_);
  peer_->set_request_handler([this](const std::string& m, const Json& p) { return OnServerRequest(m, p); });
  peer_->set_notification_handler([this](const std::string& m, const Json& p) { OnNotification(m, p); });
  // A model call (sampling) or an elicitation answer may take seconds: the reader keeps delivering meanwhile.
  peer_->set_worker_methods({"sampling/createMessage", "elicitation/create"});
  transport_->SetHeaderHook([this](const Json& message) { return HeadersFor(message); });
  listen_ = std::make_unique<ListenSubscription>(*peer_, *transport_, options_.server_name, options_.listen);
}

McpClient::~McpClient() { Close(); }

Error McpClient::Decorate(Error error) const {
  error.message = "server '" + options_.server_name + "': " + error.message;
  return error;
}

Json McpClient::ClientCapabilities() const {
  Json capabilities = Json::object();
  if (!options_.root_uris.empty()) capabilities["roots"] = {{"listChanged", true}};
  // Declining is what a client without the capability gets anyway; only a policy that answers advertises it.
  if (options_.elicitation != "decline") capabilities["elicitation"] = {{"form", Json::object()}};
  if (options_.sampling == "provider" && options_.sampler) capabilities["sampling"] = Json::object();
  for (const auto& [key, value] : options_.extra_capabilities.items()) capabilities[key] = value;
  if (options_.tasks && info_.era == "modern") capabilities["extensions"][kTasksExtension] = Json::object();
  return capabilities;
}

Json McpClient::RequestMeta() {
  Json meta = Json::object();
  {
    std::lock_guard<std::mutex> lock(version_mu_);
    if (info_.era == "modern") {
      meta[kMetaVersion] = info_.protocol_version;
      meta[kMetaCapabilities] = ClientCapabilities();
      meta[kMetaClientInfo] = {{"name", options_.client_name}, {"version", options_.client_version}};
    }
  }
  // A new span id per request under the connection's trace: the server's spans hang off our request.
  meta["traceparent"] = "00-" + trace_id_ + "-" + RandomTraceHex(8) + "-01";
  return meta;
}

Status McpClient::Connect() {
  const auto start = std::chrono::steady_clock::now();
  if (Status started = peer_->Start(); !started.ok()) return Decorate(started.error());
  // process_delay is a blind sleep the user asked for; an interrupt still ends it within 50 ms.
  const auto slept_until = std::chrono::steady_clock::now() + options_.process_delay;
  while (std::chrono::steady_clock::now() < slept_until && !(options_.cancel && options_.cancel->load())) {
    std::this_thread::sleep_for(
        std::min(Millis(50), std::chrono::duration_cast<Millis>(slept_until - std::chrono::steady_clock::now())));
  }
  Status done = Handshake(start + options_.handshake_timeout);
  if (!done.ok()) {
    Close();
    return Decorate(done.error());
  }
  StartListen();
  return Status::Ok();
}

void McpClient::StartListen() {
  if (info_.era != "modern" || !options_.listen.enabled) return;
  auto tools = info_.capabilities.find("tools");
  const bool offered = tools != info_.capabilities.end() && tools->is_object() && tools->contains("listChanged") &&
                       (*tools)["listChanged"].is_boolean() && (*tools)["listChanged"].get<bool>();
  if (!offered) {
    listen_->MarkNotOffered();
    return;
  }
  listen_->Start([this] { return RequestMeta(); });
  listen_->WaitSettled(options_.listen.connect_wait);
}

Status McpClient::Handshake(std::chrono::steady_clock::time_point deadline) {
  auto left = [&] {
    return std::max(Millis(1), std::chrono::duration_cast<Millis>(deadline - std::chrono::steady_clock::now()));
  };
  std::string forced = options_.protocol == "auto" ? std::string() : options_.protocol;
  if (!forced.empty()) {
    info_.how = options_.negotiation_note.empty() ? "forced" : options_.negotiation_note;
    if (!IsModernProtocolVersion(forced)) {
      Status legacy = Initialize(forced, left());
      // A restart after the probe killed the server: remember the era so later connections skip the probe.
      if (legacy.ok() && !options_.negotiation_note.empty()) {
        CacheProtocolVersion(options_.era_cache_key, info_.protocol_version);
      }
      return legacy;
    }
    auto discovered = Discover(forced, left());
    if (!discovered) return discovered.error();
    if (!*discovered) {
      return Error(ErrorCode::kProtocol, "the server does not speak protocol " + forced +
                                             " (forced by `protocol:`): it does not answer server/discover; use "
                                             "`protocol: auto` or an older version");
    }
    return Status::Ok();
  }
  if (options_.legacy_transport) return Initialize(kLatestProtocolVersion, left());
  const std::string cached = CachedProtocolVersion(options_.era_cache_key);
  if (!cached.empty() && !IsModernProtocolVersion(cached)) {
    info_.how = "cached";
    return Initialize(kLatestProtocolVersion, left());
  }
  auto discovered = Discover(kModernProtocolVersion, std::min(left(), options_.probe_timeout));
  if (!discovered) return discovered.error();
  if (*discovered) {
    info_.how = cached.empty() ? "discover" : "cached";
    CacheProtocolVersion(options_.era_cache_key, info_.protocol_version);
    return Status::Ok();
  }
  info_.how = "initialize-fallback";
  Status legacy = Initialize(kLatestProtocolVersion, left());
  if (legacy.ok()) CacheProtocolVersion(options_.era_cache_key, info_.protocol_version);
  return legacy;
}

Result<std::optional<std::string>> McpClient::Discover(const std::string& first_version, Millis timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string version = first_version;
  for (int attempt = 0; attempt < 2; ++attempt) {
    {
      std::lock_guard<std::mutex> lock(version_mu_);
      info_.era = "modern";
      info_.protocol_version = version;
    }
    Json params = {{"_meta", RequestMeta()}};
    Millis left = std::max(Millis(1), std::chrono::duration_cast<Millis>(deadline - std::chrono::steady_clock::now()));
    auto response = peer_->CallForResponse("server/discover", params, left, options_.cancel);
    if (!response) {
      if (response.error().code == ErrorCode::kCancelled || !peer_->alive()) {
        probe_ended_process_ = !peer_->alive();
        Error error = response.error();
        error.message = "server/discover (the 2026-07-28 probe): " + error.message +
                        (peer_->alive() ? ""
                                        : "; if this server only speaks 2025-11-25 or older and exits on "
                                          "unknown requests, set `protocol: 2025-11-25` on it");
        std::string tail = transport_->StderrTail();
        if (!tail.empty()) error.message += "; server stderr:\n" + tail;
        return error;
      }
      // No answer in time, or an HTTP error without a modern JSON-RPC error body: a legacy server.
      LogDebug("mcp[" + options_.server_name + "]: server/discover failed (" + response.error().message +
               "); falling back to initialize");
      info_.era.clear();
      return std::optional<std::string>();
    }
    const int code = ErrorCodeOf(*response);
    if (code == kUnsupportedProtocolVersion) {
      std::vector<std::string> offered = SupportedVersions(*response);
      std::string modern = PickVersion(offered, true);
      // Retry once with the version it lists, even the one just rejected (a server that glitched, or one that
      // rejects a first contact): bounded, and a second rejection is final.
      if (!modern.empty() && attempt == 0) {
        version = modern;
        continue;
      }
      if (modern.empty() && !PickVersion(offered, false).empty()) {
        info_.era.clear();
        return std::optional<std::string>();  // a dual-era server that only offers legacy versions to us
      }
      return Error(ErrorCode::kProtocol, "the server supports protocol versions " + Join(offered, ", ") +
                                             "; agent-bench speaks " + Join(KnownProtocolVersions(), ", "));
    }
    if (code == kHeaderMismatch || code == kMissingRequiredClientCapability) {
      // A modern server that refuses how we asked: it is modern, so do not fall back; say what it said.
      return RpcPeer::ErrorFromResponse(*response);
    }
    if (ErrorOf(*response) != nullptr || !response->contains("result") || !(*response)["result"].is_object()) {
      info_.era.clear();
      return std::optional<std::string>();  // -32601 and friends: a legacy server
    }
    const Json& result = (*response)["result"];
    // A DiscoverResult names the versions the server speaks. A result without that list is a legacy server that
    // answers every method with {} (the conformance suite's initialize mock does): fall back.
    std::vector<std::string> offered;
    if (auto it = result.find("supportedVersions"); it != result.end() && it->is_array()) {
      for (const Json& v : *it)
        if (v.is_string() && offered.size() < 64) offered.push_back(v.get<std::string>());
    }
    std::string modern =
        std::find(offered.begin(), offered.end(), version) != offered.end() ? version : PickVersion(offered, true);
    if (modern.empty()) {
      info_.era.clear();
      return std::optional<std::string>();
    }
    {
      std::lock_guard<std::mutex> lock(version_mu_);
      info_.protocol_version = modern;
    }
    if (result.contains("capabilities") && result["capabilities"].is_object())
      info_.capabilities = result["capabilities"];
    if (result.contains("serverInfo") && result["serverInfo"].is_object()) {
      info_.server_info = result["serverInfo"];
    } else if (result.contains("_meta") && result["_meta"].is_object() && result["_meta"].contains(kMetaServerInfo) &&
               result["_meta"][kMetaServerInfo].is_object()) {
      info_.server_info = result["_meta"][kMetaServerInfo];
    }
    if (result.contains("instructions") && result["instructions"].is_string()) {
      info_.instructions = result["instructions"].get<std::string>();
    }
    transport_->SetProtocolVersion(info_.protocol_version);
    return std::optional<std::string>(info_.protocol_version);
  }
  return Error(ErrorCode::kProtocol, "server/discover: the server rejected protocol version " + version + " twice");
}

Status McpClient::Initialize(const std::string& version, Millis timeout) {
  {
    std::lock_guard<std::mutex> lock(version_mu_);
    info_.era = "legacy";
    info_.protocol_version.clear();
  }
  Json params = {{"protocolVersion", version},
                 {"capabilities", ClientCapabilities()},
                 {"clientInfo", {{"name", options_.client_name}, {"version", options_.client_version}}}};
  // Not cancellable on the wire (the spec forbids cancelling initialize), but an interrupt stops our waiting.
  auto result = peer_->Call("initialize", params, timeout, options_.cancel, /*cancellable=*/false);
  if (!result) {
    Error error = result.error();
    if (error.code == ErrorCode::kTimeout) {
      error.message = "no answer to initialize within " + FormatDuration(options_.handshake_timeout);
      std::string tail = transport_->StderrTail();
      if (!tail.empty()) error.message += "; server stderr:\n" + tail;
    }
    return error;
  }
  const Json& answer = *result;
  auto answered = answer.is_object() ? answer.find("protocolVersion") : answer.end();
  std::string negotiated = answered != answer.end() && answered->is_string() ? answered->get<std::string>() : "";
  if (!IsSupportedProtocolVersion(negotiated)) {
    return Error(ErrorCode::kProtocol, "the server answered protocol version '" + negotiated +
                                           "'; supported: 2024-11-05, 2025-03-26, 2025-06-18, 2025-11-25");
  }
  {
    std::lock_guard<std::mutex> lock(version_mu_);
    info_.protocol_version = negotiated;
  }
  if (answer.contains("capabilities") && answer["capabilities"].is_object())
    info_.capabilities = answer["capabilities"];
  if (answer.contains("serverInfo") && answer["serverInfo"].is_object()) info_.server_info = answer["serverInfo"];
  if (answer.contains("instructions") && answer["instructions"].is_string()) {
    info_.instructions = answer["instructions"].get<std::string>();
  }
  transport_->SetProtocolVersion(info_.protocol_version);
  return peer_->Notify("notifications/initialized", Json());
}

Result<Json> McpClient::Request(const std::string& method, Json params, Millis timeout,
                                const std::atomic<bool>* cancel) {
  if (!params.is_object()) params = Json::object();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (int attempt = 0;; ++attempt) {
    Json meta = RequestMeta();
    if (auto it = params.find("_meta"); it != params.end() && it->is_object()) {
      for (const auto& [key, value] : it->items()) meta[key] = value;
    }
    Json sent = params;
    sent["_meta"] = meta;
    Millis left = std::max(Millis(1), std::chrono::duration_cast<Millis>(deadline - std::chrono::steady_clock::now()));
    auto response = peer_->CallForResponse(method, sent, left, cancel);
    if (!response) return response.error();
    if (ErrorCodeOf(*response) == kUnsupportedProtocolVersion && attempt == 0 && info_.era == "modern") {
      // The server moved on (or back): speak a version it lists, once; the JSON-RPC id is new either way.
      std::string modern = PickVersion(SupportedVersions(*response), true);
      if (!modern.empty()) {
        std::lock_guard<std::mutex> lock(version_mu_);
        info_.protocol_version = modern;
        continue;
      }
    }
    if (ErrorOf(*response) != nullptr) return RpcPeer::ErrorFromResponse(*response);
    auto result = response->find("result");
    if (result == response->end())
      return Error(ErrorCode::kProtocol, method + ": response has neither result nor error");
    return *result;
  }
}

std::vector<std::pair<std::string, std::string>> McpClient::HeadersFor(const Json& message) {
  if (!message.is_object() || message.value("method", "") != "tools/call" || !message.contains("params")) return {};
  const Json& params = message["params"];
  if (!params.is_object() || !params.contains("name") || !params["name"].is_string()) return {};
  std::lock_guard<std::mutex> lock(headers_mu_);
  auto it = header_params_.find(params["name"].get<std::string>());
  if (it == header_params_.end()) return {};
  return HeaderParamValues(it->second, params.value("arguments", Json::object()));
}

Json McpClient::InputResponses(const Json& input_requests, const std::string& token) {
  Json responses = Json::object();
  if (!input_requests.is_object()) return responses;
  int answered = 0;
  for (const auto& [key, request] : input_requests.items()) {
    // A hostile server could ask for thousands of inputs per round; more than a handful is not a real dialogue.
    if (++answered > kMaxInputRequests) break;
    if (!request.is_object() || !request.contains("method") || !request["method"].is_string()) continue;
    const std::string method = request["method"].get<std::string>();
    const Json params = request.value("params", Json::object());
    // An extra_request_handler (the conformance client) answers everything, as it does for server requests.
    const bool exchange =
        !options_.extra_request_handler && (method == "elicitation/create" || method == "sampling/createMessage");
    auto outcome = exchange ? AnswerExchange(method, params, "input_required", token) : OnServerRequest(method, params);
    if (auto* result = std::get_if<Json>(&outcome)) {
      responses[key] = *result;
    }
    // Anything else we cannot answer is left out; the server asks again or fails the call.
  }
  return responses;
}

Result<Json> McpClient::CallWithInput(const std::string& tool, Json params, Millis timeout,
                                      const std::atomic<bool>* cancel) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool as_task = false;
  {
    std::lock_guard<std::mutex> lock(headers_mu_);
    auto it = task_support_.find(tool);
    as_task = options_.tasks && it != task_support_.end() && it->second == "required";
  }
  if (as_task) params["task"] = {{"ttl", static_cast<long long>(timeout.count())}};
  const Json original = params;
  for (int round = 0;; ++round) {
    Millis left = std::max(Millis(1), std::chrono::duration_cast<Millis>(deadline - std::chrono::steady_clock::now()));
    auto result = Request("tools/call", params, left, cancel);
    if (!result) return result;
    if (!result->is_object()) return result;
    const std::string type = result->value("resultType", "complete");
    if (result->contains("task") && (*result)["task"].is_object() && !result->contains("content")) {
      return RunTask((*result)["task"], cancel, deadline);
    }
    if (type != "input_required") return result;
    if (round + 1 >= options_.max_input_rounds) {
      return Error(ErrorCode::kProtocol, "tool '" + tool + "': the server still asked for input after " +
                                             std::to_string(options_.max_input_rounds) +
                                             " rounds (multi-round-trip limit)");
    }
    // Retry the original request with the answers; requestState goes back verbatim, and only when it was sent.
    params = original;
    const Json& meta = original.contains("_meta") ? original["_meta"] : Json::object();
    Json responses = InputResponses(result->value("inputRequests", Json::object()),
                                    meta.is_object() ? meta.value("progressToken", "") : "");
    if (!responses.empty()) params["inputResponses"] = std::move(responses);
    if (auto state = result->find("requestState"); state != result->end() && !state->is_null()) {
      params["requestState"] = *state;
    }
  }
}

Result<Json> McpClient::RunTask(const Json& created, const std::atomic<bool>* cancel,
                                std::chrono::steady_clock::time_point deadline) {
  if (!created.contains("taskId") || !created["taskId"].is_string()) {
    return Error(ErrorCode::kProtocol, "the server created a task without a taskId");
  }
  const std::string task_id = created["taskId"].get<std::string>();
  Json task = created;
  for (int polls = 0;; ++polls) {
    const std::string status = task.value("status", "working");
    if (status == "completed" || status == "failed" || status == "cancelled") break;
    Millis interval = kDefaultPollInterval;
    if (auto it = task.find("pollInterval"); it != task.end() && it->is_number()) {
      interval = std::clamp(Millis(it->get<long long>()), kMinPollInterval, kMaxPollInterval);
    }
    auto now = std::chrono::steady_clock::now();
    if (now + interval >= deadline) {
      // The call's deadline passes before the next poll: stop the task and give up, as a tool call times out.
      (void)Request("tasks/cancel", Json{{"taskId", task_id}}, Millis(2000), nullptr);
      return Error(ErrorCode::kTimeout, "task " + task_id + " still '" + status + "' at the call's deadline");
    }
    for (auto until = now + interval; std::chrono::steady_clock::now() < until;) {
      if (cancel && cancel->load()) {
        (void)Request("tasks/cancel", Json{{"taskId", task_id}}, Millis(2000), nullptr);
        return Error(ErrorCode::kCancelled, "task " + task_id + ": cancelled");
      }
      std::this_thread::sleep_for(std::min(Millis(50), interval));
    }
    Millis left = std::max(Millis(1), std::chrono::duration_cast<Millis>(deadline - std::chrono::steady_clock::now()));
    auto polled = Request("tasks/get", Json{{"taskId", task_id}}, left, cancel);
    if (!polled) return polled.error();
    if (!polled->is_object()) return Error(ErrorCode::kProtocol, "tasks/get answer is not an object");
    task = polled->contains("task") && (*polled)["task"].is_object() ? (*polled)["task"] : *polled;
    // The tasks extension may carry the outcome in the poll answer itself.
    if (polled->contains("result") && (*polled)["result"].is_object()) return (*polled)["result"];
  }
  const std::string status = task.value("status", "");
  if (status == "cancelled") return Error(ErrorCode::kRpcError, "task " + task_id + " was cancelled by the server");
  Millis left = std::max(Millis(1), std::chrono::duration_cast<Millis>(deadline - std::chrono::steady_clock::now()));
  auto result = Request("tasks/result", Json{{"taskId", task_id}}, left, cancel);
  if (!result) return result.error();
  if (status == "failed" && result->is_object() && !result->contains("content")) {
    return Error(ErrorCode::kRpcError,
                 "task " + task_id + " failed: " + Truncate(task.value("statusMessage", ""), 500));
  }
  return result;
}

std::variant<Json, RpcFailure> McpClient::OnServerRequest(const std::string& method, const Json& params) {
  if (method == "ping") return Json::object();
  if (method == "roots/list") {
    Json roots = Json::array();
    for (const std::string& uri : options_.root_uris) {
      std::string name = uri.substr(uri.find_last_of('/') + 1);
      roots.push_back({{"uri", uri}, {"name", name.empty() ? uri : name}});
    }
    return Json{{"roots", roots}};
  }
  if (options_.extra_request_handler) return options_.extra_request_handler(method, params);
  if (method == "elicitation/create" || method == "sampling/createMessage") {
    return AnswerExchange(method, params, "request", "");
  }
  return RpcFailure{kMethodNotFound, "Method not found", Json()};
}

std::variant<Json, RpcFailure> McpClient::AnswerExchange(const std::string& method, const Json& params,
                                                         const std::string& via, std::string token) {
  ExchangeScope scope;
  scope.via = via;
  const bool sampling = method == "sampling/createMessage";
  {
    std::lock_guard<std::mutex> lock(progress_mu_);
    auto call = token.empty() ? calls_.end() : calls_.find(token);
    // A 2025-11-25 server request names no call: it belongs to the call in flight when there is exactly one.
    if (token.empty() && calls_.size() == 1) call = calls_.begin();
    if (call != calls_.end()) {
      token = call->first;
      scope.deadline = call->second.deadline;
      scope.cancel = call->second.cancel ? call->second.cancel : options_.cancel;
      if (sampling && call->second.exchanges >= static_cast<int>(ToolProgress::kMaxExchanges)) {
        scope.over_limit = "User rejected sampling request (agent-bench answers at most " +
                           std::to_string(ToolProgress::kMaxExchanges) + " requests per tool call)";
      }
      ++call->second.exchanges;
    } else {
      token.clear();
      scope.deadline = std::chrono::steady_clock::now() + options_.request_timeout;
      scope.cancel = options_.cancel;
      if (sampling && loose_exchanges_ >= static_cast<int>(ToolProgress::kMaxExchanges)) {
        scope.over_limit = "User rejected sampling request (agent-bench answers at most " +
                           std::to_string(ToolProgress::kMaxExchanges) + " requests outside tool calls)";
      }
      ++loose_exchanges_;
    }
  }
  // The answer (a model call for sampling) runs without the lock: progress keeps flowing meanwhile.
  ServerExchange record;
  auto outcome = mcp::AnswerExchange(method, params, exchange_policy_, scope, &record);
  std::lock_guard<std::mutex> lock(progress_mu_);
  auto call = token.empty() ? calls_.end() : calls_.find(token);
  // Outside a call, or the call ended meanwhile (timeout) and its record is gone: the connection keeps it for the
  // server's record of the test, in arrival order (answers may finish out of order), the earliest kept.
  if (call == calls_.end() || call->second.record == nullptr) {
    LogDebug("mcp[" + options_.server_name + "]: answered " + method + " outside a tool call: " + record.action +
             (record.error.empty() ? "" : " (" + record.error + ")"));
    std::vector<ServerExchange>& kept = loose_record_.exchanges;
    loose_record_.exchange_count += 1;
    auto at = std::upper_bound(kept.begin(), kept.end(), record.at_ms,
                               [](int64_t ms, const ServerExchange& x) { return ms < x.at_ms; });
    if (at != kept.end() || kept.size() < ServerProtocol::kMaxExchanges) {
      kept.insert(at, std::move(record));
      if (kept.size() > ServerProtocol::kMaxExchanges) kept.pop_back();
    }
    return outcome;
  }
  ToolProgress& p = *call->second.record;
  p.exchange_count += 1;
  if (p.exchanges.size() < ToolProgress::kMaxExchanges) p.exchanges.push_back(std::move(record));
  return outcome;
}

void McpClient::TakeExchanges(ServerProtocol* record) {
  std::lock_guard<std::mutex> lock(progress_mu_);
  record->exchanges = std::move(loose_record_.exchanges);
  record->exchange_count = loose_record_.exchange_count;
  loose_record_.exchanges.clear();
  loose_record_.exchange_count = 0;
  // The bound on model answers outside calls is per test, as the record is.
  loose_exchanges_ = 0;
}

void McpClient::OnNotification(const std::string& method, const Json& params) {
  // Notifications naming a listen subscription are ours only when they name the open one and were asked for.
  const ListenSubscription::Route route = listen_->Classify(method, params);
  if (route == ListenSubscription::Route::kDrop) return;
  if (route == ListenSubscription::Route::kResync) {
    // Reopened after a drop: what changed in between was not announced, so list again (a no-op if nothing did).
    tools_changes_.fetch_add(1);
    tools_stale_.store(true);
    return;
  }
  if (method == "notifications/tools/list_changed") {
    tools_changes_.fetch_add(1);
    tools_stale_.store(true);
  } else if (method == "notifications/progress") {
    // Progress is recorded, never used to extend a timeout: the per-call timeout is a hard maximum.
    progress_count_.fetch_add(1);
    RecordProgress(params);
  } else if (method == "notifications/message") {
    LogDebug("mcp[" + options_.server_name + "] log: " + Redact(Truncate(DumpJson(params), 500)));
  }
}

Result<std::vector<ToolInfo>> McpClient::ListTools() {
  std::lock_guard<std::mutex> lock(tools_mu_);
  if (have_tools_ && !tools_stale_.load()) return tools_;
  // Clear the flag before listing: a list_changed arriving while we page makes the next call list again.
  tools_stale_.store(false);
  const uint64_t listed_at = tools_changes_.load();
  std::vector<ToolInfo> tools;
  std::map<std::string, std::vector<HeaderParam>> header_params;
  std::map<std::string, std::string> task_support;
  const bool check_headers = transport_->is_streamable_http() && info_.era == "modern";
  std::string cursor;
  for (int page = 0; page < 1000; ++page) {
    Json params = Json::object();
    if (!cursor.empty()) params["cursor"] = cursor;
    auto result = info_.era == "modern" ? Request("tools/list", params, options_.request_timeout, options_.cancel)
                                        : peer_->Call("tools/list", params, options_.request_timeout);
    if (!result) return Decorate(result.error());
    const Json& answer = *result;
    if (!answer.is_object() || !answer.contains("tools") || !answer["tools"].is_array()) {
      return Decorate(Error(ErrorCode::kProtocol, "tools/list answer has no tools array"));
    }
    for (const Json& item : answer["tools"]) {
      auto tool = ParseToolInfo(item);
      if (!tool) return Decorate(tool.error());
      // x-mcp-header annotations (2026-07-28, Streamable HTTP): a tool whose annotations break the rules is
      // dropped with a warning, so one malformed definition does not take the others with it.
      auto headers = HeaderParamsOf(tool->input_schema);
      if (!headers) {
        if (check_headers) {
          LogWarn("mcp[" + options_.server_name + "]: tool '" + Redact(tool->name) +
                  "' is not offered: " + headers.error().message);
          continue;
        }
      } else if (!headers->empty()) {
        header_params[tool->name] = *headers;
      }
      if (tool->task_support == "required" && options_.tasks) tool->called_as_task = true;
      task_support[tool->name] = tool->task_support;
      tools.push_back(std::move(*tool));
    }
    std::string next = answer.contains("nextCursor") && answer["nextCursor"].is_string()
                           ? answer["nextCursor"].get<std::string>()
                           : std::string();
    if (next.empty() || next == cursor) break;
    cursor = next;
  }
  {
    std::lock_guard<std::mutex> headers_lock(headers_mu_);
    header_params_ = std::move(header_params);
    task_support_ = std::move(task_support);
  }
  tools_ = tools;
  tools_listed_at_.store(listed_at);
  have_tools_ = true;
  return tools;
}

void McpClient::RecordProgress(const Json& params) {
  if (!params.is_object()) return;
  auto token = params.find("progressToken");
  auto progress = params.find("progress");
  if (token == params.end() || !token->is_string() || progress == params.end() || !progress->is_number()) return;
  ProgressUpdate update;
  update.progress = progress->get<double>();
  if (auto total = params.find("total"); total != params.end() && total->is_number())
    update.total = total->get<double>();
  if (auto message = params.find("message"); message != params.end() && message->is_string())
    update.message = Truncate(message->get_ref<const std::string&>(), 500);
  update.at_ms = NowMs();
  std::lock_guard<std::mutex> lock(progress_mu_);
  auto sink = progress_sinks_.find(token->get_ref<const std::string&>());
  if (sink == progress_sinks_.end()) return;  // a call that already ended, or a token we never sent
  ToolProgress& p = *sink->second;
  p.count += 1;
  if (p.updates.size() < ToolProgress::kMaxUpdates) p.updates.push_back(update);
  p.last = std::move(update);
}

Result<ToolResult> McpClient::CallTool(const std::string& tool, const Json& arguments, Millis timeout,
                                       const std::atomic<bool>* cancel) {
  return CallToolWithProgress(tool, arguments, timeout, cancel, nullptr);
}

Result<ToolResult> McpClient::CallToolWithProgress(const std::string& tool, const Json& arguments, Millis timeout,
                                                   const std::atomic<bool>* cancel, ToolProgress* progress) {
  Json params = {{"name", tool}, {"arguments", arguments.is_null() ? Json::object() : arguments}};
  const std::string token = "ab-" + std::to_string(next_progress_token_.fetch_add(1));
  params["_meta"] = {{"progressToken", token}};
  {
    std::lock_guard<std::mutex> lock(progress_mu_);
    if (progress) progress_sinks_[token] = progress;
    calls_[token] = CallInFlight{progress, std::chrono::steady_clock::now() + timeout, cancel, 0};
  }
  auto result = CallWithInput(tool, params, timeout, cancel);
  {
    // Late notifications (the server ignores cancellation) find no sink and are only counted.
    std::lock_guard<std::mutex> lock(progress_mu_);
    progress_sinks_.erase(token);
    calls_.erase(token);
  }
  if (!result) {
    Error error = result.error();
    if (error.code == ErrorCode::kTimeout || error.code == ErrorCode::kCancelled) {
      error.message = "tool '" + tool + "': " + error.message;
    }
    return Decorate(error);
  }
  auto parsed = ParseToolResult(*result, options_.max_result_bytes);
  if (!parsed) return Decorate(parsed.error());
  return parsed;
}

bool McpClient::alive() const { return !closed_.load() && peer_->alive(); }

ServerProtocol McpClient::protocol() const {
  std::lock_guard<std::mutex> lock(version_mu_);
  ServerProtocol out{options_.server_name, info_.era, info_.protocol_version, info_.how,
                     Implementation(info_.server_info)};
  if (options_.auth_record) out.oauth = options_.auth_record();
  out.subscription = listen_->Record();
  return out;
}

std::string McpClient::StderrTail() const { return transport_->StderrTail(); }

void McpClient::Close() {
  if (closed_.exchange(true)) return;
  listen_->Close();
  transport_->Close();
  // Waiters still blocked in Call() (another thread) learn the connection is gone instead of timing out.
  peer_->HandleClosed(Error(ErrorCode::kUnavailable, "connection closed by the client"));
  // The request handler uses this client's state: no server request may still be answered once Close() returns.
  peer_->StopServerRequests();
}

}  // namespace ab::mcp
