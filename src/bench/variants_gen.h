// Generated variants for bench: a configs file may declare typed `inputs` and ask a model to write variant sets
// (`generate: {count, hints, provider, seed}`). Each set is checked against the declared types (wrong ones are
// asked for again, a bounded number of times) and saved as a versioned fixture beside the configs file
// (<configs>.variants.json) with a content hash, which later benches reuse unchanged unless the declaration
// changed or --regenerate-variants is given.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/json.h"
#include "config/bench_spec.h"

namespace ab::bench {

// The declarations are read with the configs file (config/bench_spec.h).
using config::GeneratedInputs;
using config::InputDecl;
using config::VariantGeneration;

/// Errors of one variant's values against |inputs| (unknown name, missing required, wrong type, not in enum);
/// on success |out| holds every input as text (defaults filled in).
std::vector<std::string> CheckVariantValues(const Json& values, const std::vector<InputDecl>& inputs,
                                            std::vector<std::pair<std::string, std::string>>* out);

/// The fixture's content hash (16 hex digits) of |variants| ([{name, variables}]).
std::string VariantsHash(const Json& variants);

}  // namespace ab::bench
