// A loopback TCP server for the net tests that behaves as badly as a test needs: each accepted connection is
// handed to a function that reads and writes the raw socket (trickles, endless bodies, resets).
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace ab::net::testing {

class RawServer {
 public:
  /// Handles one connection; |index| counts connections from 0. The server closes |fd| afterwards.
  using Handler = std::function<void(int fd, int index)>;
  /// Listens on 127.0.0.1 on a free port (or |port| when non-zero); every connection runs on its own thread.
  explicit RawServer(Handler handler, int port = 0);
  ~RawServer();
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path = "/") const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  int connections() const { return connections_.load(); }
  /// True while the test runs; handlers that loop stop when it turns false.
  bool running() const { return !stop_.load(); }

 private:
  Handler handler_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

/// Reads one request (head, then Content-Length bytes of body); "" on EOF or after 5 s.
std::string ReadRequest(int fd);
/// Writes all of |text|; false when the peer went away.
bool WriteAll(int fd, const std::string& text);
/// Closes |fd| with a TCP reset instead of an orderly FIN.
void Reset(int fd);
/// A port that nothing listens on (bound once, then closed).
int UnusedPort();

}  // namespace ab::net::testing
