// The Store implementation over the SQL layer (store/db.h): the same statements run on SQLite and PostgreSQL.
// Every save is one write transaction, so a crash never leaves half a bench and concurrent savers serialize.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <system_error>
#include <thread>
#include <tuple>

#include "base/json_parse.h"
#include "store/db.h"
#include "store/migrations.h"
#include "store/store.h"

namespace ab::store {
namespace {

constexpr const char* kBenchColumns =
    "b.id, b.name, b.suite, b.started_ms, b.ended_ms, b.tool_version, b.total_runs, b.passed_runs, "
    "b.total_cost_usd, b.cost_unknown_runs, b.p50_latency_ms, b.kind";

BenchInfo ReadBenchRow(const Row& q) {
  BenchInfo info;
  info.id = q.Text(0);
  info.name = q.Text(1);
  info.suite = q.Text(2);
  info.started_ms = q.Int(3);
  info.ended_ms = q.Int(4);
  info.tool_version = q.Text(5);
  info.total_runs = static_cast<int>(q.Int(6));
  info.passed_runs = static_cast<int>(q.Int(7));
  info.total_cost_usd = q.OptionalDouble(8);
  info.cost_unknown_runs = static_cast<int>(q.Int(9));
  info.p50_latency_ms = q.Double(10);
  info.kind = q.Text(11);
  return info;
}

Result<std::vector<std::string>> FirstColumn(Db& db, std::string_view sql, const Params& params) {
  Result<Rows> rows = db.Query(sql, params);
  if (!rows) return rows.error();
  std::vector<std::string> out;
  out.reserve(rows->size());
  for (const Row& row : *rows) out.push_back(row.Text(0));
  return out;
}

/// A transcript's key within its bench: run id (config × variant × repetition), test and agent, as a JSON array
/// (the format the first `serve` wrote, so its rows are still found).
std::string TranscriptKey(const std::string& run_id, const std::string& test_key, const std::string& agent) {
  return Json::array({run_id, test_key, agent}).dump(-1, ' ', false, Json::error_handler_t::replace);
}

class SqlStore final : public Store {
 public:
  explicit SqlStore(std::unique_ptr<Db> db) : db_(std::move(db)) {}

  Status SaveBench(const StoredBench& bench) override {
    if (bench.info.id.empty()) return Error(ErrorCode::kInvalidArgument, "cannot save a bench without an id");
    return InWriteTransaction(*db_, [&] { return SaveInTransaction(bench); });
  }

  Result<std::vector<BenchInfo>> ListBenches(const BenchFilter& filter) override {
    std::string sql = std::string("SELECT ") + kBenchColumns + " FROM benches b WHERE (?1 = '' OR b.suite = ?1) " +
                      "AND (?2 = '' OR EXISTS (SELECT 1 FROM bench_configs c WHERE c.bench_id = b.id " +
                      "AND c.name = ?2)) AND (?3 = '' OR b.kind = ?3) ORDER BY b.started_ms DESC, b.save_seq DESC";
    if (filter.limit > 0) sql += " LIMIT " + std::to_string(filter.limit);
    Result<Rows> rows = db_->Query(sql, Params().Add(filter.suite).Add(filter.config).Add(filter.kind));
    if (!rows) return rows.error();
    std::vector<BenchInfo> out;
    out.reserve(rows->size());
    for (const Row& row : *rows) out.push_back(ReadBenchRow(row));
    for (BenchInfo& info : out) {
      if (Status s = LoadConfigsAndTags(info); !s) return s.error();
    }
    return out;
  }

