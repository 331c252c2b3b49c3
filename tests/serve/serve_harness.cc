#include "serve_harness.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "process.h"

namespace ab::e2e {
namespace {

int NextOutputNumber() {
  static int n = 0;
  return ++n;
}

/// The digits after "at http://127.0.0.1:" when a '/' follows them, or 0.
int PortIn(const std::string& text) {
  const std::string marker = "at http://127.0.0.1:";
  for (size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) {
    size_t from = at + marker.size(), end = from;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
    if (end > from && end < text.size() && text[end] == '/') return std::stoi(text.substr(from, end - from));
  }
  return 0;
}

}  // namespace

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

void WriteWeatherTest(const std::string& dir, const WeatherTest& test) {
  WriteText(dir + "/script.yaml",
            "rules:\n"
            "  - match: \"weather\"\n"
            "    replies:\n"
            "      - tool_calls: [{name: get_weather, arguments: {city: Paris}}]\n"
            "      - text: \"" +
                test.answer + "\"\n");
  WriteText(dir + "/tests.yaml",
            "providers:\n"
            "  - {name: mock, type: MOCK, mock_script: script.yaml" +
                (test.key_in_provider ? ", token: " + test.key : std::string()) +
                "}\n"
                "servers:\n"
                "  - {name: sample, type: stdio, command: \"" +
                kSampleServer +
                "\"}\n"
                "agents:\n"
                "  - {name: assistant, provider: mock, servers: [{name: sample}]}\n"
                "sessions:\n"
                "  - name: Weather\n"
                "    tests:\n"
                "      - name: Reports the weather\n"
                "        prompt: \"What is the weather in Paris? My key is " +
                test.key +
                "\"\n"
                "        assertions:\n"
                "          - {type: tool_called, tool: get_weather}\n"
                "          - {type: output_contains, value: " +
                test.expected + "}\n");
}

httplib::Client ClientFor(int port, std::chrono::seconds read_timeout) {
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(read_timeout);
  return c;
}

int StatusOf(httplib::Client& client, const std::string& path, const httplib::Headers& headers) {
  auto res = client.Get(path.c_str(), headers);
  return res ? res->status : -1;
}

Json GetJson(httplib::Client& client, const std::string& path) {
  auto res = client.Get(path.c_str());
  REQUIRE_MESSAGE(res, "GET " << path << ": no answer");
  REQUIRE_MESSAGE(res->status == 200, "GET " << path << ": " << res->status << " " << res->body);
  return Json::parse(res->body, nullptr, false);
}

ServeProcess::ServeProcess(const std::string& dir, const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env)
    : out_path_(dir + "/serve-" + std::to_string(NextOutputNumber()) + ".out"), err_path_(out_path_ + ".err") {
  std::vector<std::string> argv = {kBin, "serve"};
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

ServeProcess::~ServeProcess() { Stop(); }

std::string ServeProcess::Out() const { return ReadFile(out_path_); }
std::string ServeProcess::Err() const { return ReadFile(err_path_); }

int ServeProcess::Port() {
  for (int i = 0; i < 600 && port_ == 0; ++i) {
    port_ = PortIn(Out());
    if (port_ != 0 || Exited()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE_MESSAGE(port_ > 0, Err());
  return port_;
}

std::string ServeProcess::PrintedToken() const {
  const std::string text = Out(), marker = "/?token=";
  for (size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) {
    const std::string token = text.substr(at + marker.size(), 64);
    if (token.size() == 64 && token.find_first_not_of("0123456789abcdef") == std::string::npos) return token;
  }
  return "";
}

httplib::Client ServeProcess::Client() { return ClientFor(Port()); }

httplib::Client ServeProcess::SignedInClient() {
  httplib::Client c = ClientFor(Port(), std::chrono::seconds(60));
  c.set_bearer_token_auth(PrintedToken());
  return c;
}

void ServeProcess::Stop() {
  if (pid_ <= 0 || Exited()) return;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

bool ServeProcess::Exited() {
  if (pid_ <= 0) return true;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return false;
  pid_ = -1;
  return true;
}

}  // namespace ab::e2e
