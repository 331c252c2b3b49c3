// cpp-httplib clients whose socket reads go through a counting stream (internal to net/). httplib bounds a
// header line but not the number of header lines, nor a chunk-size line that never ends; the meter caps the bytes
// of the response head and the raw bytes read in a row without any body byte coming out, and it tells whether
// any response byte arrived at all (which decides whether a failed request may be sent again).
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>

#include "net/limits.h"
#include "net/url.h"

namespace httplib {
class ClientImpl;
}

namespace ab::net {

/// What one request read from its socket. Reset before every request; read by the sending thread only, except
/// |connected|, which the watchdog reads.
struct Meter {
  enum class Hit { kNone, kHeader, kFraming };
  /// True while httplib exchanges the request over a connected socket (after connect and TLS handshake).
  std::atomic<bool> connected{false};
  Limits limits;
  size_t bytes = 0;       ///< raw bytes received
  size_t since_body = 0;  ///< raw bytes received since the last body byte was handed out (or the head ended)
  bool head_done = false;
  Hit hit = Hit::kNone;
  /// Counts |n| received bytes; false (and |hit| set) when a cap was passed.
  bool Count(size_t n);
  /// The head was parsed: from now on the framing cap applies.
  void HeadDone() {
    head_done = true;
    since_body = 0;
  }
  void BodyDelivered() { since_body = 0; }
  void Reset(const Limits& l) {
    limits = l;
    bytes = since_body = 0;
    head_done = false;
    hit = Hit::kNone;
  }
};

/// A connection-to-be to |url|'s origin: the httplib client and the meter its stream reports to.
struct Connection {
  std::unique_ptr<Meter> meter;
  std::unique_ptr<httplib::ClientImpl> client;
};

/// A fresh (unconnected) client for |url|'s origin; TLS certificates are verified unless |insecure|.
Connection OpenConnection(const Url& url, bool insecure);

}  // namespace ab::net
