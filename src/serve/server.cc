#include "serve/server.h"

#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <ostream>

#include "base/redact.h"
#include "base/strings.h"
#include "serve/api.h"
#include "serve/http_util.h"
#include "serve/serve_db.h"
#include "store/store.h"

namespace ab::serve {
namespace {

/// Constant-time comparison, so the time a wrong token takes says nothing about the right one.
bool SameSecret(std::string_view given, std::string_view expected) {
  if (expected.empty()) return false;
  unsigned diff = given.size() == expected.size() ? 0 : 1;
  for (size_t i = 0; i < expected.size(); ++i) {
    unsigned char g = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
    diff |= g ^ static_cast<unsigned char>(expected[i]);
  }
  return diff == 0;
}

/// The host part of a Host header ("127.0.0.1:8080" → "127.0.0.1", "[::1]:80" → "::1").
std::string HostOf(const std::string& header) {
  if (!header.empty() && header[0] == '[') {
    size_t end = header.find(']');
    return end == std::string::npos ? header : header.substr(1, end - 1);
  }
  return header.substr(0, header.find(':'));
}

}  // namespace

bool IsLoopbackHost(std::string_view host) {
  return host == "localhost" || host == "::1" || StartsWith(host, "127.");
}

Server::Server() = default;
Server::~Server() { Stop(); }

std::string Server::url() const {
  std::string host = options_.host.find(':') != std::string::npos ? "[" + options_.host + "]" : options_.host;
  return "http://" + host + ":" + std::to_string(port_);
}

Status Server::Start(ServeOptions options) {
  if (http_) return Error(ErrorCode::kInvalidArgument, "the server is already started");
  options_ = std::move(options);
  bool loopback = IsLoopbackHost(options_.host);
  if (!loopback && options_.token.empty())
    return Error(ErrorCode::kInvalidArgument, "serving on " + options_.host +
                                                  " (not a loopback address) needs a bearer token: give --token or "
                                                  "set AB_SERVE_TOKEN");
  if (!options_.token.empty()) RegisterSecret(options_.token);
  if (!options_.opener) {
    std::string location = options_.store_path;
    options_.opener = [location] { return store::OpenStore(location); };
  }
  // Open once now: a history that cannot be opened (or is newer than this build) fails here, not per request.
  if (Result<std::unique_ptr<store::Store>> probe = options_.opener(); !probe) return probe.error();
  Result<std::shared_ptr<ServeDb>> db = ServeDb::Open(
      options_.store_path.empty() ? store::DefaultStorePath() : options_.store_path);
  if (!db) return db.error();
  std::string base = options_.base_dir.empty() ? std::filesystem::current_path().string() : options_.base_dir;
  api_ = std::make_unique<Api>(options_.opener, MakeDbFixtureStore(*db), MakeDbJobLog(*db), base);

  http_ = std::make_unique<httplib::Server>();
  // Event streams hold a thread each for as long as a page watches a job.
  http_->new_task_queue = [] { return new httplib::ThreadPool(32); };
  const std::string token = options_.token;
  http_->set_pre_routing_handler([token, loopback](const httplib::Request& req, httplib::Response& res) {
    // Bound to loopback, only loopback names are accepted in Host: a web page elsewhere cannot reach the API
    // through a DNS name that resolves to 127.0.0.1 (DNS rebinding).
    if (loopback && req.has_header("Host") && !IsLoopbackHost(HostOf(req.get_header_value("Host")))) {
      ReplyError(res, 403, "this server only answers requests addressed to a loopback name (127.0.0.1, localhost)");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!StartsWith(req.path, "/api/")) return httplib::Server::HandlerResponse::Unhandled;
    if (!token.empty()) {
      std::string auth = req.get_header_value("Authorization");
      if (!StartsWith(auth, "Bearer ") || !SameSecret(auth.substr(7), token)) {
        res.set_header("WWW-Authenticate", "Bearer");
        ReplyError(res, 401, "a bearer token is required: Authorization: Bearer <token>");
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    // A JSON content type makes every cross-site write a CORS preflight, which this server never grants.
    // (The body is not read yet here: its headers say whether there is one.)
    bool has_body = req.has_header("Transfer-Encoding") ||
                    (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
    if ((req.method == "POST" || req.method == "PUT") && has_body &&
        !StartsWith(req.get_header_value("Content-Type"), "application/json")) {
      ReplyError(res, 415, "send JSON with Content-Type: application/json", "Content-Type");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  InstallHistoryRoutes(*http_, *api_);
  InstallJobRoutes(*http_, *api_);
  InstallFixtureRoutes(*http_, *api_);
  InstallAssetRoutes(*http_);
  http_->Get(R"(/api/.*)", [](const httplib::Request& req, httplib::Response& res) {
    ReplyError(res, 404, "no API route " + req.path + " (see docs/openapi.yaml)");
  });

  port_ = options_.port == 0 ? http_->bind_to_any_port(options_.host)
                             : (http_->bind_to_port(options_.host, options_.port) ? options_.port : -1);
  if (port_ <= 0) {
    http_.reset();
    api_.reset();
    return Error(ErrorCode::kUnavailable,
                 "cannot listen on " + options_.host + ":" + std::to_string(options_.port) + " (in use?)");
  }
  thread_ = std::thread([this] { http_->listen_after_bind(); });
  while (!http_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return Status::Ok();
}

void Server::Stop() {
  if (api_) {
    api_->stopping = true;
    api_->jobs.WakeAll();
  }
  if (http_) http_->stop();
  if (thread_.joinable()) thread_.join();
  http_.reset();
  api_.reset();
}

int ServeCommand(const ServeOptions& options, std::ostream& out, std::ostream& err, const std::atomic<bool>& stop) {
  Server server;
  if (Status s = server.Start(options); !s) {
    err << "agent-bench serve: " << Redact(s.error().ToString()) << "\n";
    return s.error().code == ErrorCode::kInvalidArgument ? 2 : 3;
  }
  out << "agent-bench: serving " << store::RedactStoreLocation(options.store_path) << " at " << server.url() << "/"
      << (options.token.empty() ? "" : " (the API needs the bearer token)") << "; Ctrl-C stops" << std::endl;
  while (!stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server.Stop();
  return 0;
}

}  // namespace ab::serve
