#include "report/json_reader.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <fstream>
#include <functional>
#include <iterator>

#include "base/json_parse.h"
#include "report/escape.h"
#include "report/json.h"
#include "report/summary_section.h"

namespace ab::report {
namespace {

// Field accessors that never throw: a missing or mistyped field reads as the default, because an older or
// hand-edited report should still regenerate.
std::string Str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
double Num(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}
int64_t Int(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return 0;
  return it->is_number_float() ? static_cast<int64_t>(it->get<double>()) : it->get<int64_t>();
}
int IntI(const Json& j, const char* key) { return static_cast<int>(Int(j, key)); }
bool Bool(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}
const Json& Sub(const Json& j, const char* key) {
  static const Json kNull;
  auto it = j.find(key);
  return it != j.end() ? *it : kNull;
}
std::optional<double> OptNum(const Json& j, const char* key) {
  const Json& v = Sub(j, key);
  if (!v.is_number()) return std::nullopt;
  return v.get<double>();
}
int64_t Time(const Json& j, const char* key) { return ParseRfc3339(Str(j, key)).value_or(0); }
std::vector<std::string> Strings(const Json& j, const char* key) {
  std::vector<std::string> out;
  const Json& v = Sub(j, key);
  if (!v.is_array()) return out;
  for (const auto& s : v) {
    if (s.is_string()) out.push_back(s.get<std::string>());
  }
  return out;
}

ContentBlock BlockFromJson(const Json& j) {
  ContentBlock b;
  b.raw = j;
  b.type = Str(j, "type");
  b.text = Str(j, "text");
  b.data = Str(j, "data");
  b.mime_type = Str(j, "mimeType");
  b.uri = Str(j, "uri");
  b.name = Str(j, "name");
  const Json& res = Sub(j, "resource");
  if (res.is_object()) {
    b.uri = Str(res, "uri");
    b.mime_type = Str(res, "mimeType");
    b.text = Str(res, "text");
    b.data = Str(res, "blob");
  }
  return b;
}

std::optional<ToolCallStatus> ParseToolStatus(const std::string& s) {
  for (auto st : {ToolCallStatus::kOk, ToolCallStatus::kToolError, ToolCallStatus::kRpcError,
                  ToolCallStatus::kTimeout, ToolCallStatus::kTransport, ToolCallStatus::kNotOffered,
                  ToolCallStatus::kBadArguments}) {
    if (s == ToolCallStatusName(st)) return st;
  }
  return std::nullopt;
}

ToolCall ToolCallFromJson(const Json& j) {
  ToolCall c;
  c.id = Str(j, "id");
  c.name = Str(j, "name");
  c.server = Str(j, "server");
  const Json& params = Sub(j, "parameters");
  c.arguments = params.is_null() ? Json::object() : params;
  c.arguments_raw = Str(j, "argumentsRaw");
  c.started_ms = Time(j, "timestamp");
  c.duration_ms = Num(j, "duration_ms");
  c.iteration = IntI(j, "iteration");
  bool is_error = Bool(j, "isError");
  c.status = ParseToolStatus(Str(j, "status")).value_or(is_error ? ToolCallStatus::kToolError : ToolCallStatus::kOk);
  c.error = Str(j, "error");
  const Json& res = Sub(j, "result");
  if (res.is_object()) {
    ToolResult r;
    const Json& content = Sub(res, "content");
    if (content.is_array()) {
      for (const auto& b : content) {
        if (b.is_object()) r.content.push_back(BlockFromJson(b));
      }
    }
    r.structured = Sub(res, "structuredContent");
    r.truncated = Bool(res, "truncated");
    r.is_error = is_error;
    c.result = std::move(r);
  }
  const Json& progress = Sub(j, "progress");
  if (progress.is_object()) {
    auto update = [](const Json& u) {
      return ProgressUpdate{.progress = Num(u, "progress"), .total = OptNum(u, "total"),
                            .message = Str(u, "message"), .at_ms = Time(u, "timestamp")};
    };
    c.progress.count = IntI(progress, "count");
    const Json& updates = Sub(progress, "updates");
    if (updates.is_array())
      for (const auto& u : updates)
        if (u.is_object() && c.progress.updates.size() < ToolProgress::kMaxUpdates)
          c.progress.updates.push_back(update(u));
    if (Sub(progress, "last").is_object()) c.progress.last = update(Sub(progress, "last"));
  }
  return c;
}

Usage UsageFromJson(const Json& j) {
  Usage u;
  u.prompt_tokens = Int(j, "prompt");
  u.completion_tokens = Int(j, "completion");
  u.cached_tokens = Int(j, "cached");
  u.reasoning_tokens = Int(j, "reasoning");
  u.estimated = Bool(j, "estimated");
  u.cost_usd = OptNum(j, "costUsd");
  return u;
}

LlmTurn TurnFromJson(const Json& j) {
  LlmTurn t;
  t.iteration = IntI(j, "iteration");
  t.started_ms = Time(j, "startTime");
  t.latency_ms = Num(j, "latencyMs");
  t.wait_ms = Num(j, "waitMs");
  t.retries = IntI(j, "retries");
  t.rate_limit_hits = IntI(j, "rateLimitHits");
  t.usage = UsageFromJson(Sub(j, "usage"));
  t.stop_reason = Str(j, "stopReason");
  t.text = Str(j, "text");
  t.tool_calls = IntI(j, "toolCalls");
  t.error = Str(j, "error");
  return t;
}

AssertionResult AssertionFromJson(const Json& j) {
  AssertionResult a;
  a.type = Str(j, "type");
  a.passed = Bool(j, "passed");
  a.message = Str(j, "message");
  const Json& details = Sub(j, "details");
  a.details = details.is_null() ? Json::object() : details;
  const Json& children = Sub(j, "children");
  if (children.is_array()) {
    for (const auto& c : children) {
      if (c.is_object()) a.children.push_back(AssertionFromJson(c));
    }
  }
  const Json& loc = Sub(j, "location");
  if (loc.is_object()) {
    a.loc.file = Str(loc, "file");
    a.loc.line = IntI(loc, "line");
    a.loc.col = IntI(loc, "col");
  }
  return a;
}

void TranscriptFromJson(const Json& e, Transcript& t) {
  t.started_ms = Time(e, "startTime");
  t.ended_ms = Time(e, "endTime");
  t.prompt = Str(e, "prompt");
  const Json& messages = Sub(e, "messages");
  if (messages.is_array()) {
    for (const auto& m : messages) {
      t.messages.push_back(TranscriptMessage{.role = Str(m, "role"),
                                             .content = Str(m, "content"),
                                             .timestamp_ms = Time(m, "timestamp"),
                                             .tool_name = Str(m, "toolName")});
    }
  }
  t.first_message_of_test = static_cast<size_t>(Int(e, "firstMessageOfTest"));
  const Json& calls = Sub(e, "toolCalls");
  if (calls.is_array()) {
    for (const auto& c : calls) {
      if (c.is_object()) t.tool_calls.push_back(ToolCallFromJson(c));
    }
  }
  const Json& turns = Sub(e, "llmTurns");
  if (turns.is_array()) {
    for (const auto& turn : turns) {
      if (turn.is_object()) t.turns.push_back(TurnFromJson(turn));
    }
  }
  t.final_output = Str(e, "finalOutput");
  t.final_answer = Bool(e, "finalAnswer");
  const Json& tokens = Sub(e, "tokens");
  if (tokens.is_object()) {
    t.usage = UsageFromJson(tokens);
  } else {
    t.usage.completion_tokens = Int(e, "tokensUsed");  // reference report: only the total is known
  }
  t.usage.cost_usd = OptNum(e, "costUsd");
  t.latency_ms = Num(e, "latencyMs");
  t.llm_ms = Num(e, "llmMs");
  t.tool_ms = Num(e, "toolMs");
  t.wait_ms = Num(e, "waitMs");
  t.iterations = IntI(e, "iterations");
  t.timed_out = Bool(e, "timedOut");
  const Json& details = Sub(e, "errorDetails");
  if (details.is_array()) {
    for (const auto& d : details) {
      t.errors.push_back(TranscriptError{.kind = Str(d, "kind"), .message = Str(d, "message"),
                                         .iteration = IntI(d, "iteration")});
    }
  } else {
    for (const auto& msg : Strings(e, "errors")) t.errors.push_back(TranscriptError{.kind = "", .message = msg, .iteration = 0});
  }
  t.available_tools = Strings(e, "availableTools");
  const Json& changes = Sub(e, "toolListChanges");
  if (changes.is_array()) {
    for (const auto& c : changes) {
      if (!c.is_object()) continue;
      t.tool_list_changes.push_back(ToolListChange{.iteration = IntI(c, "iteration"),
                                                   .at_ms = Time(c, "timestamp"),
                                                   .server = Str(c, "server"),
                                                   .added = Strings(c, "added"),
                                                   .removed = Strings(c, "removed"),
                                                   .notes = Strings(c, "notes"),
                                                   .error = Str(c, "error")});
    }
  }
  const Json& schemas = Sub(e, "toolSchemas");
  t.tool_schemas = schemas.is_object() ? schemas : Json::object();
  const Json& rl = Sub(e, "rateLimitStats");
  t.rate_limits.throttle_count = IntI(rl, "throttleCount");
  t.rate_limits.throttle_wait_ms = Num(rl, "throttleWaitTimeMs");
  t.rate_limits.rate_limit_hits = IntI(rl, "rateLimitHits");
  t.rate_limits.retry_count = IntI(rl, "retryCount");
  t.rate_limits.retry_wait_ms = Num(rl, "retryWaitTimeMs");
  t.rate_limits.retry_success_count = IntI(rl, "retrySuccessCount");
  const Json& cl = Sub(e, "clarificationStats");
  t.clarification_enabled = Bool(cl, "enabled");
  t.clarification.count = IntI(cl, "count");
  const Json& iters = Sub(cl, "iterations");
  if (iters.is_array()) {
    for (const auto& i : iters) {
      if (i.is_number()) t.clarification.iterations.push_back(i.get<int>());
    }
  }
  t.clarification.examples = Strings(cl, "examples");
}

RunStatus StatusFromJson(const Json& j, bool passed) {
  std::string s = Str(j, "status");
  for (auto st : {RunStatus::kPassed, RunStatus::kFailed, RunStatus::kError, RunStatus::kSkipped}) {
    if (s == RunStatusName(st)) return st;
  }
  return passed ? RunStatus::kPassed : RunStatus::kFailed;
}

TestRun TestRunFromJson(const Json& j) {
  TestRun r;
  const Json& e = Sub(j, "execution");
  r.test = Str(e, "testName");
  r.agent = Str(e, "agentName");
  r.provider_type = Str(e, "providerType");
  r.provider_name = Str(e, "providerName");
  r.model = Str(e, "model");
  r.session = Str(e, "sessionName");
  r.file = Str(e, "sourceFile");
  r.suite = Str(e, "suiteName");
  const Json& order = Sub(e, "order");
  r.file_index = IntI(order, "file");
  r.session_index = IntI(order, "session");
  r.test_index = IntI(order, "test");
  r.agent_index = IntI(order, "agent");
  TranscriptFromJson(e, r.transcript);
  const Json& assertions = Sub(j, "assertions");
  if (assertions.is_array()) {
    for (const auto& a : assertions) {
      if (a.is_object()) r.assertions.push_back(AssertionFromJson(a));
    }
  }
  r.passed = Bool(j, "passed");
  r.status = StatusFromJson(j, r.passed);
  return r;
}

bool Digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

std::optional<int64_t> ParseRfc3339(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (!Digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, mo) || s[7] != '-' ||
      !Digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !Digits(s, 11, 2, h) ||
      s[13] != ':' || !Digits(s, 14, 2, mi) || s[16] != ':' || !Digits(s, 17, 2, sec)) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  size_t pos = 19;
  int64_t ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int64_t scale = 100;
    size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  int64_t offset_min = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!Digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !Digits(s, pos + 4, 2, om)) {
      return std::nullopt;
    }
    offset_min = (s[pos] == '+' ? 1 : -1) * (oh * 60 + om);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  int64_t secs = DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset_min * 60;
  return secs * 1000 + ms;
}

