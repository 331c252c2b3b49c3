#include "serve/transcripts.h"

#include "base/redact.h"

namespace ab::serve {
namespace {

/// The run's key within its bench: run id (config × variant × repetition), test and agent.
std::string RunKey(const store::RunRecord& r) {
  return Json::array({r.run_id, r.test_key, r.agent}).dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

Status TranscriptArchive::Save(const store::RunRecord& record, const Json& transcript) const {
  std::string text = Redact(transcript.dump(-1, ' ', false, Json::error_handler_t::replace));
  return db_->With([&](store::Db& db) {
    return db.Exec("INSERT INTO serve_transcripts(bench_id, run_key, transcript_json) VALUES (?1, ?2, ?3) "
                   "ON CONFLICT(bench_id, run_key) DO UPDATE SET transcript_json = excluded.transcript_json",
                   store::Params().Add(record.bench_id).Add(RunKey(record)).Add(text));
  });
}

std::optional<Json> TranscriptArchive::Load(const store::RunRecord& record) const {
  Result<std::optional<std::string>> text = db_->With([&](store::Db& db) {
    return store::QueryOneText(db, "SELECT transcript_json FROM serve_transcripts WHERE bench_id = ?1 AND run_key = ?2",
                               store::Params().Add(record.bench_id).Add(RunKey(record)));
  });
  if (!text || !*text) return std::nullopt;
  Json j = Json::parse(**text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

}  // namespace ab::serve
