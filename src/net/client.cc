#include "net/client.h"

#include <httplib.h>
#include <netdb.h>
#include <poll.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include "base/log.h"
#include "base/redact.h"
#include "base/strings.h"
#include "net/failure.h"
#include "net/metered_client.h"
#include "net/watchdog.h"

namespace ab::net {
namespace {

using Steady = std::chrono::steady_clock;

struct IdleConnection {
  Connection connection;
  Steady::time_point since;
};

// True when a pooled keep-alive connection can carry a request: its socket is open and has nothing to read. A
// readable idle connection means the server closed it (EOF), reset it, or sent something unasked; none of
// these can be used.
bool Reusable(const httplib::ClientImpl& client) {
  if (!client.is_socket_open()) return false;
  const int fd = client.socket();
  if (fd < 0) return false;
  pollfd p{fd, POLLIN | POLLRDHUP, 0};
  return ::poll(&p, 1, 0) == 0;
}

// Failures after which the request may go again: nothing of a response arrived, and the failure is one of the
// connection (not TLS trust, not a timeout, which already spent its time).
bool Retryable(httplib::Error error) {
  return error == httplib::Error::Connection || error == httplib::Error::Read || error == httplib::Error::Write ||
         error == httplib::Error::Unknown;
}

// The wait before attempt |next| (2, 3, ...): 50 ms doubling, jittered to 50-150 % so that a burst of clients
// that failed together does not come back together.
Millis Backoff(int next) {
  thread_local std::minstd_rand rng(std::random_device{}());
  const double base = 50.0 * static_cast<double>(1 << std::min(next - 2, 5));
  std::uniform_real_distribution<double> jitter(0.5, 1.5);
  return Millis(static_cast<long long>(std::min(base * jitter(rng), 1000.0)));
}

bool HostResolves(const std::string& host) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (found) ::freeaddrinfo(found);
  return rc == 0;
}

}  // namespace

std::string FindHeader(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && ToLower(key) == ToLower(name)) return value;
  }
  return "";
}

struct Client::Impl {
  explicit Impl(ClientOptions o) : options(std::move(o)) {}
  ClientOptions options;
  Watchdog watchdog;
  mutable std::mutex mu;
  std::map<std::string, std::vector<IdleConnection>> idle;  // by origin; the most recently used last
  PoolStats stats;

  // An exclusive connection to |url|'s origin: a live pooled one, or a new one. Dead or expired pooled
  // connections are closed on the way (nothing was written to them).
  Connection Take(const Url& url) {
    const std::string origin = url.Origin();
    std::vector<Connection> dead;  // closed outside the lock
    std::optional<Connection> found;
    {
      std::lock_guard<std::mutex> lock(mu);
      auto it = idle.find(origin);
      const auto now = Steady::now();
      while (it != idle.end() && !it->second.empty()) {
        IdleConnection c = std::move(it->second.back());
        it->second.pop_back();
        if (now - c.since <= options.max_idle && Reusable(*c.connection.client)) {
          found = std::move(c.connection);
          ++stats.reused;
          break;
        }
        ++stats.dead_discarded;
        dead.push_back(std::move(c.connection));
      }
      if (!found) ++stats.connections_opened;
    }
    if (found) return std::move(*found);
    return OpenConnection(url, options.insecure);
  }

  void Give(const Url& url, Connection connection) {
    if (!connection.client->is_socket_open()) return;  // the server said Connection: close
    std::optional<Connection> surplus;                 // closed outside the lock
    std::lock_guard<std::mutex> lock(mu);
    auto& list = idle[url.Origin()];
    if (list.size() >= options.max_idle_per_origin) {
      surplus = std::move(connection);
      return;
    }
    list.push_back(IdleConnection{std::move(connection), Steady::now()});
  }

  Result<Head> Exchange(const Request& r, bool pooled, const std::function<bool(const Head&)>& on_head,
                        const std::function<bool(std::string_view)>& on_body, int* attempts, std::string* note);
};

