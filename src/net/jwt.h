// The one JWT signer (RFC 7515/7519 compact form), over OpenSSL's EVP API: the Vertex service-account flow
// (llm/token_source) and OAuth private_key_jwt client assertions (auth/oauth) both sign here. It lives in net
// because both layers link net, and net already links libcrypto.
#pragma once

#include <string>
#include <string_view>

namespace ab::net {

/// Why a JWT could not be signed; each caller words it for its own key (a service-account file, an OAuth
/// private_key).
enum class JwtFailure {
  kNone,
  kNotPem,        ///< the text is not a PEM private key
  kWrongKeyType,  ///< neither RSA nor (when allowed) EC
  kSignFailed,    ///< OpenSSL could not sign
  kNotP256,       ///< an EC key whose signature does not fit ES256 (not P-256)
};

struct SignedJwt {
  std::string jwt;  ///< header.claims.signature, base64url; empty on failure
  JwtFailure failure = JwtFailure::kNone;
  bool es256 = false;  ///< signed with ES256 (else RS256)
};

/// A signed JWT of |claims_json| with the PEM private key |private_key_pem|: RS256 for an RSA key, ES256 for a
/// P-256 key when |allow_es256|. The header is {"alg":…,"typ":"JWT"} and then "kid" when |kid| is not empty.
SignedJwt SignJwt(std::string_view claims_json, const std::string& private_key_pem, const std::string& kid,
                  bool allow_es256);

}  // namespace ab::net
