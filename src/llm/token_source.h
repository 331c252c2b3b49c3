// OAuth access tokens for Azure Entra ID (client credentials) and Vertex AI (service-account JWT bearer).
// Tokens are cached and fetched again shortly before they expire (the reference fetches Entra tokens once and
// fails after an hour). Thread-safe; the |http| client and |clock| must outlive the source.
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "llm/clock.h"
#include "llm/http_client.h"

namespace ab::llm {

class TokenSource {
 public:
  virtual ~TokenSource() = default;
  /// A valid bearer token. Errors: kAuth (rejected credentials), kNetwork/kTimeout, kParse.
  [[nodiscard]] virtual Result<std::string> Token() = 0;
};

/// Azure Entra ID client-credentials flow: POST {authority}/{tenant}/oauth2/v2.0/token.
std::unique_ptr<TokenSource> MakeEntraTokenSource(HttpClient& http, Clock& clock, std::string authority_host,
                                                  std::string tenant_id, std::string client_id,
                                                  std::string client_secret);

/// A Google service account (the parsed key file): an RS256-signed JWT exchanged at the file's token_uri.
/// Errors at creation: kConfig when the file lacks client_email, private_key or token_uri.
Result<std::unique_ptr<TokenSource>> MakeServiceAccountTokenSource(HttpClient& http, Clock& clock,
                                                                   const std::string& key_file_json);

/// A fixed token (replay mode, tests).
std::unique_ptr<TokenSource> MakeStaticTokenSource(std::string token);

/// base64url without padding (RFC 7515).
std::string Base64Url(std::string_view data);
/// A compact RS256 JWT over |claims|, signed with a PEM private key. Errors: kConfig for a bad key.
Result<std::string> SignJwtRs256(const std::string& claims_json, const std::string& private_key_pem);

}  // namespace ab::llm
