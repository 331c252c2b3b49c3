// `agent-bench serve`: one HTTP server (cpp-httplib) with the REST API under /api/v1/ and the web UI (static
// pages embedded in the binary) at /. Bound to 127.0.0.1 by default; any other address needs a bearer token,
// which every /api/ request must then present (Authorization: Bearer T). The token is never logged.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "base/result.h"
#include "serve/history.h"

namespace httplib {
class Server;
}

namespace ab::serve {

struct ServeOptions {
  std::string store_path;         ///< the history: a SQLite path or a postgresql:// URL (fixtures, transcripts too)
  std::string host = "127.0.0.1";
  int port = 8080;                ///< 0 = any free port
  std::string token;              ///< required (non-empty) when |host| is not a loopback address
  std::string base_dir;           ///< relative suite/configs paths of jobs; empty = the working directory
  StoreOpener opener;             ///< empty = store::OpenStore(store_path)
};

/// True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopbackHost(std::string_view host);

struct Api;

class Server {
 public:
  Server();
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Listens in a background thread. kInvalidArgument for a non-loopback host without a token; kUnavailable
  /// when the address cannot be bound.
  [[nodiscard]] Status Start(ServeOptions options);
  int port() const { return port_; }
  /// "http://HOST:PORT".
  std::string url() const;
  /// Cancels running jobs, ends event streams and stops listening. Idempotent.
  void Stop();

 private:
  ServeOptions options_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
  int port_ = 0;
};

/// `agent-bench serve`: serves until SIGINT/SIGTERM (|stop| set). Exit codes: 0 after a signal, 2 for bad
/// options (a non-loopback host without a token), 3 when the history cannot be opened or the port bound.
int ServeCommand(const ServeOptions& options, std::ostream& out, std::ostream& err, const std::atomic<bool>& stop);

}  // namespace ab::serve
