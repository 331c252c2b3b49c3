#include "bench/otlp.h"

#include <algorithm>

#include "base/redact.h"
#include "base/strings.h"

namespace ab::bench::otlp {

namespace {

Json AttributeJson(const Attribute& a) {
  Json value;
  if (const auto* s = std::get_if<std::string>(&a.value)) {
    value["stringValue"] = *s;
  } else if (const auto* n = std::get_if<int64_t>(&a.value)) {
    value["intValue"] = std::to_string(*n);
  } else {
    value["doubleValue"] = std::get<double>(a.value);
  }
  return Json{{"key", a.key}, {"value", std::move(value)}};
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

Json ToOtlpJson(const std::vector<Span>& spans, std::string_view service_name, std::string_view version) {
  Json out_spans = Json::array();
  for (const Span& s : spans) {
    Json j = {{"traceId", s.trace_id},
              {"spanId", s.span_id},
              {"name", s.name},
              {"kind", 1},  // SPAN_KIND_INTERNAL
              {"startTimeUnixNano", std::to_string(s.start_ns)},
              {"endTimeUnixNano", std::to_string(std::max(s.end_ns, s.start_ns))}};
    if (!s.parent_span_id.empty()) j["parentSpanId"] = s.parent_span_id;
    Json attributes = Json::array();
    for (const Attribute& a : s.attributes) attributes.push_back(AttributeJson(a));
    j["attributes"] = std::move(attributes);
    if (s.error) j["status"] = {{"code", 2}, {"message", s.status_message}};  // STATUS_CODE_ERROR
    out_spans.push_back(std::move(j));
  }
  Json resource = Json::object();
  resource["attributes"] = Json::array({AttributeJson({"service.name", std::string(service_name)}),
                                        AttributeJson({"service.version", std::string(version)})});
  Json scope_spans = Json::object();
  scope_spans["scope"] = Json{{"name", "agent-bench"}, {"version", std::string(version)}};
  scope_spans["spans"] = std::move(out_spans);
  Json resource_spans = Json::object();
  resource_spans["resource"] = std::move(resource);
  resource_spans["scopeSpans"] = Json::array({std::move(scope_spans)});
  Json request = Json::object();
  request["resourceSpans"] = Json::array({std::move(resource_spans)});
  return request;
}

Result<llm::HttpHeaders> ParseHeaders(std::string_view text) {
  llm::HttpHeaders out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t comma = text.find(',', pos);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view entry = text.substr(pos, comma - pos);
    pos = comma + 1;
    if (Trim(entry).empty()) continue;
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos) {  // the entry is not echoed: it may well be a pasted token
      return Error(ErrorCode::kInvalidArgument, "OTEL_EXPORTER_OTLP_HEADERS: entry " + std::to_string(out.size() + 1) +
                                                    " has no '=' (expected key1=value1,key2=value2)");
    }
    std::string key = PercentDecode(Trim(entry.substr(0, eq)));
    std::string value = PercentDecode(Trim(entry.substr(eq + 1)));
    if (key.empty()) return Error(ErrorCode::kInvalidArgument, "OTEL_EXPORTER_OTLP_HEADERS: an entry has no key");
    RegisterSecret(value);  // header values are credentials more often than not
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

std::string TracesUrl(std::string_view endpoint) {
  std::string base(endpoint);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/v1/traces";
}

Status Export(llm::HttpClient& http, const ExportOptions& options, const std::vector<Span>& spans,
              std::string_view service_version) {
  llm::HttpRequest request;
  request.method = "POST";
  request.url = TracesUrl(options.endpoint);
  request.headers = options.headers;
  request.headers.emplace_back("Content-Type", "application/json");
  request.body = ToOtlpJson(spans, "agent-bench", service_version).dump(-1, ' ', false, Json::error_handler_t::replace);
  request.body = Redact(request.body);  // span attributes quote test errors, which may quote a secret
  request.timeout = options.timeout;
  Result<llm::HttpResponse> response = http.Send(request);
  if (!response) {
    return Error(response.error().code,
                 "cannot send spans to " + request.url + ": " + Redact(response.error().message));
  }
  if (response->status < 200 || response->status >= 300) {
    return Error(ErrorCode::kHttp,
                 "the OTLP endpoint " + request.url + " answered HTTP " + std::to_string(response->status));
  }
  return Status::Ok();
}

}  // namespace ab::bench::otlp
