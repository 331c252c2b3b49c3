#include "serve/grid.h"

#include <algorithm>
#include <map>

namespace ab::serve {

const std::vector<std::string>& GridSorts() {
  static const std::vector<std::string> kSorts = {"order", "test", "failures", "duration"};
  return kSorts;
}

Grid BuildGrid(const store::StoredBench& bench, const GridQuery& query) {
  Grid g;
  g.bench_id = bench.info.id;
  g.kind = bench.info.kind;
  g.columns = bench.info.configs;
  std::map<std::string, size_t> column_of;
  for (size_t i = 0; i < g.columns.size(); ++i) column_of.emplace(g.columns[i], i);
  for (const store::RunRecord& r : bench.runs) {
    if (column_of.emplace(r.config, g.columns.size()).second) g.columns.push_back(r.config);
  }
  std::vector<GridRow> rows;
  std::map<std::string, size_t> row_of;
  for (size_t i = 0; i < bench.runs.size(); ++i) {
    const store::RunRecord& r = bench.runs[i];
    auto [it, added] = row_of.emplace(r.test_key, rows.size());
    if (added) {
      rows.push_back(GridRow{r.test_key, {}, 0, 0});
      rows.back().cells.resize(g.columns.size());
    }
    GridRow& row = rows[it->second];
    RunView v;
    v.record = r;
    v.record.bench_id = bench.info.id;
    v.seq = static_cast<int>(i);
    if (r.status != store::RunStatus::kPassed && r.status != store::RunStatus::kSkipped) ++row.not_passed;
    row.duration_ms += r.duration_ms;
    row.cells[column_of[r.config]].push_back(std::move(v));
  }
  if (query.failures_only) {
    std::erase_if(rows, [](const GridRow& r) { return r.not_passed == 0; });
  }
  if (query.sort == "test") {
    std::stable_sort(rows.begin(), rows.end(), [](const GridRow& a, const GridRow& b) { return a.test < b.test; });
  } else if (query.sort == "failures") {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const GridRow& a, const GridRow& b) { return a.not_passed > b.not_passed; });
  } else if (query.sort == "duration") {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const GridRow& a, const GridRow& b) { return a.duration_ms > b.duration_ms; });
  }
  if (query.descending) std::reverse(rows.begin(), rows.end());
  g.total_rows = rows.size();
  size_t from = std::min(rows.size(), static_cast<size_t>(std::max(0, query.offset)));
  size_t count = std::min(rows.size() - from, static_cast<size_t>(std::clamp(query.limit, 1, kMaxGridRows)));
  g.rows.assign(std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(from)),
                std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(from + count)));
  return g;
}

}  // namespace ab::serve
