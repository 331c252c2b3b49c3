// The bench configs file (configs.yaml, docs/bench.md) as typed structs: which provider/model configurations to
// compare, which variable sets (variants) to run them on, how many repetitions, and the typed inputs a model may
// write variants for. Read here, with the one YAML reader of config/ (config/yaml_reader.h: file:line:col, a
// did-you-mean from the key tables), so bench/ never sees YAML. Loaded strictly: an unknown key, a wrong type or a
// duplicate name is an error at its position, before any run costs money.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diagnostic.h"
#include "base/result.h"
#include "base/source_loc.h"
#include "base/transcript.h"
#include "config/model.h"

namespace ab::config {

/// A provider written inline in a bench config (`provider: {type: ANTHROPIC, token: ..., model: ...}`), for models
/// the test file does not declare. Read by the test file's own provider parser (ReadProvider) on the YAML node
/// itself, so every key means the same in both files and no value is converted twice.
struct InlineProvider {
  Provider provider;  ///< named after its config; paths as written (bench/apply.cc resolves them)
  /// What the provider parser found wrong beyond the configs file's own checks (unknown key, `type`), e.g. a
  /// required key of the type: reported, with its position, when the config is applied to a test file.
  Diagnostics problems;
  SourceLoc loc;
};

/// One configuration to benchmark: applied to every agent of the file, replacing its provider and overriding
/// the model and parameters that are set.
struct BenchConfig {
  std::string name;
  std::string provider_ref;  ///< a provider defined in the test file; empty when |inline_provider| is set
  std::optional<InlineProvider> inline_provider;
  std::optional<std::string> model;
  std::optional<double> temperature;
  std::optional<int> max_tokens;
  std::optional<long long> seed;
  SourceLoc loc;
};

/// A named set of variables; every config runs on every variant.
struct Variant {
  std::string name;
  std::vector<std::pair<std::string, std::string>> variables;  ///< in file order
  SourceLoc loc;
};

/// One typed input of `inputs:` (generated variants, bench/variants_gen.h).
struct InputDecl {
  std::string name;
  std::string type = "string";  ///< string | integer | number | boolean
  std::string description;
  bool required = false;
  std::optional<std::string> default_value;
  std::vector<std::string> enum_values;
  SourceLoc loc;
};

/// `generate: {count, hints, provider, seed}`.
struct VariantGeneration {
  int count = 3;
  std::string hints;
  std::string provider;  ///< a provider of the test file; empty = the first agent's
  std::optional<long long> seed;
  SourceLoc loc;
};

struct GeneratedInputs {
  std::vector<InputDecl> inputs;
  std::optional<VariantGeneration> generate;
  /// Filled by bench when the variants were generated (not reused): the model calls made, their tokens and cost.
  int calls = 0;
  Usage usage;
  bool cost_unknown = false;  ///< an answered call had no price: usage.cost_usd would understate
};

/// The whole configs file. When no variant is written, |variants| holds one implicit variant "default".
struct BenchSpec {
  std::string name;  ///< optional bench name
  std::vector<BenchConfig> configs;
  std::vector<Variant> variants;
  int runs = 1;                 ///< repetitions of every config × variant; --runs overrides
  int max_concurrent_runs = 5;  ///< -j overrides
  GeneratedInputs generated;    ///< `inputs` + `generate`: variants a model writes
  /// `ai_summary: {enabled, judge_provider}`: a model's summary at the top of the HTML and Markdown reports
  /// (bench_summary.h). The test file's or suite's own `ai_summary` asks for one too.
  bool ai_summary = false;
  std::string ai_summary_provider;  ///< a provider of the test file; "" or "$self": the first config's
  std::string file;
};

/// Name of the variant used when the file declares none.
inline constexpr std::string_view kDefaultVariant = "default";

/// Parses configs-file |text| (|file| is used in positions only). On error returns the first diagnostic as an
/// Error (code kConfig, with its location) and, when |diagnostics| is given, appends every one of them there.
Result<BenchSpec> ParseBenchSpec(std::string_view text, const std::string& file, Diagnostics* diagnostics = nullptr);
/// Reads |path| and parses it; kIo when the file cannot be read.
Result<BenchSpec> LoadBenchSpec(const std::string& path, Diagnostics* diagnostics = nullptr);

}  // namespace ab::config