  Result<StoredBench> LoadBench(std::string_view id) override {
    Result<Rows> rows =
        db_->Query(std::string("SELECT ") + kBenchColumns + " FROM benches b WHERE b.id = ?1", Params().Add(id));
    if (!rows) return rows.error();
    if (rows->empty()) return Error(ErrorCode::kNotFound, "no bench '" + std::string(id) + "' in the history");
    StoredBench bench;
    bench.info = ReadBenchRow(rows->front());
    if (Status s = LoadConfigsAndTags(bench.info); !s) return s.error();
    Result<Rows> files = db_->Query("SELECT path, content_hash FROM bench_files WHERE bench_id = ?1 ORDER BY position",
                                    Params().Add(bench.info.id));
    if (!files) return files.error();
    for (const Row& f : *files) bench.info.files.push_back({f.Text(0), f.Text(1)});
    Result<std::vector<RunRecord>> runs = LoadRuns(bench.info.id);
    if (!runs) return runs.error();
    bench.runs = std::move(*runs);
    return bench;
  }

  Status Tag(std::string_view id, std::string_view tag) override {
    if (tag.empty() || tag == "latest") {
      return Error(ErrorCode::kInvalidArgument, "'" + std::string(tag) + "' cannot be used as a tag");
    }
    Result<std::optional<std::string>> exists =
        QueryOneText(*db_, "SELECT id FROM benches WHERE id = ?1", Params().Add(id));
    if (!exists) return exists.error();
    if (!*exists) return Error(ErrorCode::kNotFound, "no bench '" + std::string(id) + "' in the history");
    return db_->Exec(
        "INSERT INTO tags(tag, bench_id) VALUES (?1, ?2) ON CONFLICT(tag) DO UPDATE SET bench_id = excluded.bench_id",
        Params().Add(tag).Add(id));
  }

  Result<std::optional<Json>> LoadTranscript(const RunRecord& run) override {
    Result<std::optional<std::string>> text =
        QueryOneText(*db_, "SELECT transcript_json FROM serve_transcripts WHERE bench_id = ?1 AND run_key = ?2",
                     Params().Add(run.bench_id).Add(TranscriptKey(run.run_id, run.test_key, run.agent)));
    if (!text) return text.error();
    if (!*text) return std::optional<Json>();
    Json j = ParseJsonOrDiscarded(**text, kStoredJsonLimits);
    if (j.is_discarded()) return std::optional<Json>();
    return std::optional<Json>(std::move(j));
  }

  Result<std::vector<TestFlips>> FlipRates(const FlipFilter& filter) override {
    int newest = std::clamp(filter.runs, 1, kMaxFlipRuns);
    // The newest saved runs, read oldest first: flips are counted in the order the runs happened.
    const std::string chosen =
        "SELECT id FROM benches WHERE (?1 = '' OR kind = ?1) ORDER BY started_ms DESC, "
        "save_seq DESC LIMIT " +
        std::to_string(newest);
    Result<Rows> rows = db_->Query(
        "SELECT r.test_key, r.agent, r.status, b.id, r.seq, b.kind, b.started_ms, r.started_ms, r.model, r.error "
        "FROM runs r JOIN benches b ON b.id = r.bench_id WHERE b.id IN (" +
            chosen +
            ") "
            "AND (?2 = '' OR r.config = ?2) AND (?3 = '' OR r.variant = ?3) "
            "ORDER BY b.started_ms, b.save_seq, r.seq",
        Params().Add(filter.kind).Add(filter.config).Add(filter.variant));
    if (!rows) return rows.error();
    Result<Rows> files =
        db_->Query("SELECT bench_id, path, content_hash FROM bench_files WHERE bench_id IN (" + chosen + ")",
                   Params().Add(filter.kind));
    if (!files) return files.error();
    std::map<std::string, std::vector<SourceFile>> files_of;
    for (const Row& f : *files) files_of[f.Text(0)].push_back({f.Text(1), f.Text(2)});
    std::map<std::pair<std::string, std::string>, size_t> index;
    std::vector<TestFlips> out;
    for (const Row& q : *rows) {
      std::optional<RunStatus> status = ParseRunStatus(q.Text(2));
      if (!status || *status == RunStatus::kSkipped) continue;
      std::string test = q.Text(0), agent = q.Text(1);
      if (!filter.test.empty() && test.find(filter.test) == std::string::npos) continue;
      if (!filter.agent.empty() && agent != filter.agent) continue;
      auto [it, added] = index.try_emplace({test, agent}, out.size());
      if (added) out.push_back(TestFlips{test, agent, {}, 0});
      TestOutcome o;
      o.bench_id = q.Text(3);
      o.seq = static_cast<int>(q.Int(4));
      o.kind = q.Text(5);
      o.started_ms = q.Int(7) ? q.Int(7) : q.Int(6);
      o.status = *status;
      o.model = q.Text(8);
      o.error = q.Text(9);
      // The hash of the file the test came from: the test key starts with the file's path.
      if (auto of = files_of.find(o.bench_id); of != files_of.end()) {
        for (const SourceFile& f : of->second) {
          const std::string& path = f.path;
          if (test.size() > path.size() && test.compare(0, path.size(), path) == 0 && test[path.size()] == '/') {
            o.content_hash = f.content_hash;
            break;
          }
        }
      }
      out[it->second].outcomes.push_back(std::move(o));
    }
    for (TestFlips& f : out) CountFlips(f);
    std::stable_sort(out.begin(), out.end(), [](const TestFlips& a, const TestFlips& b) {
      if (a.flip_rate() != b.flip_rate()) return a.flip_rate() > b.flip_rate();
      return std::tie(a.test_key, a.agent) < std::tie(b.test_key, b.agent);
    });
    return out;
  }

