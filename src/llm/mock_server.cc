#include "llm/mock_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <csignal>
#include <iostream>
#include <map>

#include "base/json_dump.h"
#include "base/json_parse.h"
#include "base/strings.h"
#include "base/time.h"
#include "llm/mock_dialects.h"

namespace ab::llm {
namespace {

using std::chrono::milliseconds;

std::string HttpDate(int64_t epoch_s) {
  std::time_t t = static_cast<std::time_t>(epoch_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

// A JWT's middle part decoded, or null when |jwt| is not three base64url parts.
Json JwtPart(const std::string& jwt, int index) {
  const std::vector<std::string> parts = Split(jwt, '.');
  if (parts.size() != 3) return nullptr;
  std::string b64 = parts[static_cast<size_t>(index)];
  std::string out;
  int bits = 0;
  unsigned value = 0;
  for (char ch : b64) {
    int v = ch >= 'A' && ch <= 'Z'   ? ch - 'A'
            : ch >= 'a' && ch <= 'z' ? ch - 'a' + 26
            : ch >= '0' && ch <= '9' ? ch - '0' + 52
            : ch == '-'              ? 62
            : ch == '_'              ? 63
                                     : -1;
    if (v < 0) return nullptr;
    value = (value << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((value >> bits) & 0xFF);
    }
  }
  return ParseJsonOrDiscarded(out);
}

// Every connection gets its own thread, as a real provider serves any number of concurrent requests. cpp-httplib's
// own pool is fixed (one thread per core, 8 at least) and a keep-alive connection holds its thread while idle, so
// with -j 50 requests would queue behind other runs' connections: the benchmark would measure the mock.
class ThreadPerConnection final : public httplib::TaskQueue {
 public:
  ~ThreadPerConnection() override { shutdown(); }
  void enqueue(std::function<void()> fn) override {
    std::lock_guard<std::mutex> lock(mu_);
    Reap();
    const uint64_t id = next_id_++;
    // The thread records itself as done under mu_, which this function holds until the thread is in the map.
    threads_.emplace(id, std::thread([this, id, fn = std::move(fn)] {
                       fn();
                       std::lock_guard<std::mutex> done_lock(mu_);
                       done_.push_back(id);
                     }));
  }
  void shutdown() override {
    std::map<uint64_t, std::thread> threads;
    {
      std::lock_guard<std::mutex> lock(mu_);
      threads.swap(threads_);
      done_.clear();
    }
    for (auto& entry : threads) entry.second.join();
  }

 private:
  // Joins the threads whose connection ended (they have left their last critical section: they added
  // themselves to done_ under the lock the caller now holds).
  void Reap() {
    for (uint64_t id : done_) {
      auto it = threads_.find(id);
      if (it == threads_.end()) continue;
      it->second.join();
      threads_.erase(it);
    }
    done_.clear();
  }
  std::mutex mu_;
  uint64_t next_id_ = 0;
  std::map<uint64_t, std::thread> threads_;
  std::vector<uint64_t> done_;
};

volatile std::sig_atomic_t g_signalled = 0;
void OnSignal(int) { g_signalled = 1; }

}  // namespace

MockLlmServer::MockLlmServer() = default;
MockLlmServer::~MockLlmServer() { Stop(); }

std::string MockLlmServer::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

int MockLlmServer::request_count(const std::string& dialect) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = counts_.find(dialect);
  return it == counts_.end() ? 0 : it->second;
}

Json MockLlmServer::last_request(const std::string& dialect) const {
  std::string text;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = last_.find(dialect);
    if (it == last_.end()) return Json();
    text = it->second;
  }
  Json body = ParseJsonOrDiscarded(text);
  return body.is_discarded() ? Json() : body;
}

std::map<std::string, std::string> MockLlmServer::last_headers(const std::string& dialect) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = last_headers_.find(dialect);
  return it == last_headers_.end() ? std::map<std::string, std::string>{} : it->second;
}

