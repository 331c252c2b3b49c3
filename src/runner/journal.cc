#include "runner/journal.h"

#include <fstream>

#include "base/json_parse.h"
#include "base/safe_file.h"
#include "report/json.h"
#include "report/json_reader.h"

namespace ab::runner {

Result<std::unique_ptr<Journal>> Journal::Open(const std::string& path) {
  std::unique_ptr<Journal> j(new Journal());
  if (path.empty()) return j;
  // Transcripts: owner-only. A symbolic link planted at the path is refused, never appended through.
  Result<std::FILE*> file = OpenForAppend(path, kPrivateFileMode);
  if (!file) return Error(ErrorCode::kIo, "cannot open the journal: " + file.error().message);
  j->file_ = *file;
  return j;
}

Journal::~Journal() {
  if (file_) std::fclose(file_);
}

void Journal::Append(report::TestRun& run) {
  if (!file_) return;  // nothing converted: a run without a journal (bench mode) may write no report at all
  run.json.clear();    // the run may have changed since an earlier conversion (resumed runs get new indexes)
  std::string text = report::TestRunJsonText(run);
  run.json = SpilledText::Keep(text);
  std::lock_guard<std::mutex> lock(mu_);
  std::fwrite(text.data(), 1, text.size(), file_);
  std::fputc('\n', file_);
  std::fflush(file_);
}

std::string JournalKey(const std::string& file, const std::string& session, const std::string& test,
                       const std::string& agent) {
  // \x1f (unit separator) cannot appear in YAML names typed by users in any sensible way.
  return file + "\x1f" + session + "\x1f" + test + "\x1f" + agent;
}

std::string JournalKey(const report::TestRun& run) { return JournalKey(run.file, run.session, run.test, run.agent); }

Result<std::map<std::string, report::TestRun>> ReadJournal(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error(ErrorCode::kIo, "cannot read the journal " + path);
  report::RunReader reader;  // journals carry no schema_version: lines are read as the current version
  std::map<std::string, report::TestRun> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Json j = ParseJsonOrDiscarded(line, kStoredJsonLimits);
    if (j.is_discarded() || !j.is_object()) continue;  // a torn line from a killed run
    report::TestRun r = reader.Next(j);
    out[JournalKey(r)] = std::move(r);
  }
  return out;
}

}  // namespace ab::runner