  Result<std::string> Resolve(std::string_view ref) override {
    if (ref == "latest") {
      BenchFilter newest_only;
      newest_only.limit = 1;
      Result<std::vector<BenchInfo>> newest = ListBenches(newest_only);
      if (!newest) return newest.error();
      if (newest->empty()) return Error(ErrorCode::kNotFound, "the history is empty: no 'latest' bench");
      return newest->front().id;
    }
    for (const char* sql : {"SELECT bench_id FROM tags WHERE tag = ?1", "SELECT id FROM benches WHERE id = ?1"}) {
      Result<std::optional<std::string>> found = QueryOneText(*db_, sql, Params().Add(ref));
      if (!found) return found.error();
      if (*found) return **found;
    }
    // An id prefix, like git's abbreviated hashes; two matches are an error rather than a guess.
    Result<std::vector<std::string>> ids =
        FirstColumn(*db_, "SELECT id FROM benches WHERE substr(id, 1, length(?1)) = ?1 LIMIT 2", Params().Add(ref));
    if (!ids) return ids.error();
    if (ids->size() == 1 && !ref.empty()) return ids->front();
    if (ids->size() > 1)
      return Error(ErrorCode::kInvalidArgument, "'" + std::string(ref) + "' matches several benches");
    return Error(ErrorCode::kNotFound, "no bench, tag or id prefix '" + std::string(ref) + "' in the history");
  }

