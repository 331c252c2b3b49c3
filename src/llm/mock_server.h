// A mock LLM HTTP server speaking OpenAI, Azure OpenAI, Anthropic, Gemini and Vertex on one port, plus OAuth
// token endpoints for the Entra ID and service-account flows, driven by a MockScript (docs/mock-llm.md).
// Used by `agent-bench mock-llm`, by the in-process MOCK provider, and by the LLM layer's end-to-end tests.
// Thread-safe; every connection is served on its own thread, with keep-alive, as a real provider would.
#pragma once

#include <atomic>
#include <condition_variable>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "base/json.h"
#include "base/result.h"
#include "llm/mock_script.h"

namespace httplib {
class Server;
}

namespace ab::llm {

class MockLlmServer {
 public:
  MockLlmServer();
  ~MockLlmServer();
  MockLlmServer(const MockLlmServer&) = delete;
  MockLlmServer& operator=(const MockLlmServer&) = delete;

  /// Listens on 127.0.0.1:|port| (0 = any free port) in a background thread. kUnavailable when it cannot bind.
  Status Start(int port, MockScript script = {});
  /// Seconds an idle keep-alive connection stays open (default 5, cpp-httplib's); set before Start().
  void set_keep_alive_timeout(std::time_t seconds) { keep_alive_timeout_s_ = seconds; }
  /// The bound port (valid after Start).
  int port() const { return port_; }
  /// "http://127.0.0.1:<port>".
  std::string base_url() const;
  /// Stops listening and waits for the server thread; hanging replies are released. Idempotent.
  void Stop();

  /// Requests served per dialect: openai, azure, anthropic, gemini, vertex, token.
  int request_count(const std::string& dialect) const;
  /// The latest request body and headers (lower-case names) of |dialect|; null / empty before any.
  Json last_request(const std::string& dialect) const;
  std::map<std::string, std::string> last_headers(const std::string& dialect) const;

 private:
  void Install();
  std::unique_ptr<httplib::Server> server_;
  std::unique_ptr<MockEngine> engine_;
  std::thread thread_;
  int port_ = 0;
  int64_t token_expires_in_ = 3600;
  std::time_t keep_alive_timeout_s_ = 5;
  std::atomic<bool> stopping_{false};
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  std::atomic<int64_t> serial_{0};
  mutable std::mutex mu_;
  std::map<std::string, int> counts_;
  std::map<std::string, std::string> last_;  ///< latest body (token: form as JSON) per dialect
  std::map<std::string, std::map<std::string, std::string>> last_headers_;
};

/// `agent-bench mock-llm --port N [--script FILE]`: serves until SIGINT or SIGTERM. Returns the exit code
/// (0 after a signal, 2 for a bad script, 3 when the port cannot be bound).
int RunMockLlmCommand(int port, const std::string& script_path);

}  // namespace ab::llm