namespace {

// The members of a report other than detailed_results. Error when it is not a report of a version we read.
Status HeaderFromJson(const Json& doc, Run& run) {
  int64_t version = Int(doc, "schema_version");
  if (version > kJsonSchemaVersion) {
    return Error(ErrorCode::kUnsupported, "report schema_version " + std::to_string(version) +
                                              " is newer than this build understands (" +
                                              std::to_string(kJsonSchemaVersion) + ")");
  }
  run.tool_version = Str(doc, "agent_benchmark_version");
  run.run_id = Str(doc, "run_id");
  run.started_ms = Time(doc, "startTime");
  run.ended_ms = Time(doc, "endTime");
  run.test_files = Strings(doc, "test_files");
  if (doc.contains("bugFindings")) run.bug_findings = BugFindingsFromJson(doc["bugFindings"]);
  if (run.test_files.empty() && !Str(doc, "test_file").empty()) run.test_files.push_back(Str(doc, "test_file"));
  run.suite_name = Str(doc, "suite_name");
  run.agents = Strings(doc, "agents");
  run.required_success_rate = OptNum(Sub(doc, "criteria"), "success_rate");
  run.incomplete = Bool(doc, "incomplete");
  run.warnings = Strings(doc, "warnings");
  return Status::Ok();
}

void AgentsFromRuns(Run& run) {
  if (!run.agents.empty()) return;
  for (const auto& r : run.runs) {
    if (std::find(run.agents.begin(), run.agents.end(), r.agent) == run.agents.end()) run.agents.push_back(r.agent);
  }
}

// SAX handler for a whole report: every member but detailed_results goes into |header|; each detailed_results
// entry is built as a small tree on its own and handed to |entry|, then dropped.
class ReportSax {
 public:
  using Dom = nlohmann::detail::json_sax_dom_parser<Json>;
  using string_t = Json::string_t;