Result<Head> Client::Impl::Exchange(const Request& r, bool pooled, const std::function<bool(const Head&)>& on_head,
                                    const std::function<bool(std::string_view)>& on_body, int* attempts,
                                    std::string* note) {
  const auto started = Steady::now();
  const bool has_deadline = r.deadline > Millis(0);
  const auto deadline = has_deadline ? started + r.deadline : Steady::time_point::max();
  const std::string what = Redact(r.method + " " + r.url.Display());
  const auto cancelled = [&] { return r.cancel != nullptr && r.cancel->load(); };
  if (cancelled()) return Error(ErrorCode::kCancelled, what + ": cancelled before it was sent");
  const size_t cap = r.limits.max_response_bytes;
  const int max_attempts = std::max(1, options.max_attempts);
  std::string notes;  // why earlier attempts failed

  for (int attempt = 1;; ++attempt) {
    Connection conn = pooled ? Take(r.url) : OpenConnection(r.url, options.insecure);
    httplib::ClientImpl& client = *conn.client;
    const Millis left = has_deadline ? std::max(Millis(1), std::chrono::duration_cast<Millis>(deadline - Steady::now()))
                                     : Millis(24LL * 3600 * 1000);
    client.set_connection_timeout(std::min(r.connect_timeout, left));
    // httplib's own timeouts are per recv/send; the watchdog enforces the total.
    client.set_read_timeout(left + Millis(100));
    client.set_write_timeout(std::min(left, Millis(60'000)));
    client.set_keep_alive(pooled);
    // cpp-httplib writes headers and body separately: with Nagle's algorithm the body of a request on a reused
    // connection waits for the server's delayed ACK of the headers (40 ms on Linux).
    client.set_tcp_nodelay(true);
    conn.meter->Reset(r.limits);
    Meter& meter = *conn.meter;

    httplib::Request req;
    req.method = r.method;
    req.path = r.url.target;
    for (const auto& [name, value] : r.headers) req.headers.emplace(name, value);
    req.body = r.body;
    Head head;
    bool head_seen = false, stopped_by_caller = false, over_cap = false;
    uint64_t announced = 0, received = 0;
    req.response_handler = [&](const httplib::Response& res) {
      meter.HeadDone();
      head_seen = true;
      head.status = res.status;
      head.headers.clear();
      for (const auto& [name, value] : res.headers) head.headers.emplace_back(name, value);
      // A body announced over the cap is refused before a byte of it is read.
      if (cap != 0 && res.has_header("Content-Length")) {
        announced = std::strtoull(res.get_header_value("Content-Length").c_str(), nullptr, 10);
        if (announced > cap) {
          over_cap = true;
          return false;
        }
      }
      if (on_head && !on_head(head)) {
        stopped_by_caller = true;
        return false;
      }
      return true;
    };
    req.content_receiver = [&](const char* data, size_t length, uint64_t, uint64_t) {
      meter.BodyDelivered();
      received += length;
      if (cap != 0 && received > cap) {
        over_cap = true;
        return false;
      }
      if (on_body && !on_body(std::string_view(data, length))) {
        stopped_by_caller = true;
        return false;
      }
      return true;
    };

    std::optional<Watchdog::Handle> watched;
    if (has_deadline || r.cancel) watched = watchdog.Add(deadline, r.cancel, &client, &meter.connected);
    httplib::Response res;
    httplib::Error error = httplib::Error::Success;
    const bool ok = client.send(req, res, error);
    const Watchdog::Reason stopped = watched ? watchdog.Remove(*watched) : Watchdog::Reason::kNone;
    const auto elapsed = Steady::now() - started;
    const std::string after = AfterText(attempt, elapsed);

    if (ok && !over_cap) {
      if (attempts) *attempts = attempt;
      // Fetch's callers record retries with the response; a stream's are logged here.
      if (attempt > 1 && !note)
        LogInfo(what + ": needed " + std::to_string(attempt) + " connection attempts (" + notes + ")");
      if (pooled && stopped == Watchdog::Reason::kNone) Give(r.url, std::move(conn));
      return head;
    }
    if (stopped == Watchdog::Reason::kCancelled) {
      return Error(ErrorCode::kCancelled, what + (head_seen ? ": cancelled while the response was arriving"
                                                            : ": cancelled while waiting for the response"));
    }
    // httplib's own per-recv timeout may fire just before the watchdog's tick: a failure at the deadline is the
    // deadline's.
    if (stopped == Watchdog::Reason::kDeadline || (has_deadline && Steady::now() + Millis(5) >= deadline)) {
      std::string progress =
          meter.bytes == 0 ? "no response byte had arrived" : FormatBytes(meter.bytes) + " of response had arrived";
      return Error(ErrorCode::kTimeout, what + ": the response did not complete within the " +
                                            FormatMillis(r.deadline) + " deadline; " + progress + after);
    }
    if (over_cap) {
      const std::string limit = "the " + FormatBytes(cap) + " limit (max_response_bytes)";
      if (announced > cap) {
        return Error(ErrorCode::kProtocol,
                     what + ": the response announced a body of " + FormatBytes(announced) + ", over " + limit + after);
      }
      return Error(ErrorCode::kProtocol, what + ": the response body exceeded " + limit + after);
    }
    if (meter.hit == Meter::Hit::kHeader) {
      return Error(ErrorCode::kProtocol, what + ": the response head (status line and headers) exceeded the " +
                                             FormatBytes(r.limits.max_header_bytes) + " limit (max_header_bytes)" +
                                             after);
    }
    if (meter.hit == Meter::Hit::kFraming) {
      return Error(ErrorCode::kProtocol, what + ": the response sent more than " +
                                             FormatBytes(r.limits.max_framing_bytes) +
                                             " of chunk framing without any body data (max_framing_bytes)" + after);
    }
    if (stopped_by_caller) {
      if (attempts) *attempts = attempt;
      if (attempt > 1 && !note)
        LogInfo(what + ": needed " + std::to_string(attempt) + " connection attempts (" + notes + ")");
      return head;  // a deliberate early stop: the head is what the caller needs
    }
    const bool unanswered = meter.bytes == 0 && !head_seen;
    if (unanswered && Retryable(error) && attempt < max_attempts) {
      const Millis pause = Backoff(attempt + 1);
      if (Steady::now() + pause + Millis(50) < deadline) {
        const std::string why = DescribeFailure(error, false, false, r.url.host, true);
        notes += (notes.empty() ? "" : "; ") + ("attempt " + std::to_string(attempt) + ": " + why);
        if (note) *note = notes;
        {
          std::lock_guard<std::mutex> lock(mu);
          ++stats.retries;
        }
        for (auto until = Steady::now() + pause; Steady::now() < until;) {
          if (cancelled()) return Error(ErrorCode::kCancelled, what + ": cancelled while waiting to retry");
          std::this_thread::sleep_for(
              std::min(Millis(10), std::chrono::duration_cast<Millis>(until - Steady::now()) + Millis(1)));
        }
        continue;
      }
    }
    const bool resolves = error != httplib::Error::Connection || HostResolves(r.url.host);
    Error failure(ErrorCode::kNetwork,
                  what + ": " + DescribeFailure(error, meter.bytes > 0, head_seen, r.url.host, resolves) + after);
    if (error == httplib::Error::ConnectionTimeout) {
      failure.code = ErrorCode::kTimeout;
      failure.message = what + ": could not connect within " + FormatMillis(std::min(r.connect_timeout, left)) + after;
    }
    if (error == httplib::Error::SSLServerVerification) {
      failure.code = ErrorCode::kUnavailable;
      failure.message += " (for " + options.trust_hint + ")";
    }
    return failure;
  }
}

Client::Client(ClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Client::~Client() = default;

Result<Response> Client::Fetch(const Request& request) {
  Response out;
  const size_t cap = request.limits.max_response_bytes;
  auto head = impl_->Exchange(
      request, true,
      [&](const Head& h) {
        // One allocation for a body of announced length (Exchange refused one over the cap already).
        const std::string length = h.Header("Content-Length");
        if (!length.empty()) {
          const unsigned long long n = std::strtoull(length.c_str(), nullptr, 10);
          if (cap == 0 || n <= cap) out.body.reserve(static_cast<size_t>(std::min<unsigned long long>(n, 64 * kMiB)));
        }
        return true;
      },
      [&](std::string_view piece) {
        out.body.append(piece);
        return true;
      },
      &out.attempts, &out.note);
  if (!head) return head.error();
  out.status = head->status;
  out.headers = std::move(head->headers);
  return out;
}

Result<Head> Client::Stream(const Request& request, const std::function<bool(const Head&)>& on_head,
                            const std::function<bool(std::string_view)>& on_body) {
  return impl_->Exchange(request, false, on_head, on_body, nullptr, nullptr);
}

PoolStats Client::stats() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->stats;
}

size_t Client::idle_count() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  size_t n = 0;
  for (const auto& [origin, list] : impl_->idle) n += list.size();
  return n;
}

}  // namespace ab::net
