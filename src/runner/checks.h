// Checks a planned unit before anything runs, so a mistake costs no model call: assertion specs (types, fields,
// regexes, JSONPaths), template syntax, and (for a run) that every name a template reads is defined.
#pragma once

#include "base/diagnostic.h"
#include "runner/plan.h"

namespace ab::runner {

/// Assertions and template syntax. Needs no environment.
Diagnostics CheckStatic(const Unit& unit);

/// How CheckNames treats a name that is defined nowhere.
enum class NameMode {
  kRun,       ///< an error: the run would fail when it renders the template
  kValidate,  ///< an error when it looks like a typo (a did-you-mean exists) or is not an environment-style
              ///< NAME; a warning for an UPPER_CASE name not set here (CI sets secrets only where tests run)
};

/// Every {{name}} in the templates a run will render must be a variable, a set environment variable, a built-in
/// (AGENT_NAME, SESSION_NAME, PROVIDER_NAME, TEST_DIR, TEMP_DIR, RUN_ID) or, in a test, a value extracted by an
/// earlier test of the session (or this test, for its assertions). Only providers and servers that some agent with
/// tests uses are checked. Each diagnostic points at the {{name}} itself (file:line:col) when it can be found.
Diagnostics CheckNames(const Unit& unit, NameMode mode = NameMode::kRun);

/// The files the unit's configuration names, as the run will open them: mock LLM scripts (present, readable,
/// valid: a missing or misspelled one is a configuration error with a did-you-mean on the file name) and
/// credentials files. Paths that use a template other than {{TEST_DIR}} are checked when the run renders them.
/// |only_used|: only providers some agent with tests uses (a run); else every provider (validate, where a missing
/// credentials file is a warning, as an unset environment variable is).
/// |credentials|: also check credentials files (a run that replays recordings reads none).
Diagnostics CheckFiles(const Unit& unit, bool only_used, bool credentials = true);

}  // namespace ab::runner
