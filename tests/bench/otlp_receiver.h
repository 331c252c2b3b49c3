// A local OTLP/HTTP receiver for tests: an httplib server on 127.0.0.1 (any free port) that keeps every request
// to /v1/traces (path, headers, parsed JSON body) and answers |status|.
#pragma once

#include <httplib.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/json.h"

namespace ab::testing {

class OtlpReceiver {
 public:
  struct Request {
    std::string path;
    std::string content_type;
    std::multimap<std::string, std::string> headers;
    Json body;  ///< discarded when not JSON
  };

  explicit OtlpReceiver(int status = 200) : status_(status) {
    server_.Post("/v1/traces", [this](const httplib::Request& req, httplib::Response& res) {
      Request r;
      r.path = req.path;
      r.content_type = req.get_header_value("Content-Type");
      for (const auto& [k, v] : req.headers) r.headers.emplace(k, v);
      r.body = Json::parse(req.body, nullptr, /*allow_exceptions=*/false);
      {
        std::lock_guard<std::mutex> lock(mu_);
        requests_.push_back(std::move(r));
      }
      res.status = status_;
      res.set_content("{}", "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // Requests are queued by the kernel once bound; waiting for the loop just keeps stop() from racing it.
    for (int i = 0; i < 1000 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~OtlpReceiver() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  OtlpReceiver(const OtlpReceiver&) = delete;
  OtlpReceiver& operator=(const OtlpReceiver&) = delete;

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<Request> requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

  /// Every span of every request, flattened.
  std::vector<Json> Spans() const {
    std::vector<Json> out;
    for (const Request& r : requests()) {
      if (!r.body.is_object()) continue;
      for (const Json& rs : r.body.value("resourceSpans", Json::array()))
        for (const Json& ss : rs.value("scopeSpans", Json::array()))
          for (const Json& s : ss.value("spans", Json::array())) out.push_back(s);
    }
    return out;
  }

  /// The value object of attribute |key| of |span| (null when absent).
  static Json Attr(const Json& span, const std::string& key) {
    for (const Json& a : span.value("attributes", Json::array()))
      if (a.value("key", "") == key) return a["value"];
    return nullptr;
  }

 private:
  httplib::Server server_;
  int status_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::vector<Request> requests_;
};

}  // namespace ab::testing
