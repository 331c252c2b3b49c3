// The run journal (BASE.jsonl): one JSON line per finished test run, appended and flushed as each test finishes,
// so a run killed with SIGKILL leaves every finished result readable, and `--resume BASE.jsonl` reruns only what
// is missing. Thread-safe.
#pragma once

#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "base/result.h"
#include "report/model.h"

namespace ab::runner {

class Journal {
 public:
  /// Opens |path| for appending (creating its directory; a new journal is owner-only, 0600). A symbolic link or a
  /// non-regular file at |path| is refused (kIo). An empty path gives a journal that writes nothing.
  static Result<std::unique_ptr<Journal>> Open(const std::string& path);
  ~Journal();
  /// Converts |run| to JSON once, keeps the text in |run.json| (the JSON and HTML reports stream it from
  /// there), and appends it as one line flushed to the kernel. Does nothing for a journal that writes nothing.
  void Append(report::TestRun& run);

 private:
  Journal() = default;
  std::mutex mu_;
  std::FILE* file_ = nullptr;
};

/// Key of a test run in a journal: file, session, test and agent.
std::string JournalKey(const report::TestRun& run);
std::string JournalKey(const std::string& file, const std::string& session, const std::string& test,
                       const std::string& agent);

/// Reads a journal; the last line for a key wins. A torn last line (the process died mid-write) is skipped.
/// Lines are read one at a time (no tree of the whole journal); journals of schema version 1 (whole session
/// history in every line) are read too.
Result<std::map<std::string, report::TestRun>> ReadJournal(const std::string& path);

}  // namespace ab::runner
