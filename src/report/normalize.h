// Deterministic mode (RenderOptions::deterministic): a copy of the run with every time zeroed, timestamps at the
// epoch, a fixed run id and no absolute paths, so golden files can compare whole reports.
#pragma once

#include <cstdint>
#include <string>

#include "report/model.h"

namespace ab::report {

/// The run id every deterministic report shows.
inline constexpr const char* kDeterministicRunId = "00000000-0000-0000-0000-000000000000";

/// |run| with durations and timestamps zeroed, run_id fixed and absolute file paths reduced to their base name.
Run Normalized(const Run& run);

/// |run| itself, or (deterministic) its normalized copy stored in |storage|. The result lives as long as both.
const Run& ForOutput(const Run& run, const RenderOptions& options, Run& storage);

/// Report generation time: now, or 0 (the epoch) in deterministic mode.
int64_t GeneratedAtMs(const RenderOptions& options);

/// "/home/u/tests/a.yaml" -> "a.yaml"; relative paths are kept as given.
std::string StripAbsolutePath(const std::string& path);

}  // namespace ab::report
