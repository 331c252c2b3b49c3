#include "llm/http_client.h"

#include <httplib.h>
#include <poll.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <cstdio>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "base/redact.h"
#include "base/strings.h"

namespace ab::llm {
namespace {

using Steady = std::chrono::steady_clock;

struct IdleConnection {
  std::unique_ptr<httplib::Client> client;
  Steady::time_point since;
};

// True when a pooled keep-alive connection can carry a request: its socket is open and has nothing to read. A
// readable idle connection means the server closed it (EOF), reset it, or sent something unasked; none of
// these can be used.
bool Reusable(const httplib::Client& client) {
  if (!client.is_socket_open()) return false;
  const int fd = client.socket();
  if (fd < 0) return false;
  pollfd p{fd, POLLIN | POLLRDHUP, 0};
  const int r = ::poll(&p, 1, 0);
  return r == 0;
}

// Stops requests whose cancel flag turned true. One thread, started with the first cancellable request, looks at
// the flags of the requests in flight every 20 ms (it sleeps while there are none) and closes the socket of a
// cancelled one with httplib::Client::stop(), which is safe to call while another thread is in send().
class CancelWatch {
 public:
  struct Entry {
    const std::atomic<bool>* cancel;
    httplib::Client* client;
    bool stopped = false;
  };
  using Handle = std::list<Entry>::iterator;

  ~CancelWatch() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      quitting_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  Handle Add(const std::atomic<bool>* cancel, httplib::Client* client) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!thread_.joinable()) thread_ = std::thread([this] { Watch(); });
    in_flight_.push_back(Entry{cancel, client});
    cv_.notify_all();
    return std::prev(in_flight_.end());
  }
  /// Forgets |h|; after this the watch never touches its client. True when the watch stopped it.
  bool Remove(Handle h) {
    std::lock_guard<std::mutex> lock(mu_);
    const bool stopped = h->stopped;
    in_flight_.erase(h);
    return stopped;
  }

 private:
  void Watch() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!quitting_) {
      if (in_flight_.empty()) {
        cv_.wait(lock, [this] { return quitting_ || !in_flight_.empty(); });
        continue;
      }
      for (Entry& e : in_flight_) {
        // Again on every tick until send() returns: stop() only shuts a socket that is already open, so a
        // request still connecting when the flag turned would otherwise miss it (as HttpStream::Stop found).
        if (e.cancel->load()) {
          e.client->stop();
          e.stopped = true;
        }
      }
      cv_.wait_for(lock, std::chrono::milliseconds(20), [this] { return quitting_; });
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::list<Entry> in_flight_;
  bool quitting_ = false;
  std::thread thread_;
};

}  // namespace

struct PooledHttpClient::Pool {
  explicit Pool(HttpClientOptions o) : options(std::move(o)) {}
  HttpClientOptions options;
  mutable std::mutex mu;
  std::map<std::string, std::vector<IdleConnection>> idle;  // by origin; the most recently used last
  HttpPoolStats stats;
  CancelWatch cancel_watch;

  // An exclusive client for |origin|: a live pooled one, or a new one. Dead or expired pooled connections are
  // closed on the way (nothing was written to them).
  std::unique_ptr<httplib::Client> Take(const std::string& origin) {
    std::vector<std::unique_ptr<httplib::Client>> dead;  // closed outside the lock
    std::unique_ptr<httplib::Client> found;
    {
      std::lock_guard<std::mutex> lock(mu);
      auto it = idle.find(origin);
      const auto now = Steady::now();
      while (it != idle.end() && !it->second.empty()) {
        IdleConnection c = std::move(it->second.back());
        it->second.pop_back();
        if (now - c.since <= options.max_idle && Reusable(*c.client)) {
          found = std::move(c.client);
          ++stats.reused;
          break;
        }
        ++stats.dead_discarded;
        dead.push_back(std::move(c.client));
      }
      if (!found) ++stats.connections_opened;
    }
    if (found) return found;
    auto client = std::make_unique<httplib::Client>(origin);
    client->enable_server_certificate_verification(!options.insecure);
    client->set_keep_alive(true);
    // cpp-httplib writes headers and body separately: with Nagle's algorithm the body of a request on a reused
    // connection waits for the server's delayed ACK of the headers (40 ms on Linux).
    client->set_tcp_nodelay(true);
    return client;
  }

  void Give(const std::string& origin, std::unique_ptr<httplib::Client> client) {
    if (!client->is_socket_open()) return;  // the server said Connection: close
    std::unique_ptr<httplib::Client> surplus;
    std::lock_guard<std::mutex> lock(mu);
    auto& list = idle[origin];
    if (list.size() >= options.max_idle_per_origin) {
      surplus = std::move(client);
      return;
    }
    list.push_back(IdleConnection{std::move(client), Steady::now()});
  }
};

