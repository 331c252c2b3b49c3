// Secrets (tokens, keys, passwords, connection strings) must never reach a log, report, journal, recording, the
// history or the serve API. Redaction is by value, not by name: the config layer registers every value that is a
// secret (config/secrets.h says which), token sources register what they fetch, and every writer of user-visible
// text passes it through Redact().
//
// A secret is found in the forms output gives it: raw, JSON-escaped (once and twice, and as written inside a
// <script> block), HTML/XML-escaped, Markdown-escaped, URL-encoded and base64 (standard and URL alphabet, at every
// byte alignment, so "user:secret" in a Basic header is caught too). All forms of all secrets are matched in one
// pass over the text (an Aho-Corasick automaton), so redacting a large report costs one scan, not one per secret.
// Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ab {

/// Values shorter than this (after trimming blanks) are not registered: "true", "1", "debug", "8080" would
/// otherwise be blanked out of every report. Six bytes keeps such ordinary settings visible while any real
/// credential is far longer.
inline constexpr size_t kMinSecretLength = 6;

/// Remembers |secret| and the forms listed above. Shorter than kMinSecretLength: ignored.
void RegisterSecret(std::string_view secret);
/// |text| with every occurrence of any form of any registered secret replaced by "[REDACTED]"; overlapping
/// occurrences become one "[REDACTED]". Text without any occurrence comes back unchanged.
std::string Redact(std::string_view text);
/// True for header names that carry credentials (Authorization, api-key, x-api-key, x-goog-api-key, Cookie ...).
/// Recordings drop such headers entirely; every header value is a secret regardless of its name.
bool IsSecretHeader(std::string_view name);

/// The strings Redact() looks for on behalf of |secret| (its raw form first), without duplicates. Exposed for
/// tests and for the fault suite, which greps outputs for every form.
std::vector<std::string> SecretForms(std::string_view secret);

}  // namespace ab
