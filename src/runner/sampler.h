// Answers MCP servers' sampling requests with a configured provider's model (`sampling: {provider: NAME}` on a
// server). The MCP layer hands over a neutral, already bounded mcp::SamplingRequest; this is where it becomes an
// llm::ChatRequest, so mcp and llm never see each other.
#pragma once

#include "mcp/sampling.h"

namespace ab::runner {

class ProviderPool;

/// A sampler over |pool|: the provider object agents use too (rate limits shared). |pool| must outlive every
/// connection given the sampler (the executor closes the agents before the pool goes).
mcp::ProviderSampleFn MakeSampler(ProviderPool& pool);

}  // namespace ab::runner
