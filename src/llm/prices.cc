#include "llm/prices.h"

#include <mutex>
#include <set>

#include "base/json.h"
#include "base/json_parse.h"
#include "base/log.h"
#include "llm/prices_data.h"

namespace ab::llm {
namespace {

const Json& Table() {
  static const Json table = [] {
    Json parsed = ParseJsonOrDiscarded(kPricesJson);
    assert(parsed.is_object() && "src/llm/prices.json must be valid JSON");
    return parsed;
  }();
  return table;
}

std::optional<double> Opt(const Json& entry, const char* key) {
  if (entry.contains(key) && entry[key].is_number()) return entry[key].get<double>();
  return std::nullopt;
}

Price FromJson(const Json& entry) {
  Price price;
  price.input = entry.value("input", 0.0);
  price.output = entry.value("output", 0.0);
  price.cached_input = Opt(entry, "cached_input");
  price.cache_write = Opt(entry, "cache_write");
  if (entry.contains("long_context") && entry["long_context"].is_object()) {
    const Json& lc = entry["long_context"];
    price.long_context_above = lc.value("above_prompt_tokens", 0LL);
    price.long_context = Price::Tier{lc.value("input", 0.0), lc.value("output", 0.0), Opt(lc, "cached_input")};
  }
  return price;
}

std::optional<Price> Find(std::string_view key) {
  const Json& models = Table()["models"];
  const std::string k(key);
  if (models.contains(k)) return FromJson(models[k]);
  std::string best;
  for (const auto& [name, entry] : models.items()) {
    if (key.size() > name.size() && key.substr(0, name.size()) == name && key[name.size()] == '-' &&
        name.size() > best.size()) {
      best = name;
    }
  }
  if (!best.empty()) return FromJson(models[best]);
  return std::nullopt;
}

}  // namespace

PriceTableInfo PriceTableSource() { return {Table().value("source", ""), Table().value("as_of", "")}; }

std::optional<Price> LookupPrice(std::string_view provider_type, std::string_view model) {
  if (model.empty()) return std::nullopt;
  std::string type;
  for (char c : provider_type) type += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (auto p = Find(type + ":" + std::string(model))) return p;
  // Deployment paths ("models/gemini-2.5-flash", "publishers/google/models/x") name the model last.
  const size_t slash = model.rfind('/');
  if (slash != std::string_view::npos) model = model.substr(slash + 1);
  if (auto p = Find(type + ":" + std::string(model))) return p;
  return Find(model);
}

std::optional<Price> ResolvePrice(std::string_view provider_type, std::string_view model,
                                  const config::Pricing& pricing) {
  std::optional<Price> price = LookupPrice(provider_type, model);
  if (!price) {
    if (!pricing.input || !pricing.output) return std::nullopt;
    price = Price{};
  }
  if (pricing.input || pricing.output || pricing.cached_input) price->long_context.reset();
  if (pricing.input) price->input = *pricing.input;
  if (pricing.output) price->output = *pricing.output;
  if (pricing.cached_input) price->cached_input = *pricing.cached_input;
  return price;
}

double ComputeCost(const Price& price, const Usage& usage, int64_t cache_write_tokens) {
  double in = price.input, out = price.output;
  std::optional<double> cached = price.cached_input;
  if (price.long_context && price.long_context_above > 0 && usage.prompt_tokens > price.long_context_above) {
    in = price.long_context->input;
    out = price.long_context->output;
    cached = price.long_context->cached_input;
  }
  const auto uncached = static_cast<double>(usage.prompt_tokens - usage.cached_tokens - cache_write_tokens);
  const double total = uncached * in + static_cast<double>(usage.cached_tokens) * cached.value_or(in) +
                       static_cast<double>(cache_write_tokens) * price.cache_write.value_or(in) +
                       static_cast<double>(usage.completion_tokens) * out;
  return total / 1e6;
}

void ApplyPrice(std::string_view provider_type, std::initializer_list<std::string_view> models,
                const config::Pricing& pricing, Usage& usage, int64_t cache_write_tokens) {
  for (std::string_view model : models) {
    if (auto price = ResolvePrice(provider_type, model, pricing)) {
      usage.cost_usd = ComputeCost(*price, usage, cache_write_tokens);
      return;
    }
  }
  usage.cost_usd.reset();
  static std::mutex mu;
  static std::set<std::string> warned;
  std::string name = models.size() > 0 ? std::string(*models.begin()) : "";
  std::lock_guard<std::mutex> lock(mu);
  if (warned.insert(name).second) {
    LogWarn("no price known for model '" + name +
            "' (set pricing: {input, output} on the provider); its cost is not reported");
  }
}

}  // namespace ab::llm
