// Checks a planned unit before anything runs, so a mistake costs no model call: assertion specs (types, fields,
// regexes, JSONPaths), template syntax, and (for a run) that every name a template reads is defined.
#pragma once

#include "base/diagnostic.h"
#include "runner/plan.h"

namespace ab::runner {

/// Assertions and template syntax. Needs no environment: `agent-bench validate` runs only this.
Diagnostics CheckStatic(const Unit& unit);

/// Every {{name}} in the templates a run will render must be a variable, a set environment variable, a built-in
/// (AGENT_NAME, SESSION_NAME, PROVIDER_NAME, TEST_DIR, TEMP_DIR, RUN_ID) or, in a test, a value extracted by an
/// earlier test of the session (or this test, for its assertions). Only providers and servers that some agent with
/// tests uses are checked.
Diagnostics CheckNames(const Unit& unit);

}  // namespace ab::runner