 private:
  Status SaveInTransaction(const StoredBench& bench) {
    const BenchInfo& info = bench.info;
    // Replacing cascades to configs, runs and tags; keep the tags so re-saving a merged bench keeps "baseline".
    Result<std::vector<std::string>> tags =
        FirstColumn(*db_, "SELECT tag FROM tags WHERE bench_id = ?1", Params().Add(info.id));
    if (!tags) return tags.error();
    if (Status s = db_->Exec("DELETE FROM benches WHERE id = ?1", Params().Add(info.id)); !s) return s;

    // save_seq orders benches started in the same millisecond; the write lock makes MAX + 1 safe.
    Params b;
    b.Add(info.id).Add(info.name).Add(info.suite).Add(info.started_ms).Add(info.ended_ms).Add(info.tool_version);
    b.Add(info.total_runs).Add(info.passed_runs).Add(info.total_cost_usd).Add(info.cost_unknown_runs);
    b.Add(info.p50_latency_ms).Add(info.kind.empty() ? std::string(kKindBench) : info.kind);
    if (Status s = db_->Exec(
            "INSERT INTO benches(id, name, suite, started_ms, ended_ms, tool_version, total_runs, passed_runs, "
            "total_cost_usd, cost_unknown_runs, p50_latency_ms, kind, save_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
            "?8, ?9, ?10, ?11, ?12, (SELECT COALESCE(MAX(save_seq), 0) + 1 FROM benches))",
            b);
        !s) {
      return s;
    }
    for (size_t i = 0; i < info.configs.size(); ++i) {
      if (Status s = db_->Exec("INSERT INTO bench_configs(bench_id, position, name) VALUES (?1, ?2, ?3)",
                               Params().Add(info.id).Add(static_cast<int64_t>(i)).Add(info.configs[i]));
          !s) {
        return s;
      }
    }
    for (size_t i = 0; i < info.files.size(); ++i) {
      const SourceFile& f = info.files[i];
      if (Status s =
              db_->Exec("INSERT INTO bench_files(bench_id, position, path, content_hash) VALUES (?1, ?2, ?3, ?4)",
                        Params().Add(info.id).Add(static_cast<int64_t>(i)).Add(f.path).Add(f.content_hash));
          !s) {
        return s;
      }
    }
    for (size_t i = 0; i < bench.runs.size(); ++i) {
      const RunRecord& r = bench.runs[i];
      Params p;
      p.Add(info.id).Add(static_cast<int64_t>(i)).Add(r.run_id).Add(r.config).Add(r.variant).Add(r.repetition);
      p.Add(r.test_key).Add(r.agent).Add(RunStatusName(r.status)).Add(r.duration_ms).Add(r.llm_ms).Add(r.tool_ms);
      p.Add(r.wait_ms).Add(r.retries).Add(r.prompt_tokens).Add(r.completion_tokens).Add(r.cost_usd).Add(r.error);
      p.Add(r.inputs.dump(-1, ' ', false, Json::error_handler_t::replace)).Add(r.provider_type).Add(r.model);
      p.Add(r.started_ms).Add(r.cached_tokens).Add(r.final_answer).Add(r.tool_chain);
      if (Status s = db_->Exec(
              "INSERT INTO runs(bench_id, seq, run_id, config, variant, repetition, test_key, agent, status, "
              "duration_ms, llm_ms, tool_ms, wait_ms, retries, prompt_tokens, completion_tokens, cost_usd, error, "
              "inputs_json, provider_type, model, started_ms, cached_tokens, final_answer, tool_chain) VALUES (?1, "
              "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, "
              "?24, ?25)",
              p);
          !s) {
        return s;
      }
    }
    for (const StoredTranscript& t : bench.transcripts) {
      if (Status s =
              db_->Exec("INSERT INTO serve_transcripts(bench_id, run_key, transcript_json) VALUES (?1, ?2, ?3) "
                        "ON CONFLICT(bench_id, run_key) DO UPDATE SET transcript_json = excluded.transcript_json",
                        Params().Add(info.id).Add(TranscriptKey(t.run_id, t.test_key, t.agent)).Add(t.json.str()));
          !s) {
        return s;
      }
    }
    for (const std::string& tag : *tags) {
      if (Status s = Tag(info.id, tag); !s) return s;
    }
    return Status::Ok();
  }

  Status LoadConfigsAndTags(BenchInfo& info) {
    Result<std::vector<std::string>> configs = FirstColumn(
        *db_, "SELECT name FROM bench_configs WHERE bench_id = ?1 ORDER BY position", Params().Add(info.id));
    if (!configs) return configs.error();
    info.configs = std::move(*configs);
    Result<std::vector<std::string>> tags =
        FirstColumn(*db_, "SELECT tag FROM tags WHERE bench_id = ?1 ORDER BY tag", Params().Add(info.id));
    if (!tags) return tags.error();
    info.tags = std::move(*tags);
    return Status::Ok();
  }