  ReportSax(Json& header, std::function<void(const Json&)> entry)
      : header_dom_(header, false), on_entry_(std::move(entry)) {}

  bool saw_details() const { return saw_details_; }
  const std::string& error() const { return error_; }

  bool null() { return Scalar([](Dom& d) { return d.null(); }); }
  bool boolean(bool v) { return Scalar([v](Dom& d) { return d.boolean(v); }); }
  bool number_integer(Json::number_integer_t v) { return Scalar([v](Dom& d) { return d.number_integer(v); }); }
  bool number_unsigned(Json::number_unsigned_t v) { return Scalar([v](Dom& d) { return d.number_unsigned(v); }); }
  bool number_float(Json::number_float_t v, const string_t& s) {
    return Scalar([v, &s](Dom& d) { return d.number_float(v, s); });
  }
  bool string(string_t& v) { return Scalar([&v](Dom& d) { return d.string(v); }); }
  bool binary(Json::binary_t& v) { return Scalar([&v](Dom& d) { return d.binary(v); }); }

  bool start_object(std::size_t n) {
    if (!Deeper()) return false;
    if (state_ == kEntry) {
      ++entry_depth_;
      return entry_dom_->start_object(n);
    }
    if (state_ == kDetails) {
      state_ = kEntry;
      entry_ = Json();
      entry_dom_.emplace(entry_, false);
      entry_depth_ = 1;
      return entry_dom_->start_object(n);
    }
    if (details_next_) return Fail("detailed_results is not an array");
    ++depth_;
    return header_dom_.start_object(n);
  }
  bool end_object() {
    --nesting_;
    if (state_ == kEntry) {
      bool ok = entry_dom_->end_object();
      if (--entry_depth_ == 0) {
        on_entry_(entry_);
        entry_dom_.reset();
        entry_ = Json();
        state_ = kDetails;
      }
      return ok;
    }
    --depth_;
    return header_dom_.end_object();
  }
  bool start_array(std::size_t n) {
    if (!Deeper()) return false;
    if (state_ == kEntry) {
      ++entry_depth_;
      return entry_dom_->start_array(n);
    }
    if (state_ == kDetails) return Fail("detailed_results holds a non-object entry");
    if (details_next_) {
      details_next_ = false;
      state_ = kDetails;
      return true;
    }
    ++depth_;
    return header_dom_.start_array(n);
  }
  bool end_array() {
    --nesting_;
    if (state_ == kEntry) {
      --entry_depth_;
      return entry_dom_->end_array();
    }
    if (state_ == kDetails) {
      state_ = kHeader;
      return true;
    }
    --depth_;
    return header_dom_.end_array();
  }
  bool key(string_t& k) {
    if (state_ == kEntry) return entry_dom_->key(k);
    if (depth_ == 1 && k == "detailed_results") {
      details_next_ = saw_details_ = true;
      return true;
    }
    return header_dom_.key(k);
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) {
    return Fail("not valid JSON (at byte " + std::to_string(position) + ")");
  }

