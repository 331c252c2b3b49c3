// The loopback redirect of a native OAuth client (RFC 8252 section 7.3): a listener on 127.0.0.1 (an ephemeral
// port unless one is configured) that takes exactly one callback request, answers it with a short page and
// closes. Bounded: a deadline for the whole wait, 16 KiB for a request head, other paths (a browser's
// /favicon.ico) answered 404 without ending the wait, at most 32 connections.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "base/result.h"

namespace ab::auth {

class LoopbackRedirect {
 public:
  /// Binds 127.0.0.1:|port| (0: ephemeral) and listens. kIo naming the port when it cannot.
  static Result<std::unique_ptr<LoopbackRedirect>> Open(int port, const std::string& path = "/callback");
  ~LoopbackRedirect();
  /// "http://127.0.0.1:PORT/callback".
  std::string redirect_uri() const;
  /// Waits for the callback; returns its full URL (with the query). kTimeout after |timeout|.
  Result<std::string> Wait(std::chrono::milliseconds timeout);

 private:
  LoopbackRedirect(int fd, int port, std::string path) : fd_(fd), port_(port), path_(std::move(path)) {}
  int fd_;
  int port_;
  std::string path_;
};

}  // namespace ab::auth
