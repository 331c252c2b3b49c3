// The closed sets of a test file's provider and server `type`, as one table each. Header-only data on purpose:
// the loader (config/keys.cc, parse_provider.cc), the provider factory (llm/factory.cc, which keeps one builder per
// row) and bench configs (bench/configs.cc) read the same rows without linking one another, so adding a provider is
// one row here plus one builder in llm/factory.cc.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace ab::config {

enum class ProviderType {
  kOpenAi,
  kAzure,
  kAnthropic,
  kGoogle,
  kVertex,
  kGroq,
  kOpenAiCompatible,
  kMock,
  kAmazonAnthropic,
};

/// One provider type: how it is written, where it answers by default, and what it cannot work without.
struct ProviderTypeInfo {
  ProviderType type;
  std::string_view name;         ///< as written in YAML (upper case; the loader matches it exactly)
  std::string_view default_url;  ///< the API root used when baseUrl is empty; "" = the wire format knows it or none
  bool needs_model;              ///< model is required (MOCK picks its own)
  bool needs_token;              ///< an API key is required (AZURE: unless auth_type entra_id; VERTEX: see factory)
  bool needs_base_url;           ///< baseUrl is required (no public default endpoint)
  bool supported;                ///< false: recognised so the loader can say so, but not implemented
};

// Order is the order of the schema's enum (schema/agent-bench.schema.json, checked by tests/config/keys_test.cc).
inline constexpr std::array<ProviderTypeInfo, 9> kProviderTypes = {{
    {ProviderType::kOpenAi, "OPENAI", "https://api.openai.com/v1", true, true, false, true},
    {ProviderType::kAzure, "AZURE", "", true, true, true, true},
    {ProviderType::kAnthropic, "ANTHROPIC", "https://api.anthropic.com", true, true, false, true},
    {ProviderType::kGoogle, "GOOGLE", "https://generativelanguage.googleapis.com", true, true, false, true},
    {ProviderType::kVertex, "VERTEX", "", true, false, false, true},
    {ProviderType::kGroq, "GROQ", "https://api.groq.com/openai/v1", true, true, false, true},
    {ProviderType::kOpenAiCompatible, "OPENAI_COMPATIBLE", "", true, false, true, true},
    {ProviderType::kMock, "MOCK", "", false, false, false, true},
    {ProviderType::kAmazonAnthropic, "AMAZON-ANTHROPIC", "", true, true, false, false},
}};

/// The row spelled exactly |name| ("OPENAI"), or null.
constexpr const ProviderTypeInfo* FindProviderType(std::string_view name) {
  for (const ProviderTypeInfo& info : kProviderTypes)
    if (info.name == name) return &info;
  return nullptr;
}

/// The row of |type| (every enumerator has one).
constexpr const ProviderTypeInfo& InfoOf(ProviderType type) {
  for (const ProviderTypeInfo& info : kProviderTypes)
    if (info.type == type) return info;
  return kProviderTypes[0];  // unreachable: the static_assert below checks every enumerator has a row
}

constexpr bool EveryProviderTypeHasItsRow() {
  for (size_t i = 0; i < kProviderTypes.size(); ++i)
    if (static_cast<size_t>(kProviderTypes[i].type) != i) return false;
  return true;
}
static_assert(EveryProviderTypeHasItsRow(), "kProviderTypes lists the enumerators in declaration order");

enum class ServerType { kStdio, kSse, kHttp, kCli };

struct ServerTypeInfo {
  ServerType type;
  std::string_view name;  ///< as written in YAML (lower case)
};

inline constexpr std::array<ServerTypeInfo, 4> kServerTypes = {{
    {ServerType::kStdio, "stdio"},
    {ServerType::kSse, "sse"},
    {ServerType::kHttp, "http"},
    {ServerType::kCli, "cli"},
}};

/// The server type spelled exactly |name| ("stdio"), or nullopt.
constexpr std::optional<ServerType> ParseServerType(std::string_view name) {
  for (const ServerTypeInfo& info : kServerTypes)
    if (info.name == name) return info.type;
  return std::nullopt;
}

}  // namespace ab::config
