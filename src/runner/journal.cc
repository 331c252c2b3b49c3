#include "runner/journal.h"

#include <filesystem>
#include <fstream>

#include "base/redact.h"
#include "report/json.h"
#include "report/json_reader.h"

namespace ab::runner {

Result<std::unique_ptr<Journal>> Journal::Open(const std::string& path) {
  std::unique_ptr<Journal> j(new Journal());
  if (path.empty()) return j;
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  j->file_ = std::fopen(path.c_str(), "a");
  if (!j->file_) return Error(ErrorCode::kIo, "cannot open the journal " + path);
  return j;
}

Journal::~Journal() {
  if (file_) std::fclose(file_);
}

void Journal::Append(const report::TestRun& run) {
  if (!file_) return;
  std::string line = Redact(report::TestRunToJson(run).dump()) + "\n";
  std::lock_guard<std::mutex> lock(mu_);
  std::fwrite(line.data(), 1, line.size(), file_);
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
  Json doc = {{"schema_version", report::kJsonSchemaVersion}, {"detailed_results", Json::array()}};
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Json j = Json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;  // a torn line from a killed run
    doc["detailed_results"].push_back(std::move(j));
  }
  auto run = report::RunFromJson(doc);
  if (!run) return run.error();
  std::map<std::string, report::TestRun> out;
  for (auto& r : run->runs) out[JournalKey(r)] = std::move(r);
  return out;
}

}  // namespace ab::runner
