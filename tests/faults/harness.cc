#include "harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

namespace ab::faults {
namespace {

namespace fs = std::filesystem;

// Orphans of agent-bench (a server it forgot to reap or kill) must be re-parented to us, not to init, or the
// leak checks could not see them.
void BecomeSubreaper() {
  static const bool kDone = [] { return prctl(PR_SET_CHILD_SUBREAPER, 1) == 0; }();
  (void)kDone;
}

struct ProcInfo {
  int ppid = 0;
  std::string comm;
  char state = '?';
};

std::map<int, ProcInfo> ProcessTable() {
  std::map<int, ProcInfo> table;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // pid (comm) state ppid ...; comm may hold spaces and parentheses, so split at the last ')'.
    auto open = stat.find('('), close = stat.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    ProcInfo info;
    info.comm = stat.substr(open + 1, close - open - 1);
    std::istringstream rest(stat.substr(close + 1));
    rest >> info.state >> info.ppid;
    table[std::stoi(name)] = info;
  }
  return table;
}

void ReapOrphans() {
  while (waitpid(-1, nullptr, WNOHANG) > 0) {
  }
}

}  // namespace

const std::string& AgentBench() {
  static const std::string kPath = AB_BINARY;
  return kPath;
}

const std::string& SampleServer() {
#ifdef AB_SAMPLE_SERVER
  static const std::string kPath = AB_SAMPLE_SERVER;
#else
  static const std::string kPath = std::string(AB_BINARY_DIR) + "/sample-mcp-server";
#endif
  return kPath;
}

const std::string& DataDir() {
  static const std::string kPath = std::string(AB_SOURCE_DIR) + "/tests/faults/data";
  return kPath;
}

RunOptions WithArgs(std::vector<std::string> args, int timeout_s) {
  RunOptions o;
  o.extra_args = std::move(args);
  o.timeout_s = timeout_s;
  return o;
}

Outcome RunBench(const std::string& name, const std::string& file, const RunOptions& options) {
  BecomeSubreaper();
  Outcome o;
  o.dir = e2e::MakeTempDir("faults-" + name);
  std::vector<std::string> argv;
  const std::string rss_file = o.dir + "/rss.txt";
  if (options.measure_rss) argv = {"/usr/bin/time", "-f", "%M", "-o", rss_file};
  const std::string path = file.empty() || file[0] == '/' ? file : DataDir() + "/" + file;
  for (const std::string& a : {AgentBench(), std::string("-f"), path, std::string("-o"), o.dir + "/report",
                               std::string("-reportType"), std::string("json"), std::string("--no-progress")})
    argv.push_back(a);
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
  std::map<std::string, std::string> env = {{"SAMPLE_SERVER", SampleServer()}, {"FAULTS_DATA", DataDir()}};
  for (const auto& [k, v] : options.env) env[k] = v;
  auto start = std::chrono::steady_clock::now();
  o.process = e2e::RunProcess(argv, env, static_cast<int>(options.timeout_s * kSlack));
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  o.report = Json::parse(e2e::ReadFile(o.dir + "/report.json"), nullptr, false);
  if (options.measure_rss) {
    std::istringstream rss(e2e::ReadFile(rss_file));
    std::string line, last;
    while (std::getline(rss, line))
      if (!line.empty()) last = line;  // /usr/bin/time puts "Command exited with non-zero status" first
    if (!last.empty() && last.find_first_not_of("0123456789") == std::string::npos) o.peak_rss_kb = std::stol(last);
  }
  return o;
}

const Json* FindRun(const Json& report, const std::string& test, const std::string& agent) {
  if (!report.is_object() || !report.contains("detailed_results")) return nullptr;
  for (const auto& r : report["detailed_results"])
    if (r["execution"]["testName"] == test && r["execution"]["agentName"] == agent) return &r;
  return nullptr;
}

std::string Errors(const Json& run) {
  std::string out;
  const Json* errors = nullptr;
  if (run.contains("execution") && run["execution"].contains("errors")) errors = &run["execution"]["errors"];
  if (errors == nullptr || !errors->is_array()) return out;
  for (const auto& e : *errors) out += (e.is_string() ? e.get<std::string>() : e.dump()) + "\n";
  return out;
}

std::vector<std::string> Descendants() {
  BecomeSubreaper();
  auto table = ProcessTable();
  std::set<int> mine = {static_cast<int>(getpid())};
  bool grew = true;
  while (grew) {
    grew = false;
    for (const auto& [pid, info] : table)
      if (!mine.count(pid) && mine.count(info.ppid)) grew = mine.insert(pid).second || grew;
  }
  std::vector<std::string> out;
  for (int pid : mine) {
    if (pid == getpid()) continue;
    out.push_back(std::to_string(pid) + " " + table[pid].comm + " " + table[pid].state);
  }
  return out;
}

std::vector<std::string> LeftoverProcesses(int timeout_s) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  std::vector<std::string> left;
  while (true) {
    ReapOrphans();
    left = Descendants();
    if (left.empty() || std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (const auto& p : left) kill(std::stoi(p), SIGKILL);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ReapOrphans();
  return left;
}

int OpenFds() {
  int n = 0;
  std::error_code ec;
  for (auto it = fs::directory_iterator("/proc/self/fd", ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    ++n;
  return n - 1;  // the iterator's own descriptor
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

int ClosedLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace ab::faults
