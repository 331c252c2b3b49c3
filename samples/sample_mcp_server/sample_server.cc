#include "sample_server.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <sstream>

#include "sample_tools.h"

namespace ab::sample {
namespace {

Json Text(const std::string& text) { return {{"type", "text"}, {"text", text}}; }
Json TextResult(const std::string& text, bool is_error = false) {
  Json result = {{"content", Json::array({Text(text)})}};
  if (is_error) result["isError"] = true;
  return result;
}
Json JsonResult(const Json& value) {
  return {{"content", Json::array({Text(value.dump())})}, {"structuredContent", value}};
}
std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

struct SampleServer::Call {
  std::atomic<bool> cancelled{false};
};

SampleServer::SampleServer(SampleOptions options, Sink sink) : options_(std::move(options)), sink_(std::move(sink)) {}

SampleServer::~SampleServer() { Drain(); }

namespace {
thread_local WorkerPool* tl_pool = nullptr;  // the pool whose worker this thread is
thread_local bool tl_finishing = false;      // this worker's task has called TaskFinishing()
}  // namespace

void WorkerPool::TaskFinishing() {
  if (tl_pool == nullptr || tl_finishing) return;
  std::lock_guard<std::mutex> lock(tl_pool->mu_);
  ++tl_pool->finishing_;
  tl_finishing = true;
}

void WorkerPool::Submit(std::function<void()> task) {
  std::lock_guard<std::mutex> lock(mu_);
  queue_.push_back(std::move(task));
  // A finishing worker looks at the queue before it waits, so it takes the task without being woken.
  if (idle_ + finishing_ >= queue_.size()) {
    cv_.notify_one();
  } else {
    workers_.emplace_back([this] { Work(); });
  }
}

void WorkerPool::Work() {
  tl_pool = this;
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    if (queue_.empty()) {
      if (stopping_) return;
      ++idle_;
      cv_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      --idle_;
      continue;
    }
    std::function<void()> task = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    task();
    lock.lock();
    if (tl_finishing) {
      --finishing_;
      tl_finishing = false;
    }
  }
}

void WorkerPool::Drain() {
  std::vector<std::thread> workers;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    workers.swap(workers_);
  }
  cv_.notify_all();
  for (auto& t : workers) t.join();
  std::lock_guard<std::mutex> lock(mu_);
  stopping_ = false;
}

size_t WorkerPool::threads() const {
  std::lock_guard<std::mutex> lock(mu_);
  return workers_.size();
}

void SampleServer::Drain() { pool_.Drain(); }

void SampleServer::Emit(const Json& message) {
  // An answer is a tool call's last output; its worker is free for the next call from here.
  if (message.contains("id") && (message.contains("result") || message.contains("error"))) WorkerPool::TaskFinishing();
  if (options_.garbage) sink_("not json: the sample server is logging to stdout");
  sink_(message.dump(-1, ' ', false, Json::error_handler_t::replace));
}

void SampleServer::Reply(const Json& id, const Json& result) {
  Emit({{"jsonrpc", "2.0"}, {"id", id}, {"result", result}});
}

void SampleServer::ReplyError(const Json& id, int code, const std::string& message, const Json& data) {
  Json error = {{"code", code}, {"message", message}};
  if (!data.is_null()) error["data"] = data;
  Emit({{"jsonrpc", "2.0"}, {"id", id}, {"error", error}});
}

void SampleServer::Handle(const Json& message) {
  if (!message.is_object()) return;
  const bool has_id = message.contains("id") && !message["id"].is_null();
  if (!message.contains("method")) {
    // An answer to one of our requests (roots/list).
    if (has_id) {
      std::lock_guard<std::mutex> lock(mu_);
      client_answers_[message["id"].dump()] = message;
      cv_.notify_all();
    }
    return;
  }
  const std::string method = message["method"].get<std::string>();
  const Json params = message.value("params", Json::object());
  if (!has_id) {
    if (method == "notifications/cancelled" && params.contains("requestId")) {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = calls_.find(params["requestId"].dump());
      if (it != calls_.end()) it->second->cancelled.store(true);
    }
    return;
  }
  HandleRequest(message["id"], method, params);
}

