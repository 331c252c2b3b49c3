#include "mcp/client.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "base/json_dump.h"
#include "base/log.h"
#include "base/redact.h"
#include "base/strings.h"
#include "base/time.h"
#include "mcp/tool_result.h"
#include "base/path.h"

namespace ab::mcp {

bool IsSupportedProtocolVersion(const std::string& version) {
  return version == "2024-11-05" || version == "2025-03-26" || version == "2025-06-18" || version == "2025-11-25";
}

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
  peer_ = std::make_unique<RpcPeer>(*transport_);
  peer_->set_request_handler([this](const std::string& m, const Json& p) { return OnServerRequest(m, p); });
  peer_->set_notification_handler([this](const std::string& m, const Json& p) { OnNotification(m, p); });
}

McpClient::~McpClient() { Close(); }

Error McpClient::Decorate(Error error) const {
  error.message = "server '" + options_.server_name + "': " + error.message;
  return error;
}

Status McpClient::Connect() {
  const auto start = std::chrono::steady_clock::now();
  if (Status started = peer_->Start(); !started.ok()) return Decorate(started.error());
  // process_delay is a blind sleep the user asked for; an interrupt still ends it within 50 ms.
  const auto slept_until = std::chrono::steady_clock::now() + options_.process_delay;
  while (std::chrono::steady_clock::now() < slept_until && !(options_.cancel && options_.cancel->load())) {
    std::this_thread::sleep_for(std::min(Millis(50), std::chrono::duration_cast<Millis>(
                                                         slept_until - std::chrono::steady_clock::now())));
  }
  Json capabilities = Json::object();
  if (!options_.root_uris.empty()) capabilities["roots"] = {{"listChanged", true}};
  for (const auto& [key, value] : options_.extra_capabilities.items()) capabilities[key] = value;
  Json params = {{"protocolVersion", kLatestProtocolVersion},
                 {"capabilities", capabilities},
                 {"clientInfo", {{"name", options_.client_name}, {"version", options_.client_version}}}};
  // The handshake is the readiness check: no blind sleep, just a bound on how long the server may take.
  auto elapsed = std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now() - start);
  Millis left = std::max(Millis(1), options_.handshake_timeout - elapsed);
  // Not cancellable on the wire (the spec forbids cancelling initialize), but an interrupt stops our waiting.
  auto result = peer_->Call("initialize", params, left, options_.cancel, /*cancellable=*/false);
  if (!result) {
    Error error = result.error();
    if (error.code == ErrorCode::kTimeout) {
      error.message = "no answer to initialize within " + FormatDuration(options_.handshake_timeout);
      std::string tail = transport_->StderrTail();
      if (!tail.empty()) error.message += "; server stderr:\n" + tail;
    }
    Close();
    return Decorate(error);
  }
  const Json& answer = *result;
  auto version = answer.is_object() ? answer.find("protocolVersion") : answer.end();
  info_.protocol_version = version != answer.end() && version->is_string() ? version->get<std::string>() : "";
  if (!IsSupportedProtocolVersion(info_.protocol_version)) {
    Close();
    return Decorate(Error(ErrorCode::kProtocol, "the server answered protocol version '" + info_.protocol_version +
                                                    "'; supported: 2024-11-05, 2025-03-26, 2025-06-18, 2025-11-25"));
  }
  if (answer.contains("capabilities") && answer["capabilities"].is_object()) info_.capabilities = answer["capabilities"];
  if (answer.contains("serverInfo") && answer["serverInfo"].is_object()) info_.server_info = answer["serverInfo"];
  if (answer.contains("instructions") && answer["instructions"].is_string()) {
    info_.instructions = answer["instructions"].get<std::string>();
  }
  transport_->SetProtocolVersion(info_.protocol_version);
  if (Status sent = peer_->Notify("notifications/initialized", Json()); !sent.ok()) {
    Close();
    return Decorate(sent.error());
  }
  return Status::Ok();
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
  return RpcFailure{kMethodNotFound, "Method not found", Json()};
}

void McpClient::OnNotification(const std::string& method, const Json& params) {
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
  std::string cursor;
  for (int page = 0; page < 1000; ++page) {
    Json params = Json::object();
    if (!cursor.empty()) params["cursor"] = cursor;
    auto result = peer_->Call("tools/list", params, options_.request_timeout);
    if (!result) return Decorate(result.error());
    const Json& answer = *result;
    if (!answer.is_object() || !answer.contains("tools") || !answer["tools"].is_array()) {
      return Decorate(Error(ErrorCode::kProtocol, "tools/list answer has no tools array"));
    }
    for (const Json& item : answer["tools"]) {
      auto tool = ParseToolInfo(item);
      if (!tool) return Decorate(tool.error());
      tools.push_back(std::move(*tool));
    }
    std::string next = answer.contains("nextCursor") && answer["nextCursor"].is_string()
                           ? answer["nextCursor"].get<std::string>()
                           : std::string();
    if (next.empty() || next == cursor) break;
    cursor = next;
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
  if (auto total = params.find("total"); total != params.end() && total->is_number()) update.total = total->get<double>();
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
  if (progress) {
    std::lock_guard<std::mutex> lock(progress_mu_);
    progress_sinks_[token] = progress;
  }
  auto result = peer_->Call("tools/call", params, timeout, cancel);
  if (progress) {
    // Late notifications (the server ignores cancellation) find no sink and are only counted.
    std::lock_guard<std::mutex> lock(progress_mu_);
    progress_sinks_.erase(token);
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

std::string McpClient::StderrTail() const { return transport_->StderrTail(); }

void McpClient::Close() {
  if (closed_.exchange(true)) return;
  transport_->Close();
  // Waiters still blocked in Call() (another thread) learn the connection is gone instead of timing out.
  peer_->HandleClosed(Error(ErrorCode::kUnavailable, "connection closed by the client"));
}

}  // namespace ab::mcp
