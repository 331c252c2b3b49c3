// Secrets (tokens, keys, auth headers) must never reach a log, report, journal or recording. Every layer that
// learns a secret registers it here; every writer of user-visible text passes it through Redact().
// Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ab {

/// Remembers |secret| (values shorter than 6 bytes are ignored: too likely to match ordinary text).
void RegisterSecret(std::string_view secret);
/// |text| with every registered secret replaced by "[REDACTED]".
std::string Redact(std::string_view text);
/// True for header names that carry credentials (Authorization, api-key, x-api-key, x-goog-api-key, Cookie ...).
bool IsSecretHeader(std::string_view name);

}  // namespace ab
