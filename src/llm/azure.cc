#include "llm/azure.h"

#include <utility>

#include "llm/http_client.h"
#include "llm/openai.h"

namespace ab::llm {

std::unique_ptr<WireFormat> MakeAzureWire(const std::string& base_url, const std::string& deployment,
                                          const std::string& api_version, const std::string& api_key,
                                          std::unique_ptr<TokenSource> token) {
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  OpenAiWireOptions o;
  o.name = "azure";
  o.url = base + "/openai/deployments/" + UrlEncode(deployment) +
          "/chat/completions?api-version=" + UrlEncode(api_version.empty() ? kAzureDefaultApiVersion : api_version);
  o.api_key = api_key;
  o.key_header = "api-key";
  o.token = std::move(token);
  o.send_model = false;
  return MakeOpenAiWire(std::move(o));
}

}  // namespace ab::llm
