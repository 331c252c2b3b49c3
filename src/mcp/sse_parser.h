// An incremental parser for text/event-stream (the WHATWG "server-sent events" format), fed with de-chunked body
// bytes in arbitrary pieces. Used by both HTTP transports. Not thread-safe; one parser per stream. A line or an
// event longer than its cap stops the parser for good (a peer could otherwise grow one line to gigabytes); the
// transport reads error() and closes the stream.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "net/limits.h"

namespace ab::mcp {

struct SseEvent {
  std::string event = "message";  ///< the `event:` field, "message" when absent
  std::string data;               ///< `data:` lines joined with "\n"; empty for priming events
  std::string id;                 ///< the `id:` field of this event ("" when absent)
};

/// Caps no honest server reaches; a message of an MCP server is one `data:` line.
struct SseLimits {
  size_t max_line_bytes = 16 * net::kMiB;   ///< one line, field name included
  size_t max_event_bytes = 32 * net::kMiB;  ///< the data of one event, all its lines joined
};

class SseParser {
 public:
  /// |on_event| runs for every complete event, including ones with empty data (priming events) when they carry
  /// an id; events with neither data nor id (e.g. only comments) are not reported.
  explicit SseParser(std::function<void(const SseEvent&)> on_event, SseLimits limits = {})
      : on_event_(std::move(on_event)), limits_(limits) {}

  /// Feeds the next bytes. Handles LF, CRLF and CR line ends, a leading BOM, comments and split lines. After a
  /// cap was passed it ignores everything.
  void Feed(std::string_view bytes);
  /// Why the parser stopped ("an event-stream line exceeded the 16 MiB limit (max_sse_line_bytes)"), or "" while
  /// it is fine.
  const std::string& error() const { return error_; }
  /// The last event id seen on this stream (kept across events, for Last-Event-ID).
  const std::string& last_event_id() const { return last_event_id_; }
  /// The last `retry:` value in milliseconds, if any.
  std::optional<long> retry_ms() const { return retry_ms_; }

 private:
  void ProcessLine(std::string_view line);
  void Dispatch();

  void Fail(std::string what);

  std::function<void(const SseEvent&)> on_event_;
  SseLimits limits_;
  std::string error_;
  std::string line_;
  bool skip_lf_ = false;  // the previous byte was CR: a following LF belongs to the same line end
  bool bom_checked_ = false;
  std::string event_type_;
  std::string data_;
  bool has_data_ = false;
  bool has_id_ = false;
  std::string last_event_id_;
  std::optional<long> retry_ms_;
};

}  // namespace ab::mcp
