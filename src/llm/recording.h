// Record/replay as HttpClient decorators, so every dialect gets it for free. Each exchange is one JSON file
// named by a hash of the normalised request (method, path without host, canonical body): a recording made
// against a mock on one port replays against any other. Secrets are stripped before anything is written:
// credential headers are dropped, registered secrets Redact()ed, key=... query values masked.
// Thread-safe; |inner| must outlive the recorder.
#pragma once

#include <memory>
#include <string>

#include "llm/http_client.h"

namespace ab::llm {

/// The replay key of |request|: 16 hex digits of SHA-256 over method, path and canonical body.
std::string RecordingKey(const HttpRequest& request);

/// Forwards to |inner| and writes <dir>/<key>.json for every exchange (the directory is created).
std::unique_ptr<HttpClient> MakeRecordingClient(HttpClient& inner, std::string dir);

/// Answers from <dir>/<key>.json. A request without a recording fails with kNotFound naming the key and the
/// closest recorded request.
std::unique_ptr<HttpClient> MakeReplayClient(std::string dir);

}  // namespace ab::llm
