#include "runner/sampler.h"

#include "llm/provider.h"
#include "runner/agent_runtime.h"

namespace ab::runner {

mcp::ProviderSampleFn MakeSampler(ProviderPool& pool) {
  return [&pool](const std::string& name, const mcp::SamplingRequest& request,
                 std::chrono::steady_clock::time_point deadline,
                 const std::atomic<bool>* cancel) -> Result<mcp::SamplingReply> {
    auto provider = pool.Get(name);
    if (!provider) return provider.error();
    llm::ChatRequest req;
    req.model = (*provider)->model();
    if (!request.system_prompt.empty()) {
      llm::Message system;
      system.role = llm::Role::kSystem;
      system.text = request.system_prompt;
      req.messages.push_back(std::move(system));
    }
    for (const mcp::SamplingMessage& m : request.messages) {
      llm::Message message;
      message.role = m.role == "assistant" ? llm::Role::kAssistant : llm::Role::kUser;
      message.text = m.text;
      req.messages.push_back(std::move(message));
    }
    req.max_tokens = request.max_tokens;
    req.temperature = request.temperature;
    llm::CallOptions options;
    options.deadline = deadline;
    options.cancel = cancel;
    auto answer = (*provider)->Complete(req, options);
    if (!answer) return answer.error();
    if (!answer->message.tool_calls.empty() && answer->message.text.empty()) {
      return Error(ErrorCode::kModel, "the model answered with a tool call, not text");
    }
    mcp::SamplingReply reply;
    reply.text = answer->message.text;
    reply.model = answer->model.empty() ? req.model : answer->model;
    reply.stop_reason = answer->stop_reason;
    reply.usage = answer->usage;
    reply.latency_ms = answer->latency_ms + answer->wait_ms;
    return reply;
  };
}

}  // namespace ab::runner