 private:
  enum State { kHeader, kDetails, kEntry };

  template <typename F>
  bool Scalar(F&& f) {
    if (state_ == kEntry) return f(*entry_dom_);
    if (state_ == kDetails) return Fail("detailed_results holds a non-object entry");
    if (details_next_) return Fail("detailed_results is not an array");
    return f(header_dom_);
  }
  bool Fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }
  // The SAX parser keeps its own stack on the heap, but the trees built here are copied and walked recursively:
  // a report (which may come from anywhere, e.g. a shard to merge) nested deeper than any we write is refused.
  bool Deeper() {
    if (++nesting_ <= kStoredJsonLimits.max_depth) return true;
    return Fail("nested deeper than " + std::to_string(kStoredJsonLimits.max_depth) + " levels (json_max_depth)");
  }

  Dom header_dom_;
  std::function<void(const Json&)> on_entry_;
  State state_ = kHeader;
  int depth_ = 0;          // nesting of the header document
  int entry_depth_ = 0;    // nesting inside the current entry
  size_t nesting_ = 0;     // arrays and objects open, in all states, for the depth limit
  bool details_next_ = false;
  bool saw_details_ = false;
  Json entry_;
  std::optional<Dom> entry_dom_;
  std::string error_;
};

// Reads a file through a 64 KiB buffer as a plain input iterator: the JSON lexer pulls ~90 MB one character at
// a time from a 10 000-test report, and std::istreambuf_iterator's per-character end check cost ~15 % of the
// time to regenerate the reports.
class BufferedFile {
 public:
  explicit BufferedFile(std::FILE* file) : file_(file) {}
  /// The next character, or EOF.
  int Peek() {
    if (pos_ == len_ && !Fill()) return EOF;
    return static_cast<unsigned char>(buf_[pos_]);
  }
  void Advance() { ++pos_; }

  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = char;
    Iterator() = default;
    explicit Iterator(BufferedFile* f) : f_(f) {}
    char operator*() const { return static_cast<char>(f_->Peek()); }
    Iterator& operator++() {
      f_->Advance();
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      f_->Advance();
      return before;
    }
    // Only "at the end or not" matters to the lexer: an iterator equals the end one when its file is exhausted.
    bool operator==(const Iterator& o) const { return AtEnd() == o.AtEnd(); }
    bool operator!=(const Iterator& o) const { return !(*this == o); }

