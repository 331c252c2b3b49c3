// Internal to report/json_reader*: one detailed_results entry, and the members around them, to the report model.
#pragma once

#include "base/json.h"
#include "base/result.h"
#include "report/model.h"

namespace ab::report::json_in {

/// One detailed_results entry (or journal line) as a TestRun, read field by field; never throws.
TestRun TestRunFromJson(const Json& entry);
/// The members of a report other than detailed_results. kUnsupported when schema_version is newer than this build.
Status HeaderFromJson(const Json& doc, Run& run);
/// Fills run.agents from the runs, in order of appearance, when the report did not list them.
void AgentsFromRuns(Run& run);

}  // namespace ab::report::json_in
