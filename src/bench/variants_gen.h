// Generated variants for bench: a configs file may declare typed `inputs` and ask a model to write variant sets
// (`generate: {count, hints, provider, seed}`). Each set is checked against the declared types (wrong ones are
// asked for again, a bounded number of times) and saved as a versioned fixture beside the configs file
// (<configs>.variants.json) with a content hash, which later benches reuse unchanged unless the declaration
// changed or --regenerate-variants is given.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "base/diagnostic.h"
#include "base/json.h"
#include "base/result.h"
#include "base/source_loc.h"
#include "base/transcript.h"

namespace ab::bench {

struct InputDecl {
  std::string name;
  std::string type = "string";  ///< string | integer | number | boolean
  std::string description;
  bool required = false;
  std::optional<std::string> default_value;
  std::vector<std::string> enum_values;
  SourceLoc loc;
};

struct VariantGeneration {
  int count = 3;
  std::string hints;
  std::string provider;          ///< a provider of the test file; empty = the first agent's
  std::optional<long long> seed;
  SourceLoc loc;
};

struct GeneratedInputs {
  std::vector<InputDecl> inputs;
  std::optional<VariantGeneration> generate;
  /// Filled when the variants were generated (not reused): the model calls made, their tokens and cost.
  int calls = 0;
  Usage usage;
  bool cost_unknown = false;  ///< an answered call had no price: usage.cost_usd would understate
};

/// Reads the configs file's `inputs` or `generate` key (|key|) into |out|; problems go to |diagnostics| with
/// their file:line:col (the hook in configs.cc).
void ParseGeneratedInputs(const std::string& key, const YAML::Node& value, const std::string& file,
                          GeneratedInputs& out, Diagnostics& diagnostics);

/// Errors of one variant's values against |inputs| (unknown name, missing required, wrong type, not in enum);
/// on success |out| holds every input as text (defaults filled in).
std::vector<std::string> CheckVariantValues(const Json& values, const std::vector<InputDecl>& inputs,
                                            std::vector<std::pair<std::string, std::string>>* out);

/// The fixture's content hash (16 hex digits) of |variants| ([{name, variables}]).
std::string VariantsHash(const Json& variants);

}  // namespace ab::bench