   private:
    bool AtEnd() const { return f_ == nullptr || f_->Peek() == EOF; }
    BufferedFile* f_ = nullptr;
  };

 private:
  bool Fill() {
    len_ = std::fread(buf_, 1, sizeof buf_, file_);
    pos_ = 0;
    return len_ > 0;
  }
  std::FILE* file_;
  char buf_[64 * 1024];
  size_t pos_ = 0, len_ = 0;
};

}  // namespace

TestRun RunReader::Next(const Json& entry) {
  TestRun r = TestRunFromJson(entry);
  // Every test of an agent usually records the same tool schemas: keep one tree of them, not one per test.
  SharedJson& schemas = schemas_[r.agent];
  if (*schemas == *r.transcript.tool_schemas) {
    r.transcript.tool_schemas = schemas;
  } else {
    schemas = r.transcript.tool_schemas;
  }
  std::vector<TranscriptMessage>& msgs = r.transcript.messages;
  Previous& prev = previous_[r.file + '\x1f' + r.session + '\x1f' + r.agent];
  Previous now{msgs.size(), msgs.empty() ? std::string() : msgs.back().role,
               msgs.empty() ? std::string() : msgs.back().content};
  // Before schema version 2 an entry's messages began with the whole previous entry's (the session so far).
  bool history = prev.count > 0 && r.transcript.first_message_of_test >= prev.count && msgs.size() >= prev.count &&
                 msgs[prev.count - 1].role == prev.last_role && msgs[prev.count - 1].content == prev.last_content;
  if (history) {
    msgs.erase(msgs.begin(), msgs.begin() + static_cast<std::ptrdiff_t>(prev.count));
    r.transcript.first_message_of_test -= prev.count;
  } else if (keep_json_) {
    r.json = SpilledText::Keep(DumpJson(entry));
  }
  if (now.count > 0) prev = std::move(now);  // a test that never reached the model added nothing
  return r;
}

