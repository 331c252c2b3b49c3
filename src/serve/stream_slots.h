// Bounds the event streams (GET /jobs/{id}/events) open at once, per client address and in total. A stream holds
// one worker thread for as long as it is open, so without a bound a few dozen streams would take every thread and
// the API and UI would stop answering; past a bound the request gets a 429 instead. Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace ab::serve {

class StreamSlots : public std::enable_shared_from_this<StreamSlots> {
 public:
  /// Created through std::make_shared (a held slot keeps the counter alive).
  StreamSlots(int per_client, int total) : per_client_(per_client), total_(total) {}

  /// A slot for one stream of |client| (its address), released when the last copy is destroyed; null when a
  /// limit is reached, with |why| set to a sentence naming the limit.
  std::shared_ptr<void> Acquire(const std::string& client, std::string* why);
  /// Streams open now.
  int open() const;

 private:
  void Release(const std::string& client);
  const int per_client_;
  const int total_;
  mutable std::mutex mu_;
  std::map<std::string, int> by_client_;
  int open_ = 0;
};

}  // namespace ab::serve
