#include "auth/crypto.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstdlib>

#include "base/base64.h"
#include "net/jwt.h"

namespace ab::auth {
std::string Base64(std::string_view data) { return ab::Base64(data); }

std::string Base64Url(std::string_view data) { return ab::Base64Url(data); }

std::string Sha256(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

std::string RandomToken(size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(raw.size())) != 1) {
    // RAND_bytes only fails when the system CSPRNG is unusable; an OAuth state or verifier must never be guessable.
    std::abort();
  }
  return Base64Url(raw);
}

Pkce MakePkce() {
  Pkce pkce;
  pkce.verifier = RandomToken(32);
  pkce.challenge = Base64Url(Sha256(pkce.verifier));
  return pkce;
}

Result<std::string> SignJwt(std::string_view claims_json, const std::string& private_key_pem, const std::string& kid) {
  net::SignedJwt signed_jwt = net::SignJwt(claims_json, private_key_pem, kid, /*allow_es256=*/true);
  switch (signed_jwt.failure) {
    case net::JwtFailure::kNone: return std::move(signed_jwt.jwt);
    case net::JwtFailure::kNotPem: return Error(ErrorCode::kConfig, "the OAuth private_key is not a PEM private key");
    case net::JwtFailure::kWrongKeyType:
      return Error(ErrorCode::kConfig, "the OAuth private_key must be an RSA (RS256) or P-256 (ES256) key");
    case net::JwtFailure::kNotP256:
      return Error(ErrorCode::kConfig, "the OAuth private_key is an EC key but not P-256 (ES256)");
    case net::JwtFailure::kSignFailed: break;
  }
  return Error(ErrorCode::kConfig, "cannot sign the OAuth client assertion");
}

}  // namespace ab::auth
