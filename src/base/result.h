// The one error policy of agent-bench: expected failures (network, processes, parsing, configuration, providers)
// travel as Result<T> / Status values; exceptions from third-party libraries are caught where the library is called.
// The spelling follows std::expected so it can be swapped for it later.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "base/source_loc.h"

namespace ab {

enum class ErrorCode {
  kInvalidArgument,  ///< bad input from a user (flags, files)
  kConfig,           ///< a configuration file is wrong
  kNotFound,
  kParse,    ///< malformed JSON, YAML, SSE ...
  kIo,       ///< file or pipe I/O failed
  kNetwork,  ///< connection refused, reset, DNS ...
  kTimeout,
  kCancelled,
  kProtocol,     ///< a peer broke its protocol (MCP, HTTP)
  kRpcError,     ///< a JSON-RPC error response (the peer followed the protocol and said no)
  kRateLimited,  ///< HTTP 429 from a provider
  kAuth,         ///< HTTP 401/403
  kServer,       ///< HTTP 5xx
  kHttp,         ///< other unexpected HTTP status
  kModel,        ///< the model answered something unusable (bad tool-call JSON, empty reply)
  kUnavailable,  ///< a server or provider could not be started or reached
  kUnsupported,
  kInternal,
};

/// Short lower-case name of a code, e.g. "timeout".
const char* ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  SourceLoc loc;        ///< set for configuration errors
  int http_status = 0;  ///< set for HTTP errors

  Error() = default;
  Error(ErrorCode c, std::string m) : code(c), message(std::move(m)) {}
  Error(ErrorCode c, std::string m, SourceLoc l) : code(c), message(std::move(m)), loc(std::move(l)) {}

  /// LLVM diagnostic style: "file:line:col: message" when a location is known, else the message.
  std::string ToString() const;
};

/// A value or an Error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit like std::expected
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value() && "value() on an error Result");
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(has_value() && "value() on an error Result");
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(has_value() && "value() on an error Result");
    return std::get<0>(std::move(v_));
  }
  const Error& error() const {
    assert(!has_value() && "error() on a Result holding a value");
    return std::get<1>(v_);
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  template <typename U>
  T value_or(U&& fallback) const& {
    return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::variant<T, Error> v_;
};

/// Success or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT: implicit like std::unexpected

  static Status Ok() { return Status(); }
  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const {
    assert(!ok() && "error() on an ok Status");
    return *error_;
  }
  std::string ToString() const { return ok() ? "ok" : error_->ToString(); }

 private:
  std::optional<Error> error_;
};

}  // namespace ab
