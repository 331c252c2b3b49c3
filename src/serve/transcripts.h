// Full transcripts of the runs a `serve` job executed. The history keeps one row of figures per run; the
// conversation, tool calls and assertions (report::TestRunToJson, redacted) are kept in serve_transcripts of
// the same database, keyed by the run's bench, run id, test and agent. Runs benched from the command line have
// none. Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "base/json.h"
#include "base/result.h"
#include "serve/serve_db.h"
#include "store/model.h"

namespace ab::serve {

class TranscriptArchive {
 public:
  explicit TranscriptArchive(std::shared_ptr<ServeDb> db) : db_(std::move(db)) {}
  /// Keeps |transcript| for |record|, replacing an earlier one.
  [[nodiscard]] Status Save(const store::RunRecord& record, const Json& transcript) const;
  /// The transcript kept for |record|; empty when none was kept (or it cannot be read).
  std::optional<Json> Load(const store::RunRecord& record) const;

 private:
  std::shared_ptr<ServeDb> db_;
};

}  // namespace ab::serve
