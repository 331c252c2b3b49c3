// Model prices: a table shipped in the binary (prices.json, with its source and as-of date), overridable per
// provider from the config. Usage semantics differ per vendor; callers pass normalised Usage (prompt tokens
// include cached ones) plus Anthropic's separately billed cache writes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/transcript.h"
#include "config/model.h"

namespace ab::llm {

/// USD per million tokens.
struct Price {
  double input = 0;
  double output = 0;
  std::optional<double> cached_input;  ///< empty: cached tokens cost |input|
  std::optional<double> cache_write;   ///< empty: cache writes cost |input|
  long long long_context_above = 0;    ///< > 0: |long_context| applies when prompt tokens exceed it
  struct Tier {
    double input = 0, output = 0;
    std::optional<double> cached_input;
  };
  std::optional<Tier> long_context;
};

/// Where the shipped table comes from and when it was taken.
struct PriceTableInfo {
  std::string source;
  std::string as_of;
};
PriceTableInfo PriceTableSource();

/// The shipped price of |model| for a provider of |provider_type|: an exact "<type>:<model>" or "<model>" entry,
/// else the longest entry that is a dash-separated prefix (gpt-4o-mini-2024-07-18 -> gpt-4o-mini).
std::optional<Price> LookupPrice(std::string_view provider_type, std::string_view model);

/// The price for |model| with |pricing| laid over it. A full override (input and output) needs no table entry.
std::optional<Price> ResolvePrice(std::string_view provider_type, std::string_view model,
                                  const config::Pricing& pricing);

/// Cost in USD of |usage|; |cache_write_tokens| are part of usage.prompt_tokens but billed at the write rate.
double ComputeCost(const Price& price, const Usage& usage, int64_t cache_write_tokens = 0);

/// Fills usage.cost_usd from the price of the first known model of |models| (e.g. configured, then reported);
/// when none has a price, leaves it empty and logs one warning per model name for the whole process.
void ApplyPrice(std::string_view provider_type, std::initializer_list<std::string_view> models,
                const config::Pricing& pricing, Usage& usage, int64_t cache_write_tokens = 0);

}  // namespace ab::llm
