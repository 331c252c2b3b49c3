#include "net/raw_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <vector>

namespace ab::net::testing {
namespace {

int Listen(int port, int* bound) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 64) != 0) {
    ::close(fd);
    return -1;
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  *bound = ntohs(addr.sin_port);
  return fd;
}

}  // namespace

RawServer::RawServer(Handler handler, int port) : handler_(std::move(handler)) {
  fd_ = Listen(port, &port_);
  thread_ = std::thread([this] {
    std::vector<std::thread> workers;
    while (!stop_.load()) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const int conn = ::accept(fd_, nullptr, nullptr);
      if (conn < 0) continue;
      const int index = connections_++;
      workers.emplace_back([this, conn, index] {
        handler_(conn, index);
        ::close(conn);
      });
    }
    for (auto& w : workers) w.join();
  });
}

RawServer::~RawServer() {
  stop_ = true;
  thread_.join();
  if (fd_ >= 0) ::close(fd_);
}

std::string ReadRequest(int fd) {
  std::string data;
  char buf[4096];
  size_t need = std::string::npos;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < until) {
    if (need != std::string::npos && data.size() >= need) return data;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return "";
    data.append(buf, static_cast<size_t>(n));
    const size_t end = data.find("\r\n\r\n");
    if (need == std::string::npos && end != std::string::npos) {
      size_t length = 0;
      for (const char* name : {"Content-Length: ", "content-length: "}) {
        if (size_t at = data.find(name); at != std::string::npos && at < end) {
          length = std::stoul(data.substr(at + std::strlen(name)));
        }
      }
      need = end + 4 + length;
    }
  }
  return "";
}

bool WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::send(fd, text.data() + done, text.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

void Reset(int fd) {
  linger l{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

int UnusedPort() {
  int port = 0;
  const int fd = Listen(0, &port);
  ::close(fd);
  return port;
}

}  // namespace ab::net::testing
