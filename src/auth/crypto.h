// The few primitives OAuth needs: base64 (standard and URL-safe), SHA-256, unguessable random strings, and the
// PKCE pair (RFC 7636, S256). Over OpenSSL's libcrypto, which net already links.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace ab::auth {

/// Standard base64 with padding (RFC 4648 section 4), for HTTP Basic credentials.
std::string Base64(std::string_view data);
/// URL-safe base64 without padding (RFC 4648 section 5), for PKCE and JWTs.
std::string Base64Url(std::string_view data);
/// The 32-byte SHA-256 digest of |data|.
std::string Sha256(std::string_view data);
/// |bytes| bytes from the system's CSPRNG, base64url-encoded (43 characters for 32 bytes).
std::string RandomToken(size_t bytes = 32);

struct Pkce {
  std::string verifier;   ///< 43 characters of [A-Za-z0-9-_], kept secret until the token request
  std::string challenge;  ///< BASE64URL(SHA256(verifier))
  std::string method = "S256";
};
/// A fresh PKCE pair.
Pkce MakePkce();

/// A signed JWT (RFC 7515) of |claims_json| with the PEM private key |private_key_pem|: RS256 for an RSA key,
/// ES256 for a P-256 key; |kid| goes into the header when not empty. kConfig when the key does not parse or cannot
/// sign.
Result<std::string> SignJwt(std::string_view claims_json, const std::string& private_key_pem,
                            const std::string& kid = "");

}  // namespace ab::auth
