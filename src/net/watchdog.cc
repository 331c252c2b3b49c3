#include "net/watchdog.h"

#include <httplib.h>

namespace ab::net {

// How often flags and deadlines are looked at while requests are in flight: the precision of a deadline and the
// latency of a cancel. The thread sleeps while nothing is in flight.
constexpr auto kTick = std::chrono::milliseconds(20);

Watchdog::~Watchdog() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    quitting_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Watchdog::Handle Watchdog::Add(Clock::time_point deadline, const std::atomic<bool>* cancel, httplib::ClientImpl* client,
                               const std::atomic<bool>* connected) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
  const bool was_empty = in_flight_.empty();
  in_flight_.push_back(Entry{deadline, cancel, client, connected});
  if (was_empty) cv_.notify_all();
  return std::prev(in_flight_.end());
}

Watchdog::Reason Watchdog::Remove(Handle h) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return h->stopping == 0; });
  const Reason reason = h->reason;
  in_flight_.erase(h);
  return reason;
}

void Watchdog::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!quitting_) {
    if (in_flight_.empty()) {
      cv_.wait(lock, [this] { return quitting_ || !in_flight_.empty(); });
      continue;
    }
    const auto now = Clock::now();
    std::vector<Entry*> to_stop;
    for (Entry& e : in_flight_) {
      if (e.reason == Reason::kNone) {
        if (e.cancel && e.cancel->load()) e.reason = Reason::kCancelled;
        else if (now >= e.deadline) e.reason = Reason::kDeadline;
      }
      // Again on every tick until send() returns: a request still connecting is stopped once it has connected.
      if (e.reason != Reason::kNone && (e.connected == nullptr || e.connected->load())) {
        ++e.stopping;
        to_stop.push_back(&e);
      }
    }
    if (!to_stop.empty()) {
      // Without the lock: stop() takes httplib's socket lock, and Add()/Remove() of other requests must not wait
      // on it. Remove() of these entries waits until |stopping| is back to zero.
      lock.unlock();
      for (Entry* e : to_stop) e->client->stop();
      lock.lock();
      for (Entry* e : to_stop) --e->stopping;
      cv_.notify_all();
    }
    cv_.wait_for(lock, kTick, [this] { return quitting_; });
  }
}

}  // namespace ab::net
