// Helpers shared by the MCP end-to-end tests: where the binaries are, free ports, and child-process checks.
#pragma once

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "config/model.h"

namespace ab::mcp::testing {

inline std::string SampleServerPath() { return std::string(AB_BINARY_DIR) + "/sample-mcp-server"; }
inline std::string NodeBin(const std::string& name) {
  return std::string(AB_SOURCE_DIR) + "/node_modules/.bin/" + name;
}
inline bool HaveNodeServers() { return access(NodeBin("mcp-server-everything").c_str(), X_OK) == 0; }

/// A stdio server config running the sample server with |flags|.
inline config::Server SampleStdio(std::vector<std::string> flags = {}) {
  config::Server server;
  server.name = "sample";
  server.type = "stdio";
  server.command = SampleServerPath();
  server.args = std::move(flags);
  return server;
}

inline int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

/// Polls until something accepts connections on 127.0.0.1:|port|.
inline bool WaitForPort(int port, int timeout_ms = 20000) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    close(fd);
    if (ok) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

/// Pids of this process's children (any state, zombies included), from /proc.
inline std::vector<int> ChildPids() {
  std::vector<int> children;
  const std::string me = std::to_string(getpid());
  DIR* dir = opendir("/proc");
  if (dir == nullptr) return children;
  while (dirent* entry = readdir(dir)) {
    std::string name = entry->d_name;
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream status("/proc/" + name + "/status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("PPid:", 0) == 0) {
        std::istringstream fields(line.substr(5));
        std::string ppid;
        fields >> ppid;
        if (ppid == me) children.push_back(std::stoi(name));
        break;
      }
    }
  }
  closedir(dir);
  return children;
}

}  // namespace ab::mcp::testing
