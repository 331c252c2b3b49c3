#include "serve/stream_slots.h"

namespace ab::serve {

std::shared_ptr<void> StreamSlots::Acquire(const std::string& client, std::string* why) {
  std::lock_guard<std::mutex> lock(mu_);
  if (open_ >= total_) {
    if (why)
      *why = "too many event streams are open (" + std::to_string(total_) +
             ", the server's limit): close one (another tab?) or poll GET /api/v1/jobs/{id}";
    return nullptr;
  }
  int& mine = by_client_[client];
  if (mine >= per_client_) {
    if (why)
      *why = "this client already has " + std::to_string(mine) + " event streams open (the limit per client is " +
             std::to_string(per_client_) + "): close one (another tab?) or poll GET /api/v1/jobs/{id}";
    return nullptr;
  }
  ++mine;
  ++open_;
  // Non-null (a caller tests it), released by the deleter once the last copy is gone.
  static char held;
  std::shared_ptr<StreamSlots> self = shared_from_this();
  return std::shared_ptr<void>(&held, [self, client](void*) { self->Release(client); });
}

int StreamSlots::open() const {
  std::lock_guard<std::mutex> lock(mu_);
  return open_;
}

void StreamSlots::Release(const std::string& client) {
  std::lock_guard<std::mutex> lock(mu_);
  --open_;
  if (--by_client_[client] <= 0) by_client_.erase(client);
}

}  // namespace ab::serve
