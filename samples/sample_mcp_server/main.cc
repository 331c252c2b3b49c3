// sample-mcp-server: a small MCP server for agent-bench's own tests and demo suites. Speaks stdio by default, or
// Streamable HTTP (JSON replies) with --http PORT. See sample_server.h for the tools and the fault flags.
#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <mutex>
#include <string>

#include "sample_server.h"

namespace {

constexpr const char* kUsage =
    "usage: sample-mcp-server [--page-size N] [--fail-after N] [--garbage] [--hang-on-init]\n"
    "                         [--protocol-version V] [--http PORT]\n"
    "  --page-size N         tools/list pages of N tools (nextCursor)\n"
    "  --fail-after N        exit with code 3 when the N-th tools/call arrives\n"
    "  --garbage             write a non-JSON line to stdout before every message\n"
    "  --hang-on-init        never answer initialize\n"
    "  --protocol-version V  answer initialize with version V\n"
    "  --http PORT           serve Streamable HTTP on 127.0.0.1:PORT/mcp (JSON replies) instead of stdio\n";

int ServeStdio(const ab::sample::SampleOptions& options) {
  std::mutex out_mu;
  ab::sample::SampleServer server(options, [&](const std::string& line) {
    std::lock_guard<std::mutex> lock(out_mu);
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  });
  std::fprintf(stderr, "sample-mcp-server: serving on stdio\n");
  std::string line;
  while (std::getline(std::cin, line)) {
    ab::Json message = ab::Json::parse(line, nullptr, false);
    if (message.is_discarded()) {
      std::fprintf(stderr, "sample-mcp-server: ignoring a non-JSON line\n");
      continue;
    }
    server.Handle(message);
  }
  server.Drain();
  return 0;
}

// Streamable HTTP in its simplest legal form: every request answered with one application/json object,
// notifications with 202, sessions by Mcp-Session-Id (unknown id -> 404, as the spec says).
int ServeHttp(const ab::sample::SampleOptions& options, int port) {
  std::mutex mu;
  std::map<std::string, std::unique_ptr<ab::sample::SampleServer>> sessions;
  std::map<std::string, std::map<std::string, std::string>> answers;  // session -> id -> answer line
  std::condition_variable cv;
  int next_session = 1;
  httplib::Server http;
  http.Post("/mcp", [&](const httplib::Request& req, httplib::Response& res) {
    ab::Json message = ab::Json::parse(req.body, nullptr, false);
    if (message.is_discarded() || !message.is_object()) {
      res.status = 400;
      return;
    }
    std::string session = req.get_header_value("Mcp-Session-Id");
    std::unique_lock<std::mutex> lock(mu);
    if (message.value("method", "") == "initialize") {
      session = "sample-session-" + std::to_string(next_session++);
      sessions[session] = std::make_unique<ab::sample::SampleServer>(options, [&, session](const std::string& line) {
        ab::Json out = ab::Json::parse(line, nullptr, false);
        if (out.is_discarded() || !out.contains("id") || out.contains("method")) return;  // notifications dropped
        std::lock_guard<std::mutex> guard(mu);
        answers[session][out["id"].dump()] = line;
        cv.notify_all();
      });
    } else if (!sessions.count(session)) {
      res.status = 404;
      res.set_content(R"({"jsonrpc":"2.0","error":{"code":-32001,"message":"Session not found"},"id":null})",
                      "application/json");
      return;
    }
    ab::sample::SampleServer* server = sessions[session].get();
    const bool is_request = message.contains("id") && message.contains("method");
    lock.unlock();
    server->Handle(message);
    res.set_header("Mcp-Session-Id", session);
    if (!is_request) {
      res.status = 202;
      return;
    }
    const std::string key = message["id"].dump();
    lock.lock();
    if (!cv.wait_for(lock, std::chrono::minutes(10), [&] { return answers[session].count(key) > 0; })) {
      res.status = 504;
      return;
    }
    res.set_content(answers[session][key], "application/json");
    answers[session].erase(key);
  });
  http.Get("/mcp", [](const httplib::Request&, httplib::Response& res) { res.status = 405; });
  http.Delete("/mcp", [&](const httplib::Request& req, httplib::Response& res) {
    std::unique_ptr<ab::sample::SampleServer> gone;
    {
      std::lock_guard<std::mutex> lock(mu);
      auto it = sessions.find(req.get_header_value("Mcp-Session-Id"));
      if (it == sessions.end()) {
        res.status = 404;
        return;
      }
      gone = std::move(it->second);
      sessions.erase(it);
    }
    res.status = 200;
  });
  std::fprintf(stderr, "sample-mcp-server: serving Streamable HTTP on http://127.0.0.1:%d/mcp\n", port);
  return http.listen("127.0.0.1", port) ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  ab::sample::SampleOptions options;
  int http_port = 0;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "sample-mcp-server: %s needs a value\n%s", flag.c_str(), kUsage);
        std::exit(2);
      }
      return argv[++i];
    };
    if (flag == "--page-size") options.page_size = std::atoi(next());
    else if (flag == "--fail-after") options.fail_after = std::atoi(next());
    else if (flag == "--garbage") options.garbage = true;
    else if (flag == "--hang-on-init") options.hang_on_init = true;
    else if (flag == "--protocol-version") options.protocol_version = next();
    else if (flag == "--http") http_port = std::atoi(next());
    else if (flag == "--help" || flag == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else {
      std::fprintf(stderr, "sample-mcp-server: unknown flag '%s'\n%s", flag.c_str(), kUsage);
      return 2;
    }
  }
  return http_port > 0 ? ServeHttp(options, http_port) : ServeStdio(options);
}
