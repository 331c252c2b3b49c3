// Makes or reuses the fixture of generated variants (variants_gen.h) and appends its variants to the spec.
#pragma once

#include <ostream>
#include <string>

#include "base/result.h"
#include "bench/configs.h"
#include "runner/plan.h"

namespace ab::bench {

/// The fixture path for |configs_path|: <dir>/<stem>.variants.json.
std::string VariantsFixturePath(const std::string& configs_path);

/// When |spec| has `generate`, loads the fixture (when its declaration matches and !|regenerate|) or asks the
/// model (the `generate.provider` of |unit|, else its first agent's) for the variants, checks them, writes the
/// fixture, and appends them to spec.variants (replacing the implicit "default" variant). Prints one line to
/// |log| with the fixture's path and hash. kConfig/kModel/kIo errors say what failed. The model calls are
/// recorded to |record_dir| or replayed from |replay_dir| when given (as a run's), and priced: their tokens and
/// cost go to spec.generated.usage.
Status ResolveGeneratedVariants(BenchSpec& spec, const runner::Unit& unit, const std::string& configs_path,
                                bool regenerate, std::ostream& log, const std::string& record_dir = "",
                                const std::string& replay_dir = "");

}  // namespace ab::bench
