// Reads a JSON report written by RenderJson back into the model, so every other format can be regenerated from
// results.json (-generate-report). Reports from the reference (no schema_version) are read on a best-effort basis.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/json.h"
#include "base/result.h"
#include "report/model.h"

namespace ab::report {

/// Parses the file at |path|. Errors: kIo (unreadable), kParse (not JSON, or not a report), kUnsupported
/// (schema_version newer than this build). The file is read as a stream: each detailed_results entry is parsed
/// and converted on its own, so no tree of the whole report is held next to the model.
Result<Run> ReadJsonReport(const std::string& path);
/// The same from an already parsed document.
Result<Run> RunFromJson(const Json& doc);

/// Converts detailed_results entries (or journal lines) to TestRuns one at a time, in document order.
/// Entries written before schema version 2 carried the whole session history in execution.messages; they are
/// recognised (their messages start with the previous entry's of the same file, session and agent) and cut to
/// what the current version keeps, so old reports read into the current meaning.
class RunReader {
 public:
  /// |keep_json|: keep each current-version entry's compact text in TestRun::json, so writing the JSON report
  /// again streams it instead of converting the run back.
  explicit RunReader(bool keep_json = false) : keep_json_(keep_json) {}
  TestRun Next(const Json& entry);

 private:
  struct Previous {
    size_t count = 0;  ///< messages of the previous entry as read
    std::string last_role, last_content;
  };
  bool keep_json_;
  std::map<std::string, Previous> previous_;   ///< by file, session and agent
  std::map<std::string, SharedJson> schemas_;  ///< the last tool schemas read, by agent: equal ones share a tree
};

}  // namespace ab::report
