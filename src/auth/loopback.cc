#include "auth/loopback.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/strings.h"

namespace ab::auth {
namespace {

constexpr size_t kMaxHeadBytes = 16 * 1024;
constexpr int kMaxConnections = 32;

using Clock = std::chrono::steady_clock;

int RemainingMs(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1 << 30));
}

void Reply(int fd, const std::string& status, const std::string& body) {
  const std::string text = "HTTP/1.1 " + status + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  size_t sent = 0;
  while (sent < text.size()) {
    ssize_t n = ::send(fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<size_t>(n);
  }
}

}  // namespace

Result<std::unique_ptr<LoopbackRedirect>> LoopbackRedirect::Open(int port, const std::string& path) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return Error(ErrorCode::kIo, std::string("cannot open a socket for the OAuth redirect: ") + std::strerror(errno));
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 8) != 0) {
    const std::string reason = std::strerror(errno);
    ::close(fd);
    return Error(ErrorCode::kIo, "cannot listen on 127.0.0.1:" + std::to_string(port) +
                                     " for the OAuth redirect (redirect_port): " + reason);
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  return std::unique_ptr<LoopbackRedirect>(new LoopbackRedirect(fd, ntohs(addr.sin_port), path));
}

LoopbackRedirect::~LoopbackRedirect() { ::close(fd_); }

std::string LoopbackRedirect::redirect_uri() const { return "http://127.0.0.1:" + std::to_string(port_) + path_; }

Result<std::string> LoopbackRedirect::Wait(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (int connections = 0; connections < kMaxConnections; ++connections) {
    pollfd pfd{fd_, POLLIN, 0};
    int ready = ::poll(&pfd, 1, RemainingMs(deadline));
    if (ready <= 0) break;
    int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    std::string head;
    char buf[2048];
    bool complete = false;
    while (head.size() < kMaxHeadBytes) {
      pollfd cfd{client, POLLIN, 0};
      if (::poll(&cfd, 1, std::min(RemainingMs(deadline), 10000)) <= 0) break;
      ssize_t n = ::recv(client, buf, sizeof buf, 0);
      if (n <= 0) break;
      head.append(buf, static_cast<size_t>(n));
      if (head.find("\r\n\r\n") != std::string::npos || head.find("\n\n") != std::string::npos) {
        complete = true;
        break;
      }
    }
    const size_t line_end = head.find_first_of("\r\n");
    const std::string line = head.substr(0, line_end);
    std::vector<std::string> parts = Split(line, ' ');
    if (!complete || parts.size() < 2 || parts[0] != "GET") {
      Reply(client, "400 Bad Request", "<p>Bad request.</p>");
      ::close(client);
      continue;
    }
    const std::string target = parts[1];
    const std::string target_path = target.substr(0, target.find('?'));
    if (target_path != path_) {
      Reply(client, "404 Not Found", "<p>Not found.</p>");
      ::close(client);
      continue;
    }
    Reply(client, "200 OK",
          "<!doctype html><title>agent-bench</title><p>agent-bench received the authorization. You can close this "
          "window.</p>");
    ::close(client);
    return "http://127.0.0.1:" + std::to_string(port_) + target;
  }
  return Error(ErrorCode::kTimeout, "no browser reached the OAuth redirect " + redirect_uri() + " within " +
                                        std::to_string(timeout.count() / 1000) + " s");
}

}  // namespace ab::auth