Status MockLlmServer::Start(int port, MockScript script) {
  if (server_) return Error(ErrorCode::kInvalidArgument, "mock LLM server already started");
  token_expires_in_ = script.token_expires_in;
  engine_ = std::make_unique<MockEngine>(std::move(script));
  server_ = std::make_unique<httplib::Server>();
  Install();
  // The listening socket is remembered so its backlog can be raised after bind: Debian's libcpp-httplib listens
  // with a backlog of 5, and a burst of concurrent connects (-j 50 starting at once) then sees dropped SYNs, each
  // costing a one-second retransmission.
  int listen_fd = -1;
  // Headers and body go out in separate writes: without TCP_NODELAY (set on the listening socket, inherited by
  // every accepted one) Nagle holds a reply's body for the client's delayed ACK, 40 ms on a reused connection.
  server_->set_tcp_nodelay(true);
  server_->set_socket_options([&listen_fd](int fd) {
    httplib::default_socket_options(fd);
    if (listen_fd < 0) listen_fd = fd;
  });
  port_ = port == 0 ? server_->bind_to_any_port("127.0.0.1") : (server_->bind_to_port("127.0.0.1", port) ? port : -1);
  server_->set_socket_options(httplib::default_socket_options);
  if (port_ <= 0) {
    server_.reset();
    return Error(ErrorCode::kUnavailable, "mock LLM server cannot listen on 127.0.0.1:" + std::to_string(port));
  }
  // Linux lets listen() be called again on a listening socket to change its backlog.
  if (listen_fd >= 0) ::listen(listen_fd, SOMAXCONN);
  server_->new_task_queue = [] { return new ThreadPerConnection(); };
  // Keep-alive like a real provider: connections stay open between requests (pooled clients reuse them) and are
  // closed after keep_alive_timeout_s of silence.
  server_->set_keep_alive_max_count(1'000'000);
  server_->set_keep_alive_timeout(keep_alive_timeout_s_);
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  while (!server_->is_running()) std::this_thread::sleep_for(milliseconds(1));
  return Status::Ok();
}

