// One bench measurement: a test executed once with one config, variant and repetition (store::RunRecord), made
// from the runner's report::TestRun, plus its JSON form used by the bench JSON report and by `merge`.
#pragma once

#include <optional>
#include <string>

#include "base/json.h"
#include "base/result.h"
#include "bench/configs.h"
#include "bench/plan.h"
#include "report/model.h"
#include "store/model.h"

namespace ab::bench {

using RunRecord = store::RunRecord;
using RunStatus = store::RunStatus;

/// The record of |test| run as |planned| with |variant|'s inputs. Status: timeout when the per-test timeout
/// fired, error for an infrastructure failure, else passed/failed (skipped stays skipped). |error| is the
/// transcript's errors or else the first failed assertion, redacted.
RunRecord FromTestRun(const report::TestRun& test, const PlannedRun& planned, const Variant& variant);

/// The record of a planned run that produced no TestRun at all (the suite could not start, the provider was
/// rejected ...), so a broken cell shows up in the bench as errors instead of aborting it.
RunRecord ErrorRecord(const PlannedRun& planned, const Variant& variant, const std::string& test_key,
                      const std::string& error);

/// The variables of |variant| as a JSON object.
Json VariantInputs(const Variant& variant);

/// The documented JSON object of a run (see docs/bench.md, "runs[]").
Json RunToJson(const RunRecord& run);
/// The inverse of RunToJson; kParse naming the field that is missing or has the wrong type.
Result<RunRecord> RunFromJson(const Json& json);

}  // namespace ab::bench