Json SampleServer::ListTools(const Json& params, bool* bad_cursor) const {
  Json all = ToolCatalogue();
  if (options_.page_size <= 0) return {{"tools", all}};
  size_t start = 0;
  if (params.contains("cursor")) {
    const Json& cursor = params["cursor"];
    std::string text = cursor.is_string() ? cursor.get<std::string>() : "";
    if (text.rfind("page-", 0) != 0 || text.size() > 12) {
      *bad_cursor = true;
      return Json();
    }
    start = static_cast<size_t>(std::atoi(text.c_str() + 5));
    if (start >= all.size()) {
      *bad_cursor = true;
      return Json();
    }
  }
  size_t end = std::min(all.size(), start + static_cast<size_t>(options_.page_size));
  Json page = Json::array();
  for (size_t i = start; i < end; ++i) page.push_back(all[i]);
  Json result = {{"tools", page}};
  if (end < all.size()) result["nextCursor"] = "page-" + std::to_string(end);
  return result;
}

void SampleServer::HandleRequest(const Json& id, const std::string& method, const Json& params) {
  if (method == "initialize") {
    if (options_.hang_on_init) return;
    std::string version = params.value("protocolVersion", "2025-11-25");
    static const char* kKnown[] = {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"};
    if (std::find(std::begin(kKnown), std::end(kKnown), version) == std::end(kKnown)) version = "2025-11-25";
    if (!options_.protocol_version.empty()) version = options_.protocol_version;
    Reply(id, {{"protocolVersion", version},
               {"capabilities", {{"tools", {{"listChanged", true}}}, {"logging", Json::object()}}},
               {"serverInfo", {{"name", "agent-bench-sample"}, {"version", "1.0.0"}}}});
  } else if (method == "ping") {
    Reply(id, Json::object());
  } else if (method == "tools/list") {
    bool bad_cursor = false;
    Json result = ListTools(params, &bad_cursor);
    if (bad_cursor) {
      ReplyError(id, -32602, "Invalid cursor");
    } else {
      Reply(id, result);
    }
  } else if (method == "tools/call") {
    int count;
    {
      std::lock_guard<std::mutex> lock(mu_);
      count = ++tool_calls_;
    }
    if (options_.fail_after > 0 && count >= options_.fail_after) {
      std::fprintf(stderr, "sample-mcp-server: --fail-after %d reached, exiting mid-call\n", options_.fail_after);
      std::fflush(stderr);
      std::_Exit(3);
    }
    auto call = std::make_shared<Call>();
    const std::string name = params.value("name", "");
    const Json args = params.value("arguments", Json::object());
    Json token = params.contains("_meta") ? params["_meta"].value("progressToken", Json()) : Json();
    {
      std::lock_guard<std::mutex> lock(mu_);
      calls_[id.dump()] = call;
    }
    pool_.Submit([this, call, id, name, args, token] { RunTool(call, id, name, args, token); });
  } else {
    ReplyError(id, -32601, "Method not found");
  }
}

Json SampleServer::AskClient(const std::string& method, const Json& params, int timeout_ms) {
  std::string key;
  Json id;
  {
    std::lock_guard<std::mutex> lock(mu_);
    id = "srv-" + std::to_string(next_server_request_++);
    key = id.dump();
  }
  Emit({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return client_answers_.count(key) > 0; });
  auto it = client_answers_.find(key);
  if (it == client_answers_.end()) return Json();
  Json answer = it->second;
  client_answers_.erase(it);
  return answer;
}

void SampleServer::RunTool(std::shared_ptr<Call> call, const Json& id, const std::string& name, const Json& args,
                           const Json& progress_token) {
  const std::string key = id.dump();
  auto finish = [&] {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.erase(key);
  };
  auto str = [&](const char* field) {
    return args.contains(field) && args[field].is_string() ? args[field].get<std::string>() : std::string();
  };

  if (name == "echo") {
    Reply(id, TextResult("Echo: " + str("message")));
  } else if (name == "add_note") {
    std::lock_guard<std::mutex> lock(mu_);
    std::string note_id = "n" + std::to_string(notes_.size() + 1);
    notes_.push_back({{"id", note_id}, {"title", str("title")}, {"body", str("body")}});
    Emit({{"jsonrpc", "2.0"}, {"id", id}, {"result", JsonResult({{"id", note_id}})}});
  } else if (name == "get_note") {
    Json found;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (const Json& note : notes_) {
        if (note["id"] == str("id")) found = note;
      }
    }
    Reply(id, found.is_null() ? TextResult("no note with id '" + str("id") + "'", true) : JsonResult(found));
  } else if (name == "list_notes" || name == "search_notes") {
    Json list = Json::array();
    const std::string query = Lower(str("query"));
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (const Json& note : notes_) {
        std::string hay = Lower(note["title"].get<std::string>() + "\n" + note["body"].get<std::string>());
        if (name == "list_notes" || hay.find(query) != std::string::npos) list.push_back(note);
      }
    }
    Reply(id, JsonResult({{"notes", list}}));
  } else if (name == "calculate") {
    auto value = Calculate(str("expression"));
    if (!value) {
      Reply(id, TextResult("cannot evaluate '" + str("expression") + "'", true));
    } else {
      std::ostringstream text;
      text << *value;
      Reply(id, {{"content", Json::array({Text(text.str())})}, {"structuredContent", {{"result", *value}}}});
    }
  } else if (name == "get_weather") {
    Reply(id, JsonResult(Weather(str("city"))));
  } else if (name == "sleep") {
    const long ms = args.contains("ms") && args["ms"].is_number() ? args["ms"].get<long>() : 0;
    const auto start = std::chrono::steady_clock::now();
    int step = 0;
    while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(ms)) {
      if (call->cancelled.load()) {
        // Spec: the receiver of notifications/cancelled SHOULD NOT answer the request.
        std::fprintf(stderr, "sample-mcp-server: call %s cancelled\n", key.c_str());
        finish();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min<long>(20, ms)));
      auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
      if (!progress_token.is_null() && elapsed.count() / 100 > step) {
        step = static_cast<int>(elapsed.count() / 100);
        Emit({{"jsonrpc", "2.0"},
              {"method", "notifications/progress"},
              {"params", {{"progressToken", progress_token}, {"progress", step}, {"total", (ms + 99) / 100}}}});
      }
    }
    Reply(id, TextResult("slept " + std::to_string(ms) + " ms"));
  } else if (name == "fail") {
    std::string reason = str("reason");
    Reply(id, TextResult(reason.empty() ? "the tool failed on purpose" : reason, true));
  } else if (name == "rpc_error") {
    ReplyError(id, -32001, "the tool refused with a JSON-RPC error", {{"hint", "this is rpc_error"}});
  } else if (name == "all_content") {
    Json content = Json::array();
    content.push_back(Text("plain text"));
    content.push_back({{"type", "image"}, {"data", kTinyPng}, {"mimeType", "image/png"}});
    content.push_back({{"type", "audio"}, {"data", kTinyWav}, {"mimeType", "audio/wav"}});
    content.push_back({{"type", "resource_link"},
                       {"uri", "sample://notes/n1"},
                       {"name", "note n1"},
                       {"description", "a linked note"},
                       {"mimeType", "application/json"}});
    content.push_back(
        {{"type", "resource"},
         {"resource", {{"uri", "sample://text"}, {"mimeType", "text/plain"}, {"text", "embedded text"}}}});
    content.push_back(
        {{"type", "resource"},
         {"resource", {{"uri", "sample://blob"}, {"mimeType", "application/octet-stream"}, {"blob", "AAECAw=="}}}});
    Reply(id, {{"content", content}, {"structuredContent", {{"ok", true}, {"count", 6}}}});
  } else if (name == "notify") {
    Emit({{"jsonrpc", "2.0"}, {"method", "notifications/message"}, {"params", {{"level", "info"}, {"data", "hello"}}}});
    Emit({{"jsonrpc", "2.0"}, {"method", "notifications/tools/list_changed"}});
    Reply(id, TextResult("notified"));
  } else if (name == "big_result") {
    const double mb = args.contains("mb") && args["mb"].is_number() ? args["mb"].get<double>() : 1.0;
    Reply(id, TextResult(std::string(static_cast<size_t>(mb * 1024 * 1024), 'x')));
  } else if (name == "get_roots") {
    Json answer = AskClient("roots/list", Json::object(), 5000);
    if (answer.is_null()) {
      Reply(id, TextResult("the client did not answer roots/list", true));
    } else if (answer.contains("error")) {
      Reply(id, TextResult("roots/list failed: " + answer["error"].dump(), true));
    } else {
      Reply(id, JsonResult(answer["result"]));
    }
  } else if (name == "crash") {
    std::fprintf(stderr, "sample-mcp-server: crashing on purpose\n");
    std::fflush(stderr);
    std::_Exit(4);
  } else {
    Reply(id, TextResult("MCP error -32602: Tool " + name + " not found", true));
  }
  finish();
}

}  // namespace ab::sample
