// The bench configs file (configs.yaml): which provider/model configurations to compare, which variable sets
// (variants) to run them on, and how many repetitions. Loaded strictly: an unknown key, a wrong type or a
// duplicate name is an error at its file:line:col, with a did-you-mean, before any run costs money.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diagnostic.h"
#include "base/json.h"
#include "base/result.h"
#include "base/source_loc.h"
#include "bench/variants_gen.h"

namespace ab::bench {

/// A provider written inline in a config (`provider: {type: ANTHROPIC, token: ..., model: ...}`), for models
/// the test file does not declare. |raw| is the whole mapping so the suite's provider parser can read the
/// less common keys (rate limits, headers ...) the same way it reads a test file's providers.
struct InlineProvider {
  std::string type;      ///< OPENAI, ANTHROPIC ... (required)
  std::string token;     ///< may be a {{VAR}} template; a literal token is registered as a secret
  std::string model;
  std::string base_url;  ///< `baseUrl` or `base_url`
  std::string version;
  Json raw = Json::object();
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

/// The whole configs file. When no variant is written, |variants| holds one implicit variant "default".
struct BenchSpec {
  std::string name;                ///< optional bench name
  std::vector<BenchConfig> configs;
  std::vector<Variant> variants;
  int runs = 1;                    ///< repetitions of every config × variant; --runs overrides
  int max_concurrent_runs = 5;     ///< -j overrides
  GeneratedInputs generated;       ///< `inputs` + `generate`: variants a model writes (variants_gen.h)
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
Result<BenchSpec> ParseBenchSpec(std::string_view text, const std::string& file,
                                 Diagnostics* diagnostics = nullptr);
/// Reads |path| and parses it; kIo when the file cannot be read.
Result<BenchSpec> LoadBenchSpec(const std::string& path, Diagnostics* diagnostics = nullptr);

}  // namespace ab::bench
