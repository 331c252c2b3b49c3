// The real `agent-bench serve` in the background for end-to-end tests: its output goes to files (mode 0600: the
// generated token is printed there), the port and the printed token are read from them, and it is stopped (SIGTERM)
// when the object goes away.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "process.h"

namespace ab::e2e {

class ServeProcess {
 public:
  /// Runs AB_BINARY serve |args| in |dir| with |env| added to the environment.
  ServeProcess(const std::string& dir, const std::vector<std::string>& args,
               const std::map<std::string, std::string>& env = {})
      : out_path_(dir + "/serve-" + std::to_string(Next()) + ".out"), err_path_(out_path_ + ".err") {
    std::vector<std::string> argv = {AB_BINARY, "serve"};
    argv.insert(argv.end(), args.begin(), args.end());
    pid_ = fork();
    if (pid_ == 0) {
      // The test framework's handlers must not report a stop that comes before exec as its own crash.
      signal(SIGTERM, SIG_DFL);
      signal(SIGINT, SIG_DFL);
      int out = open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      int err = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      dup2(out, 1);
      dup2(err, 2);
      if (chdir(dir.c_str()) != 0) _exit(126);
      for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
      std::vector<char*> raw;
      for (auto& a : argv) raw.push_back(a.data());
      raw.push_back(nullptr);
      execv(raw[0], raw.data());
      _exit(127);
    }
  }
  ~ServeProcess() { Stop(); }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  pid_t pid() const { return pid_; }
  std::string Out() const { return ReadFile(out_path_); }
  std::string Err() const { return ReadFile(err_path_); }

  /// The port from the "serving ... at http://127.0.0.1:PORT/" line; 0 when it never came (within a minute).
  int WaitPort() {
    std::regex at("at http://127\\.0\\.0\\.1:([0-9]+)/");
    for (int i = 0; i < 600; ++i) {
      std::smatch m;
      std::string text = Out();
      if (std::regex_search(text, m, at)) return std::stoi(m[1].str());
      if (Exited()) return 0;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return 0;
  }
  /// The token in the printed "open http://...?token=T" line, or "".
  std::string PrintedToken() const {
    std::regex open("/\\?token=([0-9a-f]{64})");
    std::smatch m;
    std::string text = Out();
    return std::regex_search(text, m, open) ? m[1].str() : "";
  }
  /// Waits up to |timeout_s| for the process to exit by itself: its exit code, or -1.
  int WaitExit(int timeout_s) {
    for (int i = 0; i < timeout_s * 10; ++i) {
      if (Exited()) return exit_code_;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return -1;
  }
  void Stop() {
    if (pid_ <= 0 || Exited()) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  static int Next() {
    static int n = 0;
    return ++n;
  }
  bool Exited() {
    if (pid_ <= 0) return true;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) != pid_) return false;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    pid_ = -1;
    return true;
  }
  std::string out_path_, err_path_;
  pid_t pid_ = -1;
  int exit_code_ = -1;
};

}  // namespace ab::e2e
