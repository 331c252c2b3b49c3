// A provider turns a ChatRequest into a ChatResponse over one vendor's wire format. Implementations are
// thread-safe: one provider object is shared by every concurrent run that uses it (and so are its rate limits).
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

#include "base/result.h"
#include "config/model.h"
#include "llm/chat.h"

namespace ab::llm {

/// Per-call limits. |cancel| may be null; when it becomes true the call gives up with kCancelled.
struct CallOptions {
  std::optional<std::chrono::steady_clock::time_point> deadline;
  const std::atomic<bool>* cancel = nullptr;
};

class Provider {
 public:
  virtual ~Provider() = default;
  /// One model turn. Errors: kRateLimited (429 after retries), kAuth, kNotFound, kServer, kTimeout, kNetwork,
  /// kParse (malformed body), kModel (an unusable reply), kCancelled. Never throws.
  [[nodiscard]] virtual Result<ChatResponse> Complete(const ChatRequest& request, const CallOptions& options) = 0;
  /// The provider's configured model (after templates).
  virtual const std::string& model() const = 0;
};

}  // namespace ab::llm