PooledHttpClient::PooledHttpClient(HttpClientOptions options) : pool_(std::make_unique<Pool>(std::move(options))) {}
PooledHttpClient::~PooledHttpClient() = default;

HttpPoolStats PooledHttpClient::stats() const {
  std::lock_guard<std::mutex> lock(pool_->mu);
  return pool_->stats;
}

size_t PooledHttpClient::idle_count() const {
  std::lock_guard<std::mutex> lock(pool_->mu);
  size_t n = 0;
  for (const auto& [origin, list] : pool_->idle) n += list.size();
  return n;
}

Result<HttpResponse> PooledHttpClient::Send(const HttpRequest& request) {
  Result<UrlParts> url = SplitUrl(request.url);
  if (!url) return url.error();
  const std::string origin = url->scheme + "://" + url->host + ":" + std::to_string(url->port);
  // The origin with its port (the endpoint a user configured), the path without its query (it may hold a key).
  const std::string what = Redact(request.method + " " + origin + url->path.substr(0, url->path.find('?')));
  if (request.cancel && request.cancel->load()) return Error(ErrorCode::kCancelled, what + ": cancelled");
  std::unique_ptr<httplib::Client> client = pool_->Take(origin);
  const auto timeout = std::max(request.timeout, std::chrono::milliseconds(1));
  client->set_connection_timeout(std::min(timeout, std::chrono::milliseconds(30'000)));
  client->set_read_timeout(timeout);
  client->set_write_timeout(timeout);
  httplib::Request req;
  req.method = request.method;
  req.path = url->path;
  for (const auto& [name, value] : request.headers) req.headers.emplace(name, value);
  req.body = request.body;
  const auto started = Steady::now();
  std::optional<CancelWatch::Handle> watched;
  if (request.cancel) watched = pool_->cancel_watch.Add(request.cancel, client.get());
  httplib::Result res = client->send(req);
  if (watched && pool_->cancel_watch.Remove(*watched)) {
    // Stopped mid-request: whatever came back is cut off, and the connection is closed.
    return Error(ErrorCode::kCancelled, what + ": cancelled while waiting for the response");
  }
  if (!res) {
    // The connection is dropped, not pooled, and the request is not sent again (see the class comment).
    const httplib::Error err = res.error();
    if (err == httplib::Error::ConnectionTimeout ||
        (err == httplib::Error::Read && Steady::now() - started >= timeout)) {
      return Error(ErrorCode::kTimeout, what + ": no response within " + std::to_string(timeout.count()) + " ms");
    }
    std::string message = what + ": " + httplib::to_string(err);
    if (err == httplib::Error::SSLServerVerification) {
      message += " (the endpoint's TLS certificate is not trusted; for an endpoint you trust with a self-signed "
                 "certificate, set insecure: true on the provider)";
    }
    return Error(ErrorCode::kNetwork, message);
  }
  HttpResponse out;
  out.status = res->status;
  for (const auto& [name, value] : res->headers) out.headers.emplace_back(name, value);
  out.body = std::move(res->body);
  pool_->Give(origin, std::move(client));
  return out;
}


std::string HttpResponse::Header(std::string_view name) const {
  const std::string want = ToLower(name);
  for (const auto& [key, value] : headers) {
    if (ToLower(key) == want) return value;
  }
  return "";
}

std::unique_ptr<HttpClient> MakeHttpClient(bool insecure) {
  HttpClientOptions options;
  options.insecure = insecure;
  return std::make_unique<PooledHttpClient>(std::move(options));
}

Result<UrlParts> SplitUrl(std::string_view url) {
  UrlParts parts;
  const size_t sep = url.find("://");
  if (sep == std::string_view::npos) return Error(ErrorCode::kInvalidArgument, "not an absolute URL: " + std::string(url));
  parts.scheme = ToLower(url.substr(0, sep));
  if (parts.scheme != "http" && parts.scheme != "https") {
    return Error(ErrorCode::kInvalidArgument, "unsupported URL scheme '" + parts.scheme + "'");
  }
  std::string_view rest = url.substr(sep + 3);
  const size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  parts.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (!parts.path.empty() && parts.path[0] == '?') parts.path = "/" + parts.path;
  parts.port = parts.scheme == "https" ? 443 : 80;
  const size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    const std::string port(authority.substr(colon + 1));
    char* end = nullptr;
    const long value = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || value <= 0 || value > 65535) {
      return Error(ErrorCode::kInvalidArgument, "bad port in URL: " + std::string(url));
    }
    parts.port = static_cast<int>(value);
    authority = authority.substr(0, colon);
  }
  if (authority.empty()) return Error(ErrorCode::kInvalidArgument, "no host in URL: " + std::string(url));
  parts.host = std::string(authority);
  return parts;
}

std::string UrlEncode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

}  // namespace ab::llm