Result<Run> RunFromJson(const Json& doc) {
  if (!doc.is_object() || !doc.contains("detailed_results")) {
    return Error(ErrorCode::kParse, "not an agent-bench JSON report: no detailed_results");
  }
  Run run;
  Status header = HeaderFromJson(doc, run);
  if (!header.ok()) return header.error();
  const Json& details = Sub(doc, "detailed_results");
  if (!details.is_array()) return Error(ErrorCode::kParse, "detailed_results is not an array");
  run.runs.reserve(details.size());
  RunReader reader;
  for (const auto& d : details) {
    if (!d.is_object()) return Error(ErrorCode::kParse, "detailed_results holds a non-object entry");
    run.runs.push_back(reader.Next(d));
  }
  AgentsFromRuns(run);
  return run;
}

Result<Run> ReadJsonReport(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!in) return Error(ErrorCode::kIo, "cannot open report '" + path + "'");
  auto buffered = std::make_unique<BufferedFile>(in.get());
  Json header = Json::object();
  Run run;
  // The version decides whether an entry's text can be kept as it is; it comes first in our reports. A newer
  // version is refused before any entry is read.
  std::optional<RunReader> reader;
  bool refused = false;
  ReportSax sax(header, [&](const Json& entry) {
    if (refused) return;
    if (!reader) {
      if (Int(header, "schema_version") > kJsonSchemaVersion) {
        refused = true;
        return;
      }
      reader.emplace(Int(header, "schema_version") == kJsonSchemaVersion);
    }
    run.runs.push_back(reader->Next(entry));
  });
  bool ok = Json::sax_parse(BufferedFile::Iterator(buffered.get()), BufferedFile::Iterator(), &sax);
  if (!ok || !sax.error().empty()) {
    return Error(ErrorCode::kParse, path + ": " + (sax.error().empty() ? "not valid JSON" : sax.error()));
  }
  if (!header.is_object() || !sax.saw_details()) {
    return Error(ErrorCode::kParse, path + ": not an agent-bench JSON report: no detailed_results");
  }
  Status st = HeaderFromJson(header, run);
  if (!st.ok()) return Error(st.error().code, path + ": " + st.error().message);
  AgentsFromRuns(run);
  return run;
}

}  // namespace ab::report
