// Spans over OTLP/HTTP with the JSON encoding (opentelemetry-proto's ExportTraceServiceRequest): what a bench
// sends to an OpenTelemetry collector (Jaeger, Tempo, Honeycomb ...). Only the parts agent-bench uses: one
// resource, one instrumentation scope, spans with string/int/double attributes and an error status.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/json.h"
#include "base/result.h"
#include "llm/http_client.h"

namespace ab::bench::otlp {

struct Attribute {
  std::string key;
  std::variant<std::string, int64_t, double> value;
};

struct Span {
  std::string trace_id;        ///< 32 lower-case hex digits (16 bytes)
  std::string span_id;         ///< 16 lower-case hex digits (8 bytes)
  std::string parent_span_id;  ///< empty for a root span
  std::string name;
  int64_t start_ns = 0;  ///< Unix epoch nanoseconds
  int64_t end_ns = 0;
  std::vector<Attribute> attributes;
  bool error = false;          ///< status ERROR (else UNSET)
  std::string status_message;  ///< with |error|
};

/// The ExportTraceServiceRequest JSON: resourceSpans[{resource{service.name}, scopeSpans[{scope, spans}]}], with
/// nanosecond times as strings and ints as strings (the protobuf JSON mapping of int64/fixed64).
Json ToOtlpJson(const std::vector<Span>& spans, std::string_view service_name, std::string_view version);

/// OTEL_EXPORTER_OTLP_HEADERS ("key1=value1,key2=value2", values percent-decoded). kInvalidArgument for an entry
/// without '=' (the message names the key, never a value).
Result<llm::HttpHeaders> ParseHeaders(std::string_view text);

/// {endpoint}/v1/traces (a trailing '/' of the endpoint is dropped).
std::string TracesUrl(std::string_view endpoint);

struct ExportOptions {
  std::string endpoint;      ///< the collector's base URL, e.g. http://localhost:4318
  llm::HttpHeaders headers;  ///< sent as is; secrets: never logged
  std::chrono::milliseconds timeout{10'000};
};

/// POSTs |spans| as one request. A transport failure or a non-2xx answer is an error whose message holds the
/// URL and the status, never a header value.
[[nodiscard]] Status Export(llm::HttpClient& http, const ExportOptions& options, const std::vector<Span>& spans,
                            std::string_view service_version);

}  // namespace ab::bench::otlp
