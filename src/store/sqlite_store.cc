// The SQLite implementation of Store. One connection per Store; WAL journal so `history` can read while a bench
// is being saved; every save is one transaction, so a crash never leaves half a bench.
#include <filesystem>
#include <system_error>

#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "store/store.h"

namespace ab::store {
namespace {

constexpr const char* kBenchColumns =
    "b.id, b.name, b.suite, b.started_ms, b.ended_ms, b.tool_version, b.total_runs, b.passed_runs, "
    "b.total_cost_usd, b.cost_unknown_runs, b.p50_latency_ms";

BenchInfo ReadBenchRow(const Statement& q) {
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
  return info;
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(Db db) : db_(std::move(db)) {}

  Status SaveBench(const StoredBench& bench) override {
    if (bench.info.id.empty()) return Error(ErrorCode::kInvalidArgument, "cannot save a bench without an id");
    if (Status s = db_.Exec("BEGIN IMMEDIATE;"); !s) return s;
    Status s = SaveInTransaction(bench);
    if (!s) {
      (void)db_.Exec("ROLLBACK;");
      return s;
    }
    return db_.Exec("COMMIT;");
  }

  Result<std::vector<BenchInfo>> ListBenches(const BenchFilter& filter) override {
    std::string sql = std::string("SELECT ") + kBenchColumns + " FROM benches b WHERE (?1 = '' OR b.suite = ?1) " +
                      "AND (?2 = '' OR EXISTS (SELECT 1 FROM bench_configs c WHERE c.bench_id = b.id " +
                      "AND c.name = ?2)) ORDER BY b.started_ms DESC, b.rowid DESC";
    if (filter.limit > 0) sql += " LIMIT " + std::to_string(filter.limit);
    Result<Statement> q = db_.Prepare(sql);
    if (!q) return q.error();
    q->Bind(1, filter.suite).Bind(2, filter.config);
    std::vector<BenchInfo> out;
    while (true) {
      Result<bool> row = q->Step();
      if (!row) return row.error();
      if (!*row) break;
      out.push_back(ReadBenchRow(*q));
    }
    for (BenchInfo& info : out) {
      if (Status s = LoadConfigsAndTags(info); !s) return s.error();
    }
    return out;
  }

  Result<StoredBench> LoadBench(std::string_view id) override {
    Result<Statement> q = db_.Prepare(std::string("SELECT ") + kBenchColumns + " FROM benches b WHERE b.id = ?1");
    if (!q) return q.error();
    q->Bind(1, id);
    Result<bool> row = q->Step();
    if (!row) return row.error();
    if (!*row) return Error(ErrorCode::kNotFound, "no bench '" + std::string(id) + "' in the history");
    StoredBench bench;
    bench.info = ReadBenchRow(*q);
    if (Status s = LoadConfigsAndTags(bench.info); !s) return s.error();
    Result<std::vector<RunRecord>> runs = LoadRuns(bench.info.id);
    if (!runs) return runs.error();
    bench.runs = std::move(*runs);
    return bench;
  }

  Status Tag(std::string_view id, std::string_view tag) override {
    if (tag.empty() || tag == "latest") {
      return Error(ErrorCode::kInvalidArgument, "'" + std::string(tag) + "' cannot be used as a tag");
    }
    Result<Statement> exists = db_.Prepare("SELECT 1 FROM benches WHERE id = ?1");
    if (!exists) return exists.error();
    exists->Bind(1, id);
    Result<bool> row = exists->Step();
    if (!row) return row.error();
    if (!*row) return Error(ErrorCode::kNotFound, "no bench '" + std::string(id) + "' in the history");
    Result<Statement> q = db_.Prepare(
        "INSERT INTO tags(tag, bench_id) VALUES (?1, ?2) ON CONFLICT(tag) DO UPDATE SET bench_id = excluded.bench_id");
    if (!q) return q.error();
    q->Bind(1, tag).Bind(2, id);
    return q->Run();
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
    Result<std::string> tagged = FindOne("SELECT bench_id FROM tags WHERE tag = ?1", ref);
    if (!tagged || !tagged->empty()) return tagged;
    Result<std::string> exact = FindOne("SELECT id FROM benches WHERE id = ?1", ref);
    if (!exact || !exact->empty()) return exact;
    // An id prefix, like git's abbreviated hashes; two matches are an error rather than a guess.
    Result<Statement> q = db_.Prepare("SELECT id FROM benches WHERE substr(id, 1, length(?1)) = ?1 LIMIT 2");
    if (!q) return q.error();
    q->Bind(1, ref);
    std::vector<std::string> ids;
    while (true) {
      Result<bool> row = q->Step();
      if (!row) return row.error();
      if (!*row) break;
      ids.push_back(q->Text(0));
    }
    if (ids.size() == 1 && !ref.empty()) return ids.front();
    if (ids.size() > 1) return Error(ErrorCode::kInvalidArgument, "'" + std::string(ref) + "' matches several benches");
    return Error(ErrorCode::kNotFound, "no bench, tag or id prefix '" + std::string(ref) + "' in the history");
  }

 private:
  /// The first column of the first row, "" when there is none.
  Result<std::string> FindOne(const char* sql, std::string_view arg) {
    Result<Statement> q = db_.Prepare(sql);
    if (!q) return q.error();
    q->Bind(1, arg);
    Result<bool> row = q->Step();
    if (!row) return row.error();
    return *row ? q->Text(0) : std::string();
  }

  Status SaveInTransaction(const StoredBench& bench) {
    const BenchInfo& info = bench.info;
    // Replacing cascades to configs, runs and tags; keep the tags so re-saving a merged bench keeps "baseline".
    std::vector<std::string> tags;
    {
      Result<Statement> q = db_.Prepare("SELECT tag FROM tags WHERE bench_id = ?1");
      if (!q) return q.error();
      q->Bind(1, info.id);
      while (true) {
        Result<bool> row = q->Step();
        if (!row) return row.error();
        if (!*row) break;
        tags.push_back(q->Text(0));
      }
    }
    Result<Statement> del = db_.Prepare("DELETE FROM benches WHERE id = ?1");
    if (!del) return del.error();
    del->Bind(1, info.id);
    if (Status s = del->Run(); !s) return s;

    Result<Statement> ins = db_.Prepare(
        "INSERT INTO benches(id, name, suite, started_ms, ended_ms, tool_version, total_runs, passed_runs, "
        "total_cost_usd, cost_unknown_runs, p50_latency_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!ins) return ins.error();
    ins->Bind(1, info.id).Bind(2, info.name).Bind(3, info.suite).Bind(4, info.started_ms).Bind(5, info.ended_ms);
    ins->Bind(6, info.tool_version).Bind(7, info.total_runs).Bind(8, info.passed_runs);
    ins->Bind(9, info.total_cost_usd).Bind(10, info.cost_unknown_runs).Bind(11, info.p50_latency_ms);
    if (Status s = ins->Run(); !s) return s;

    Result<Statement> cfg = db_.Prepare("INSERT INTO bench_configs(bench_id, position, name) VALUES (?1, ?2, ?3)");
    if (!cfg) return cfg.error();
    for (size_t i = 0; i < info.configs.size(); ++i) {
      cfg->Reset();
      cfg->Bind(1, info.id).Bind(2, static_cast<int64_t>(i)).Bind(3, info.configs[i]);
      if (Status s = cfg->Run(); !s) return s;
    }

    Result<Statement> run = db_.Prepare(
        "INSERT INTO runs(bench_id, seq, run_id, config, variant, repetition, test_key, agent, status, duration_ms, "
        "llm_ms, tool_ms, wait_ms, retries, prompt_tokens, completion_tokens, cost_usd, error, inputs_json, "
        "provider_type, model, started_ms, cached_tokens) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
        "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)");
    if (!run) return run.error();
    for (size_t i = 0; i < bench.runs.size(); ++i) {
      const RunRecord& r = bench.runs[i];
      run->Reset();
      run->Bind(1, info.id).Bind(2, static_cast<int64_t>(i)).Bind(3, r.run_id).Bind(4, r.config).Bind(5, r.variant);
      run->Bind(6, r.repetition).Bind(7, r.test_key).Bind(8, r.agent).Bind(9, RunStatusName(r.status));
      run->Bind(10, r.duration_ms).Bind(11, r.llm_ms).Bind(12, r.tool_ms).Bind(13, r.wait_ms).Bind(14, r.retries);
      run->Bind(15, r.prompt_tokens).Bind(16, r.completion_tokens).Bind(17, r.cost_usd).Bind(18, r.error);
      run->Bind(19, r.inputs.dump(-1, ' ', false, Json::error_handler_t::replace)).Bind(20, r.provider_type).Bind(21, r.model).Bind(22, r.started_ms);
      run->Bind(23, r.cached_tokens);
      if (Status s = run->Run(); !s) return s;
    }
    for (const std::string& tag : tags) {
      if (Status s = Tag(info.id, tag); !s) return s;
    }
    return Status::Ok();
  }

  Status LoadConfigsAndTags(BenchInfo& info) {
    Result<Statement> q = db_.Prepare("SELECT name FROM bench_configs WHERE bench_id = ?1 ORDER BY position");
    if (!q) return q.error();
    q->Bind(1, info.id);
    while (true) {
      Result<bool> row = q->Step();
      if (!row) return row.error();
      if (!*row) break;
      info.configs.push_back(q->Text(0));
    }
    Result<Statement> t = db_.Prepare("SELECT tag FROM tags WHERE bench_id = ?1 ORDER BY tag");
    if (!t) return t.error();
    t->Bind(1, info.id);
    while (true) {
      Result<bool> row = t->Step();
      if (!row) return row.error();
      if (!*row) break;
      info.tags.push_back(t->Text(0));
    }
    return Status::Ok();
  }

  Result<std::vector<RunRecord>> LoadRuns(const std::string& id) {
    Result<Statement> q = db_.Prepare(
        "SELECT run_id, config, variant, repetition, test_key, agent, status, duration_ms, llm_ms, tool_ms, "
        "wait_ms, retries, prompt_tokens, completion_tokens, cached_tokens, cost_usd, error, inputs_json, "
        "provider_type, model, started_ms FROM runs WHERE bench_id = ?1 ORDER BY seq");
    if (!q) return q.error();
    q->Bind(1, id);
    std::vector<RunRecord> runs;
    while (true) {
      Result<bool> row = q->Step();
      if (!row) return row.error();
      if (!*row) break;
      RunRecord r;
      r.bench_id = id;
      r.run_id = q->Text(0);
      r.config = q->Text(1);
      r.variant = q->Text(2);
      r.repetition = static_cast<int>(q->Int(3));
      r.test_key = q->Text(4);
      r.agent = q->Text(5);
      r.status = ParseRunStatus(q->Text(6)).value_or(RunStatus::kError);
      r.duration_ms = q->Double(7);
      r.llm_ms = q->Double(8);
      r.tool_ms = q->Double(9);
      r.wait_ms = q->Double(10);
      r.retries = static_cast<int>(q->Int(11));
      r.prompt_tokens = q->Int(12);
      r.completion_tokens = q->Int(13);
      r.cached_tokens = q->Int(14);
      r.cost_usd = q->OptionalDouble(15);
      r.error = q->Text(16);
      r.inputs = Json::parse(q->Text(17), nullptr, /*allow_exceptions=*/false);
      if (r.inputs.is_discarded()) r.inputs = Json::object();
      r.provider_type = q->Text(18);
      r.model = q->Text(19);
      r.started_ms = q->Int(20);
      runs.push_back(std::move(r));
    }
    return runs;
  }

  Db db_;
};

}  // namespace

std::string DefaultStorePath() { return ".agent-bench/history.db"; }

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  if (path != ":memory:") {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) return Error(ErrorCode::kIo, "cannot create '" + parent.string() + "': " + ec.message());
  }
  Result<Db> db = Db::Open(path);
  if (!db) return db.error();
  // WAL lets readers (history, compare) run while a bench is being saved; it must be set outside a transaction.
  if (Status s = db->Exec("PRAGMA journal_mode = WAL;"); !s) return s.error();
  if (Status s = Migrate(*db); !s) return s.error();
  return std::unique_ptr<Store>(new SqliteStore(std::move(*db)));
}

}  // namespace ab::store
