// Stops HTTP requests at their deadline or when their cancel flag turns, from one thread per net::Client.
// cpp-httplib has only per-recv timeouts, so a body that trickles one byte a second would never time out; the
// watchdog closes the request's socket (httplib's stop(), safe while another thread is inside send()) instead.
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

namespace httplib {
class ClientImpl;
}

namespace ab::net {

class Watchdog {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Reason { kNone, kDeadline, kCancelled };
  struct Entry {
    Clock::time_point deadline;
    const std::atomic<bool>* cancel;  // may be null
    httplib::ClientImpl* client;
    const std::atomic<bool>* connected;  // may be null: stop() is called only while it is true
    Reason reason = Reason::kNone;
    int stopping = 0;  // stop() calls in progress (made without the lock); Remove() waits for them
  };
  using Handle = std::list<Entry>::iterator;

  Watchdog() = default;
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;
  ~Watchdog();

  /// Watches |client| until Remove(); |deadline| may be Clock::time_point::max(). Starts the thread on first use.
  /// httplib connects (and shakes hands) while holding the lock that stop() takes, so stop() is called only once
  /// |connected| is true: the connect itself is bounded by the connection timeout, and a watchdog blocked in
  /// stop() would hold up every other request.
  Handle Add(Clock::time_point deadline, const std::atomic<bool>* cancel, httplib::ClientImpl* client,
             const std::atomic<bool>* connected);
  /// Forgets |h| (the client is never touched again) and says whether, and why, the watchdog stopped it.
  Reason Remove(Handle h);

 private:
  void Run();

  std::mutex mu_;
  std::condition_variable cv_;
  std::list<Entry> in_flight_;
  bool quitting_ = false;
  std::thread thread_;
};

}  // namespace ab::net
