// The viewer's test × agent grid of one saved run or bench: a row per test, a column per config (for a plain run,
// each agent is its own config), each cell the runs of that test there (one for a plain run; the variants and
// repetitions of a bench). Rows can be sorted, kept to failures only and paged; pure functions over a stored
// bench, so the route only reads parameters and writes JSON.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "serve/history.h"
#include "store/model.h"

namespace ab::serve {

/// The largest page of grid rows one request may ask for.
inline constexpr int kMaxGridRows = 500;

struct GridQuery {
  std::string sort =
      "order";              ///< "order" (as run), "test" (by name), "failures" (most first), "duration" (slowest first)
  bool descending = false;  ///< reverses the sort
  bool failures_only = false;  ///< only rows with a run that did not pass
  int offset = 0;
  int limit = 50;  ///< at most kMaxGridRows
};

/// The sort keys GridQuery::sort accepts.
const std::vector<std::string>& GridSorts();

struct GridRow {
  std::string test;
  std::vector<std::vector<RunView>> cells;  ///< one per column, in the order of Grid::columns; empty: not run there
  int not_passed = 0;                       ///< runs of the row that failed, errored or timed out
  double duration_ms = 0;                   ///< summed over the row
};

struct Grid {
  std::string bench_id;
  std::string kind;
  std::vector<std::string> columns;  ///< configs (agents, for a plain run) in the bench's order
  std::vector<GridRow> rows;         ///< the requested page
  size_t total_rows = 0;             ///< rows matching before paging
};

/// The grid of |bench| for |query|.
Grid BuildGrid(const store::StoredBench& bench, const GridQuery& query);

}  // namespace ab::serve