void MockLlmServer::Stop() {
  {
    std::lock_guard<std::mutex> lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

void MockLlmServer::Install() {
  const auto chat = [this](const std::string& dialect, const httplib::Request& req, httplib::Response& res,
                           const std::string& url_model) {
    const int64_t serial = ++serial_;
    const Json body = ParseJsonOrDiscarded(req.body);
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++counts_[dialect];
      last_[dialect] = req.body;  // kept as text: copying the parsed conversation would cost more than parsing
      auto& headers = last_headers_[dialect];
      headers.clear();
      for (const auto& [name, value] : req.headers) headers[ToLower(name)] = value;
    }
    res.set_header("x-request-id", "req_mock" + std::to_string(serial));
    if (!body.is_object()) {
      MockFault bad;
      bad.status = 400;
      bad.message = "We could not parse the JSON body of your request.";
      res.status = 400;
      res.set_content(DumpJson(RenderMockError(dialect, bad, serial)), "application/json");
      return;
    }
    const MockConversation conversation = ReadMockRequest(dialect, body, url_model);
    const MockDecision decision = engine_->Decide(conversation);
    const auto started = std::chrono::steady_clock::now();
    // Exact scripted latencies (the parallel benchmark adds them up), cut short when the server stops.
    const auto sleep_until = [&](int64_t ms) {
      std::unique_lock<std::mutex> lock(stop_mu_);
      stop_cv_.wait_until(lock, started + milliseconds(ms), [this] { return stopping_.load(); });
    };
    if (decision.reply.latency_ms > 0) sleep_until(decision.reply.latency_ms);
    if (decision.fault && decision.fault->kind == "hang") sleep_until(decision.fault->hang_ms);
    if (decision.fault && decision.fault->status != 0) {
      const MockFault& f = *decision.fault;
      res.status = f.status;
      if (f.retry_after) {
        const double v = *f.retry_after;
        res.set_header("retry-after",
                       v == static_cast<int64_t>(v) ? std::to_string(static_cast<int64_t>(v)) : std::to_string(v));
      }
      if (f.retry_after_ms) res.set_header("retry-after-ms", std::to_string(*f.retry_after_ms));
      if (f.retry_after_date) {
        res.set_header("retry-after", HttpDate(NowMs() / 1000 + static_cast<int64_t>(*f.retry_after_date) + 1));
      }
      res.set_content(DumpJson(RenderMockError(dialect, f, serial)), "application/json");
      return;
    }
    const std::string model = conversation.model.empty() ? "mock-model" : conversation.model;
    std::string text = DumpJson(RenderMockReply(dialect, decision, model, serial, NowMs() / 1000));
    if (decision.fault && decision.fault->kind == "truncated") text = text.substr(0, text.size() / 2);
    res.status = 200;
    res.set_content(text, "application/json");
  };

  server_->Post("/v1/chat/completions",
                [chat](const httplib::Request& q, httplib::Response& r) { chat("openai", q, r, ""); });
  server_->Post("/openai/v1/chat/completions",
                [chat](const httplib::Request& q, httplib::Response& r) { chat("openai", q, r, ""); });
  server_->Post(R"(/openai/deployments/([^/]+)/chat/completions)",
                [chat](const httplib::Request& q, httplib::Response& r) { chat("azure", q, r, q.matches[1]); });
  server_->Post("/v1/messages",
                [chat](const httplib::Request& q, httplib::Response& r) { chat("anthropic", q, r, ""); });
  server_->Post(R"(/v1beta/models/([^/:]+):generateContent)",
                [chat](const httplib::Request& q, httplib::Response& r) { chat("gemini", q, r, q.matches[1]); });
  server_->Post(R"(/v1/projects/([^/]+)/locations/([^/]+)/publishers/google/models/([^/:]+):generateContent)",
                [chat](const httplib::Request& q, httplib::Response& r) { chat("vertex", q, r, q.matches[3]); });

  // OAuth: /oauth2/token (Google service-account JWT bearer) and /{tenant}/oauth2/v2.0/token (Entra ID).
  const auto token = [this](const httplib::Request& req, httplib::Response& res, bool entra) {
    const int64_t serial = ++serial_;
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++counts_["token"];
      Json form = Json::object();
      for (const auto& [k, v] : req.params) form[k] = v;
      last_["token"] = DumpJson(form);
    }
    const auto fail = [&](int status, const std::string& error, const std::string& description) {
      res.status = status;
      res.set_content(DumpJson(Json{{"error", error}, {"error_description", description}}), "application/json");
    };
    const std::string grant = req.get_param_value("grant_type");
    if (entra) {
      if (grant != "client_credentials")
        return fail(400, "unsupported_grant_type", "AADSTS70003: grant_type must be client_credentials");
      if (req.get_param_value("client_id").empty() || req.get_param_value("client_secret").empty()) {
        return fail(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
      }
      if (req.get_param_value("scope").find("cognitiveservices.azure.com") == std::string::npos) {
        return fail(400, "invalid_scope", "AADSTS70011: The provided scope is not valid.");
      }
    } else {
      const std::string assertion = req.get_param_value("assertion");
      const Json header = JwtPart(assertion, 0);
      const Json claims = JwtPart(assertion, 1);
      if (grant != "urn:ietf:params:oauth:grant-type:jwt-bearer")
        return fail(400, "unsupported_grant_type", "Invalid grant_type");
      if (!header.is_object() || header.value("alg", "") != "RS256" || !claims.is_object() || !claims.contains("iss") ||
          !claims.contains("exp") || claims.value("scope", "").empty()) {
        return fail(400, "invalid_grant", "Invalid JWT Signature.");
      }
    }
    res.set_content(DumpJson(Json{{"access_token", std::string(entra ? "mock-entra-token-" : "mock-vertex-token-") +
                                                       std::to_string(serial)},
                                  {"expires_in", token_expires_in_},
                                  {"token_type", "Bearer"}}),
                    "application/json");
  };
  server_->Post("/oauth2/token", [token](const httplib::Request& q, httplib::Response& r) { token(q, r, false); });
  server_->Post("/token", [token](const httplib::Request& q, httplib::Response& r) { token(q, r, false); });
  server_->Post(R"(/([^/]+)/oauth2/v2.0/token)",
                [token](const httplib::Request& q, httplib::Response& r) { token(q, r, true); });
}

int RunMockLlmCommand(int port, const std::string& script_path) {
  MockScript script;
  if (!script_path.empty()) {
    Result<MockScript> loaded = LoadMockScript(script_path);
    if (!loaded) {
      std::cerr << "agent-bench mock-llm: " << loaded.error().ToString() << "\n";
      return 2;
    }
    script = std::move(loaded.value());
  }
  MockLlmServer server;
  if (Status s = server.Start(port, std::move(script)); !s.ok()) {
    std::cerr << "agent-bench mock-llm: " << s.ToString() << "\n";
    return 3;
  }
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::cout << "mock LLM listening on " << server.base_url()
            << " (OpenAI /v1/chat/completions, Azure /openai/deployments/{d}/chat/completions, Anthropic /v1/messages,"
               " Gemini /v1beta/models/{m}:generateContent, Vertex /v1/projects/{p}/locations/{l}/publishers/google/"
               "models/{m}:generateContent)"
            << std::endl;
  while (!g_signalled) std::this_thread::sleep_for(milliseconds(100));
  server.Stop();
  return 0;
}

}  // namespace ab::llm
