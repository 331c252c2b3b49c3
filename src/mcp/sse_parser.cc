#include "mcp/sse_parser.h"

#include <cctype>

namespace ab::mcp {

void SseParser::Fail(std::string what) {
  error_ = std::move(what);
  line_.clear();
  line_.shrink_to_fit();
  data_.clear();
  data_.shrink_to_fit();
}

void SseParser::Feed(std::string_view bytes) {
  for (char c : bytes) {
    if (!error_.empty()) return;
    if (!bom_checked_) {
      // The UTF-8 BOM may only appear as the very first bytes of the stream.
      line_.push_back(c);
      if (line_.size() < 3 && std::string_view("\xEF\xBB\xBF").substr(0, line_.size()) == line_) continue;
      bom_checked_ = true;
      std::string pending;
      pending.swap(line_);
      if (pending == "\xEF\xBB\xBF") continue;
      Feed(pending);
      continue;
    }
    if (skip_lf_) {
      skip_lf_ = false;
      if (c == '\n') continue;
    }
    if (c == '\r' || c == '\n') {
      skip_lf_ = (c == '\r');
      ProcessLine(line_);
      line_.clear();
    } else {
      if (line_.size() >= limits_.max_line_bytes) {
        Fail("an event-stream line exceeded the " + net::FormatBytes(limits_.max_line_bytes) +
             " limit (max_sse_line_bytes)");
        return;
      }
      line_.push_back(c);
    }
  }
}

void SseParser::ProcessLine(std::string_view line) {
  if (line.empty()) {
    Dispatch();
    return;
  }
  if (line.front() == ':') return;  // a comment (keep-alive)
  std::string_view field = line;
  std::string_view value;
  if (size_t colon = line.find(':'); colon != std::string_view::npos) {
    field = line.substr(0, colon);
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (field == "data") {
    if (data_.size() + value.size() + 1 > limits_.max_event_bytes) {
      Fail("an event-stream event exceeded the " + net::FormatBytes(limits_.max_event_bytes) +
           " limit (max_sse_event_bytes)");
      return;
    }
    if (has_data_) data_.push_back('\n');
    data_.append(value);
    has_data_ = true;
  } else if (field == "event") {
    event_type_ = std::string(value);
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) {
      last_event_id_ = std::string(value);
      has_id_ = true;
    }
  } else if (field == "retry") {
    bool digits = !value.empty();
    for (char d : value) digits = digits && std::isdigit(static_cast<unsigned char>(d));
    if (digits && value.size() < 10) retry_ms_ = std::stol(std::string(value));
  }
}

void SseParser::Dispatch() {
  if (has_data_ || has_id_) {
    SseEvent event;
    if (!event_type_.empty()) event.event = event_type_;
    event.data = data_;
    event.id = has_id_ ? last_event_id_ : std::string();
    on_event_(event);
  }
  event_type_.clear();
  data_.clear();
  has_data_ = false;
  has_id_ = false;
}

}  // namespace ab::mcp