  Result<std::vector<RunRecord>> LoadRuns(const std::string& id) {
    Result<Rows> rows = db_->Query(
        "SELECT run_id, config, variant, repetition, test_key, agent, status, duration_ms, llm_ms, tool_ms, "
        "wait_ms, retries, prompt_tokens, completion_tokens, cached_tokens, cost_usd, error, inputs_json, "
        "provider_type, model, started_ms, final_answer, tool_chain FROM runs WHERE bench_id = ?1 ORDER BY seq",
        Params().Add(id));
    if (!rows) return rows.error();
    std::vector<RunRecord> runs;
    runs.reserve(rows->size());
    for (const Row& q : *rows) {
      RunRecord r;
      r.bench_id = id;
      r.run_id = q.Text(0);
      r.config = q.Text(1);
      r.variant = q.Text(2);
      r.repetition = static_cast<int>(q.Int(3));
      r.test_key = q.Text(4);
      r.agent = q.Text(5);
      r.status = ParseRunStatus(q.Text(6)).value_or(RunStatus::kError);
      r.duration_ms = q.Double(7);
      r.llm_ms = q.Double(8);
      r.tool_ms = q.Double(9);
      r.wait_ms = q.Double(10);
      r.retries = static_cast<int>(q.Int(11));
      r.prompt_tokens = q.Int(12);
      r.completion_tokens = q.Int(13);
      r.cached_tokens = q.Int(14);
      r.cost_usd = q.OptionalDouble(15);
      r.error = q.Text(16);
      r.inputs = ParseJsonOrDiscarded(q.Text(17), kStoredJsonLimits);
      if (r.inputs.is_discarded()) r.inputs = Json::object();
      r.provider_type = q.Text(18);
      r.model = q.Text(19);
      r.started_ms = q.Int(20);
      r.final_answer = q.Text(21);
      r.tool_chain = q.Text(22);
      runs.push_back(std::move(r));
    }
    return runs;
  }

  std::unique_ptr<Db> db_;
};

}  // namespace

std::string DefaultStorePath() { return ".agent-bench/history.db"; }

Status MigrateSchema(Db& db) { return Migrate(db); }

Result<std::unique_ptr<Store>> OpenStoreOnDb(std::unique_ptr<Db> db) {
  if (Status s = Migrate(*db); !s) return s.error();
  return std::unique_ptr<Store>(new SqlStore(std::move(db)));
}

namespace {

Result<std::unique_ptr<Store>> OpenSqliteStoreOnce(const std::string& path) {
  Result<std::unique_ptr<Db>> db = OpenSqliteDb(path);
  if (!db) return db.error();
  // WAL lets readers (history, compare) run while a bench is being saved; it must be set outside a transaction.
  if (Status s = (*db)->ExecScript("PRAGMA journal_mode = WAL;"); !s) return s.error();
  return OpenStoreOnDb(std::move(*db));
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  if (path != ":memory:") {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) return Error(ErrorCode::kIo, "cannot create '" + parent.string() + "': " + ec.message());
  }
  // Two processes opening a new history at once can meet SQLite's lock-upgrade deadlock guard (switching to WAL,
  // or the first migration), which fails at once with "database is locked" instead of waiting for the busy
  // timeout. Opening again a moment later finds the other process done.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (true) {
    Result<std::unique_ptr<Store>> store = OpenSqliteStoreOnce(path);
    if (store || store.error().code != ErrorCode::kUnavailable || std::chrono::steady_clock::now() > deadline) {
      return store;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
}

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url) {
  Result<std::unique_ptr<Db>> db = OpenPostgresDb(url);
  if (!db) return db.error();
  return OpenStoreOnDb(std::move(*db));
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& location) {
  if (IsPostgresUrl(location)) return OpenPostgresStore(location);
  return OpenSqliteStore(location.empty() ? DefaultStorePath() : location);
}

}  // namespace ab::store
