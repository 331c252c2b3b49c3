// Builds a Provider from a rendered config::Provider (templates already expanded): picks the dialect, the
// endpoint (baseUrl following each SDK's convention), credentials, limits, retries, and record/replay.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "config/model.h"
#include "llm/clock.h"
#include "llm/http_client.h"
#include "llm/provider.h"

namespace ab::llm {

struct ProviderOptions {
  std::string base_dir;        ///< resolves relative paths (credentials_path, mock_script)
  std::string record_dir;      ///< when set, every exchange is saved there
  std::string replay_dir;      ///< when set, answers come from recordings only (no network, no credentials)
  HttpClient* http = nullptr;  ///< null = the real client; must outlive the provider
  Clock* clock = nullptr;      ///< null = the system clock; must outlive the provider (tests inject a fake)
};

/// The provider types MakeProvider accepts (upper case; matching is case-insensitive).
const std::vector<std::string>& ProviderTypes();

/// Errors: kConfig (unknown type with a did-you-mean, missing token/baseUrl/project, bad credentials file, missing
/// Entra environment), kUnsupported (AMAZON-ANTHROPIC), kUnavailable (the MOCK server cannot start).
Result<std::unique_ptr<Provider>> MakeProvider(const config::Provider& rendered, const ProviderOptions& options);

/// The Vertex location of |p|: its `location`, else (as the Vertex SDK does) $GOOGLE_CLOUD_REGION, then
/// $CLOUD_ML_REGION, then us-central1, with an info line saying which was used. |env| reads a variable ("" = unset).
std::string VertexLocation(const config::Provider& p, const std::function<std::string(const char*)>& env);

}  // namespace ab::llm
