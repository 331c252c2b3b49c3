#include "serve/run_report.h"

#include <sstream>

#include "base/redact.h"
#include "base/version.h"
#include "report/json_reader.h"
#include "report/render.h"

namespace ab::serve {

std::string RunReportHtml(const RunView& view, const Json& transcript) {
  report::RunReader reader;
  report::TestRun test;
  try {
    test = reader.Next(transcript);
  } catch (const Json::exception&) {
    // A transcript this build cannot read: the page still shows the run's record.
  }
  const store::RunRecord& r = view.record;
  if (test.test.empty()) test.test = r.test_key;
  if (test.agent.empty()) test.agent = r.agent;
  report::Run run;
  run.run_id = view.id();
  run.tool_version = Version();  // the build that drew the page
  run.started_ms = r.started_ms;
  run.ended_ms = r.started_ms + static_cast<int64_t>(r.duration_ms);
  run.suite_name = r.config + " · " + r.variant + " · #" + std::to_string(r.repetition + 1);
  if (!test.file.empty()) run.test_files = {test.file};
  run.agents = {test.agent};
  run.runs.push_back(std::move(test));
  std::ostringstream page;
  report::RenderHtml(run, page, report::RenderOptions{});
  return Redact(page.str());
}

}  // namespace ab::serve
