#include "mcp/http_stream.h"

#include <httplib.h>

#include <chrono>
#include <thread>

#include "base/redact.h"
#include "base/strings.h"

namespace ab::mcp {

std::string HttpHead::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

HttpStream::~HttpStream() { Stop(); }

Result<HttpHead> HttpStream::Run(const HttpCall& call, const std::function<bool(const HttpHead&)>& on_head,
                                 const std::function<bool(std::string_view)>& on_body) {
  if (stopped_.load()) return Error(ErrorCode::kCancelled, "request stopped");
  httplib::Client client(call.url.Origin());
  client.set_connection_timeout(std::chrono::duration_cast<std::chrono::microseconds>(call.connect_timeout));
  client.set_read_timeout(std::chrono::duration_cast<std::chrono::microseconds>(call.read_timeout));
  client.set_write_timeout(std::chrono::seconds(30));
  client.enable_server_certificate_verification(!call.insecure);

  httplib::Request request;
  request.method = call.method;
  request.path = call.url.target;
  for (const auto& [name, value] : call.headers) request.headers.emplace(name, value);
  request.body = call.body;
  if (!call.body.empty() && !request.has_header("Content-Type")) {
    request.headers.emplace("Content-Type", "application/json");
  }
  HttpHead head;
  request.response_handler = [&](const httplib::Response& response) {
    head.status = response.status;
    for (const auto& [name, value] : response.headers) head.headers[ToLower(name)] = value;
    if (stopped_.load()) return false;
    return on_head ? on_head(head) : true;
  };
  request.content_receiver = [&](const char* data, size_t length, uint64_t, uint64_t) {
    if (stopped_.load()) return false;
    return on_body ? on_body(std::string_view(data, length)) : true;
  };
  {
    std::lock_guard<std::mutex> lock(mu_);
    client_ = &client;
    running_.store(true);
  }
  httplib::Response response;
  httplib::Error error = httplib::Error::Success;
  bool ok = client.send(request, response, error);
  {
    std::lock_guard<std::mutex> lock(mu_);
    client_ = nullptr;
    running_.store(false);
  }
  if (stopped_.load()) return Error(ErrorCode::kCancelled, "request stopped");
  // A handler returning false is a deliberate early stop, not a failure: the head is what the caller needs.
  if (!ok && error == httplib::Error::Canceled && head.status != 0) return head;
  if (!ok) {
    Error failure(ErrorCode::kNetwork, Redact(call.method + " " + call.url.Origin() + call.url.target + ": " +
                                              httplib::to_string(error)));
    if (error == httplib::Error::SSLServerVerification) {
      failure.code = ErrorCode::kUnavailable;
      failure.message += " (the server's TLS certificate is not trusted; for a server you trust with a self-signed "
                         "certificate, set insecure: true on it)";
    }
    return failure;
  }
  return head;
}

void HttpStream::Stop() {
  stopped_.store(true);
  // httplib's stop() only shuts the socket down when a request is in flight; a request that is still connecting
  // misses it, so repeat until Run() has returned (it checks stopped_ in its handlers too).
  for (int i = 0; i < 100; ++i) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!running_.load()) return;
      if (client_ != nullptr) client_->stop();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

Error HttpStatusError(const std::string& what, int status, const std::string& body) {
  ErrorCode code = ErrorCode::kHttp;
  if (status == 401 || status == 403) code = ErrorCode::kAuth;
  if (status >= 500) code = ErrorCode::kServer;
  std::string message = what + ": HTTP " + std::to_string(status);
  std::string_view text = Trim(body);
  if (!text.empty()) message += ": " + Truncate(text, 300);
  Error error(code, Redact(message));
  error.http_status = status;
  return error;
}

Result<HttpReply> HttpFetch(const HttpCall& call, size_t max_body) {
  HttpStream stream;
  HttpReply reply;
  auto head = stream.Run(call, nullptr, [&](std::string_view piece) {
    if (reply.body.size() + piece.size() > max_body) return false;
    reply.body.append(piece);
    return true;
  });
  if (!head) return head.error();
  reply.head = *head;
  return reply;
}

}  // namespace ab::mcp
