#include "store/calibration_store.h"

#include <algorithm>
#include <map>

#include "base/json_dump.h"
#include "base/json_parse.h"
#include "base/strings.h"
#include "store/db.h"
#include "store/migrations.h"
#include "store/store.h"

namespace ab::store {
namespace {

Result<std::unique_ptr<Db>> Open(const std::string& location) {
  Result<std::unique_ptr<Db>> db = IsPostgresUrl(location) ? OpenPostgresDb(location) : OpenSqliteDb(location);
  if (!db) return db.error();
  if (Status s = Migrate(**db); !s) return s.error();
  return db;
}

CalibrationJudgeRow JudgeRow(const Row& r) {
  CalibrationJudgeRow j;
  j.calibration_id = r.Text(0);
  j.judge_key = r.Text(1);
  j.judge_name = r.Text(2);
  j.kappa = r.Double(3);
  j.kappa_low = r.Double(4);
  j.kappa_high = r.Double(5);
  j.agreement = r.Double(6);
  j.bias = r.Double(7);
  j.created_ms = r.Int(8);
  return j;
}

}  // namespace

Status SaveCalibration(const std::string& location, const CalibrationRow& row) {
  Result<std::unique_ptr<Db>> db = Open(location);
  if (!db) return db.error();
  Db& d = **db;
  return InWriteTransaction(d, [&]() -> Status {
    if (Status s = d.Exec("DELETE FROM calibration_judges WHERE calibration_id = ?1", Params().Add(row.id)); !s)
      return s;
    if (Status s = d.Exec("DELETE FROM calibrations WHERE id = ?1", Params().Add(row.id)); !s) return s;
    Status s = d.Exec(
        "INSERT INTO calibrations(id, name, created_ms, items, repetitions, labeller_kappa, result_json) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        Params()
            .Add(row.id)
            .Add(row.name)
            .Add(row.created_ms)
            .Add(row.items)
            .Add(row.repetitions)
            .Add(row.labeller_kappa)
            .Add(DumpJson(row.result)));
    if (!s) return s;
    for (const CalibrationJudgeRow& j : row.judges) {
      s = d.Exec(
          "INSERT INTO calibration_judges(calibration_id, judge_key, judge_name, kappa, kappa_low, kappa_high, "
          "agreement, bias, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
          Params()
              .Add(row.id)
              .Add(j.judge_key)
              .Add(j.judge_name)
              .Add(j.kappa)
              .Add(j.kappa_low)
              .Add(j.kappa_high)
              .Add(j.agreement)
              .Add(j.bias)
              .Add(row.created_ms));
      if (!s) return s;
    }
    return Status::Ok();
  });
}

Result<std::optional<CalibrationJudgeRow>> LatestCalibration(const std::string& location,
                                                             const std::string& judge_key) {
  Result<std::unique_ptr<Db>> db = Open(location);
  if (!db) return db.error();
  Result<Rows> rows = (*db)->Query(
      "SELECT calibration_id, judge_key, judge_name, kappa, kappa_low, kappa_high, agreement, bias, created_ms "
      "FROM calibration_judges WHERE judge_key = ?1 ORDER BY created_ms DESC, calibration_id DESC LIMIT 1",
      Params().Add(judge_key));
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<CalibrationJudgeRow>();
  return std::optional<CalibrationJudgeRow>(JudgeRow(rows->front()));
}

Result<std::vector<CalibrationRow>> ListCalibrations(const std::string& location, int limit) {
  Result<std::unique_ptr<Db>> db = Open(location);
  if (!db) return db.error();
  Result<Rows> rows = (*db)->Query(
      "SELECT id, name, created_ms, items, repetitions, labeller_kappa FROM calibrations ORDER BY created_ms DESC");
  if (!rows) return rows.error();
  std::vector<CalibrationRow> out;
  for (const Row& r : *rows) {
    if (limit > 0 && static_cast<int>(out.size()) >= limit) break;
    CalibrationRow c;
    c.id = r.Text(0);
    c.name = r.Text(1);
    c.created_ms = r.Int(2);
    c.items = static_cast<int>(r.Int(3));
    c.repetitions = static_cast<int>(r.Int(4));
    c.labeller_kappa = r.OptionalDouble(5);
    Result<Rows> judges = (*db)->Query(
        "SELECT calibration_id, judge_key, judge_name, kappa, kappa_low, kappa_high, agreement, bias, created_ms "
        "FROM calibration_judges WHERE calibration_id = ?1 ORDER BY judge_name",
        Params().Add(c.id));
    if (!judges) return judges.error();
    for (const Row& j : *judges) c.judges.push_back(JudgeRow(j));
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<JudgeCalibrations> GroupCalibrationsByJudge(const std::vector<CalibrationRow>& calibrations,
                                                        const std::string& key_filter) {
  std::map<std::string, JudgeCalibrations> by_key;
  const std::string filter = ToLower(key_filter);
  for (const CalibrationRow& c : calibrations) {
    for (const CalibrationJudgeRow& j : c.judges) {
      if (!filter.empty() && ToLower(j.judge_key).find(filter) == std::string::npos) continue;
      JudgeCalibrations& g = by_key[j.judge_key];
      g.judge_key = j.judge_key;
      g.points.push_back(JudgeCalibrationPoint{j, c.name, c.items, c.repetitions});
    }
  }
  std::vector<JudgeCalibrations> out;
  for (auto& [key, g] : by_key) {
    std::stable_sort(g.points.begin(), g.points.end(),
                     [](const JudgeCalibrationPoint& a, const JudgeCalibrationPoint& b) {
                       return a.judge.created_ms < b.judge.created_ms;
                     });
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace ab::store
