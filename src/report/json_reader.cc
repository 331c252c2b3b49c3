#include "report/json_reader.h"

#include <cstdio>
#include <memory>

#include "base/json_dump.h"
#include "report/json.h"
#include "report/json_reader_convert.h"
#include "report/json_reader_fields.h"
#include "report/json_reader_file.h"
#include "report/json_reader_sax.h"

// The reader in four files by job: json_reader_fields.h (never-throwing field access), json_reader_convert.cc
// (an entry to a TestRun), json_reader_sax.h (streaming a whole report) and json_reader_file.h (buffered input);
// this file holds the public entry points.
namespace ab::report {

using json_in::AgentsFromRuns;
using json_in::BufferedFile;
using json_in::HeaderFromJson;
using json_in::Int;
using json_in::ReportSax;
using json_in::Sub;
using json_in::TestRunFromJson;

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
