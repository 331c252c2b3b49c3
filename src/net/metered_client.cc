#include "net/metered_client.h"

#include <httplib.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ab::net {

bool Meter::Count(size_t n) {
  bytes += n;
  since_body += n;
  if (!head_done && bytes > limits.max_header_bytes) hit = Hit::kHeader;
  if (head_done && limits.max_framing_bytes != 0 && since_body > limits.max_framing_bytes) hit = Hit::kFraming;
  return hit == Hit::kNone;
}

namespace {

int TimeoutMs(time_t sec, time_t usec) {
  const long long ms = static_cast<long long>(sec) * 1000 + usec / 1000;
  return static_cast<int>(std::clamp<long long>(ms, 1, 24LL * 3600 * 1000));
}

// httplib's SocketStream/SSLSocketStream with every received byte counted by a Meter. Plain sockets read through
// a 4 KiB buffer, as httplib's own stream does: the header parser asks for one byte at a time.
class MeteredStream final : public httplib::Stream {
 public:
  MeteredStream(int fd, SSL* ssl, int read_ms, int write_ms, Meter& meter)
      : fd_(fd), ssl_(ssl), read_ms_(read_ms), write_ms_(write_ms), meter_(meter) {}

  bool is_readable() const override {
    if (ssl_ != nullptr && SSL_pending(ssl_) > 0) return true;
    return Poll(POLLIN, read_ms_);
  }
  bool is_writable() const override { return Poll(POLLOUT, write_ms_); }

  ssize_t read(char* ptr, size_t size) override {
    if (meter_.hit != Meter::Hit::kNone) return -1;
    if (ssl_ != nullptr) return Counted(ReadSsl(ptr, size));
    if (off_ < len_) return Take(ptr, size);
    if (size >= sizeof buf_) return Counted(Recv(ptr, size));
    const ssize_t n = Counted(Recv(buf_, sizeof buf_));
    if (n <= 0) return n;
    off_ = 0;
    len_ = static_cast<size_t>(n);
    return Take(ptr, size);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    if (ssl_ != nullptr) {
      const int n = SSL_write(ssl_, ptr, static_cast<int>(std::min<size_t>(size, 1 << 30)));
      if (n > 0) return n;
      for (int tries = 0; tries < 1000 && SSL_get_error(ssl_, n) == SSL_ERROR_WANT_WRITE; ++tries) {
        if (!is_writable()) return -1;
        const int again = SSL_write(ssl_, ptr, static_cast<int>(std::min<size_t>(size, 1 << 30)));
        if (again > 0) return again;
      }
      return -1;
    }
    ssize_t n;
    do {
      n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip.clear();
    port = 0;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip.clear();
    port = 0;
  }
  socket_t socket() const override { return fd_; }

 private:
  bool Poll(short events, int timeout_ms) const {
    pollfd p{fd_, events, 0};
    int r;
    do {
      r = ::poll(&p, 1, timeout_ms);
    } while (r < 0 && errno == EINTR);
    return r > 0;
  }
  ssize_t Recv(char* into, size_t size) {
    if (!is_readable()) return -1;
    ssize_t n;
    do {
      n = ::recv(fd_, into, size, 0);
    } while (n < 0 && errno == EINTR);
    return n;
  }
  ssize_t ReadSsl(char* into, size_t size) {
    const int want = static_cast<int>(std::min<size_t>(size, 1 << 30));
    if (!is_readable()) return -1;
    int n = SSL_read(ssl_, into, want);
    for (int tries = 0; n <= 0 && tries < 1000 && SSL_get_error(ssl_, n) == SSL_ERROR_WANT_READ; ++tries) {
      if (!is_readable()) return -1;
      n = SSL_read(ssl_, into, want);
    }
    return n;
  }
  ssize_t Counted(ssize_t n) {
    if (n > 0 && !meter_.Count(static_cast<size_t>(n))) return -1;
    return n;
  }
  ssize_t Take(char* ptr, size_t size) {
    const size_t n = std::min(size, len_ - off_);
    std::memcpy(ptr, buf_ + off_, n);
    off_ += n;
    return static_cast<ssize_t>(n);
  }

  int fd_;
  SSL* ssl_;
  int read_ms_, write_ms_;
  Meter& meter_;
  char buf_[4096];
  size_t off_ = 0, len_ = 0;
};

// A client of kind |Base| (httplib::ClientImpl or httplib::SSLClient) that reads through a MeteredStream. The
// overridden process_socket is private in httplib; overriding it is allowed, and httplib calls it virtually for
// every request.
template <class Base>
class Metered final : public Base {
 public:
  Metered(const std::string& host, int port, Meter* meter) : Base(host, port), meter_(meter) {}

 private:
  bool process_socket(const typename Base::Socket& socket,
                      std::function<bool(httplib::Stream& strm)> callback) override {
    SSL* ssl = nullptr;
    if constexpr (!std::is_same_v<Base, httplib::ClientImpl>) ssl = socket.ssl;
    MeteredStream stream(socket.sock, ssl, TimeoutMs(this->read_timeout_sec_, this->read_timeout_usec_),
                         TimeoutMs(this->write_timeout_sec_, this->write_timeout_usec_), *meter_);
    meter_->connected.store(true);
    const bool ok = callback(stream);
    meter_->connected.store(false);
    return ok;
  }
  Meter* meter_;
};

}  // namespace

Connection OpenConnection(const Url& url, bool insecure) {
  Connection c;
  c.meter = std::make_unique<Meter>();
  if (url.scheme == "https") {
    auto client = std::make_unique<Metered<httplib::SSLClient>>(url.host, url.port, c.meter.get());
    client->enable_server_certificate_verification(!insecure);
    c.client = std::move(client);
  } else {
    c.client = std::make_unique<Metered<httplib::ClientImpl>>(url.host, url.port, c.meter.get());
  }
  return c;
}

}  // namespace ab::net
