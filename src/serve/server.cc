#include "serve/server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <ostream>

#include "base/redact.h"
#include "base/strings.h"
#include "serve/access.h"
#include "serve/api.h"
#include "serve/http_util.h"
#include "serve/serve_db.h"
#include "store/store.h"

namespace ab::serve {
namespace {

bool IsWildcard(const std::string& host) { return host == "0.0.0.0" || host == "::" || host == "[::]"; }

/// SO_REUSEADDR only (a restart may bind while old connections linger in TIME_WAIT). Not SO_REUSEPORT, which
/// httplib sets by default: with it a second server binds the same port and the kernel splits connections
/// between the two.
void ListenSocketOptions(int sock) {
  int yes = 1;
  setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

}  // namespace

Server::Server() = default;
Server::~Server() { Stop(); }

std::string Server::url() const {
  std::string host = IsWildcard(options_.host) ? "127.0.0.1" : options_.host;
  if (host.find(':') != std::string::npos && host[0] != '[') host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(port_);
}

Status Server::Start(ServeOptions options) {
  if (http_) return Error(ErrorCode::kInvalidArgument, "the server is already started");
  options_ = std::move(options);
  token_generated_ = options_.token.empty();
  if (token_generated_) {
    Result<std::string> token = GenerateToken();
    if (!token) return token.error();
    options_.token = *token;
  }
  RegisterSecret(options_.token);
  {
    std::error_code ec;
    std::string given = options_.base_dir.empty() ? std::filesystem::current_path(ec).string() : options_.base_dir;
    std::filesystem::path real = std::filesystem::canonical(given, ec);
    if (ec || !std::filesystem::is_directory(real, ec))
      return Error(ErrorCode::kInvalidArgument, "the base directory " + given + " (--base-dir) is not a directory");
    options_.base_dir = real.string();
  }
  if (options_.max_streams < 1 || options_.max_streams_per_client < 1)
    return Error(ErrorCode::kInvalidArgument, "the event stream limits must be at least 1");
  if (!options_.opener) {
    std::string location = options_.store_path;
    options_.opener = [location] { return store::OpenStore(location); };
  }
  // Open once now: a history that cannot be opened (or is newer than this build) fails here, not per request.
  if (Result<std::unique_ptr<store::Store>> probe = options_.opener(); !probe) return probe.error();
  Result<std::shared_ptr<ServeDb>> db =
      ServeDb::Open(options_.store_path.empty() ? store::DefaultStorePath() : options_.store_path);
  if (!db) return db.error();
  api_ = std::make_unique<Api>(options_.opener, MakeDbFixtureStore(*db), MakeDbJobLog(*db), options_.base_dir,
                               StreamLimits{options_.max_streams_per_client, options_.max_streams});
  api_->store_location = options_.store_path.empty() ? store::DefaultStorePath() : options_.store_path;

  http_ = std::make_unique<httplib::Server>();
  // Event streams hold a thread each for as long as a page watches a job; at most max_streams do, and the
  // threads beyond them keep the API and the UI answering.
  const size_t threads = static_cast<size_t>(options_.max_streams) + 16;
  http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http_->set_socket_options(ListenSocketOptions);

  errno = 0;
  port_ = options_.port == 0 ? http_->bind_to_any_port(options_.host)
                             : (http_->bind_to_port(options_.host, options_.port) ? options_.port : -1);
  if (port_ <= 0) {
    int bind_errno = errno;
    http_.reset();
    api_.reset();
    std::string where = options_.host + ":" + std::to_string(options_.port);
    if (bind_errno == EADDRINUSE)
      return Error(ErrorCode::kInvalidArgument,
                   "cannot listen on " + where + ": port " + std::to_string(options_.port) +
                       " is already in use (another agent-bench serve?); choose another with --port, or --port 0 "
                       "for any free one");
    return Error(ErrorCode::kUnavailable, "cannot listen on " + where + ": " +
                                              (bind_errno ? std::strerror(bind_errno) : "the address cannot be bound"));
  }
  // The policy needs the bound port (allowed Host and Origin values name it).
  auto policy = std::make_shared<AccessPolicy>(options_.token, options_.host, port_);
  http_->set_pre_routing_handler([policy](const httplib::Request& req, httplib::Response& res) {
    return policy->Screen(req, res) ? httplib::Server::HandlerResponse::Handled
                                    : httplib::Server::HandlerResponse::Unhandled;
  });
  InstallInfoRoute(*http_, *api_);
  InstallViewerRoutes(*http_, *api_);
  InstallHistoryRoutes(*http_, *api_);
  InstallJobRoutes(*http_, *api_);
  InstallFixtureRoutes(*http_, *api_);
  InstallAssetRoutes(*http_);
  http_->Get(R"(/api/.*)", [](const httplib::Request& req, httplib::Response& res) {
    ReplyError(res, 404, "no API route " + req.path + " (see docs/openapi.yaml)");
  });
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
  out << "agent-bench: serving " << store::RedactStoreLocation(options.store_path) << " at " << server.url()
      << "/ (jobs may use files under " << server.base_dir() << "); Ctrl-C stops" << std::endl;
  if (IsWildcard(options.host))
    out << "agent-bench: note: only requests addressed to 127.0.0.1, localhost or [::1] are answered (DNS "
           "rebinding); to serve other machines, bind the address or name they use (--host 192.168.1.5)"
        << std::endl;
  // The one place the token is shown: written straight to |out|, as Redact() would hide it.
  if (server.token_generated())
    out << "agent-bench: open " << server.url() << "/?token=" << server.token()
        << " (the token signs the browser in; API clients send Authorization: Bearer <token>)" << std::endl;
  else
    out << "agent-bench: open " << server.url()
        << "/?token=<your token> once, or send Authorization: Bearer <your token>" << std::endl;
  while (!stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server.Stop();
  return 0;
}

}  // namespace ab::serve
