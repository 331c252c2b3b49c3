// RS256 JWT signing for the service-account flow: the one signer in net/jwt.h, with this flow's error sentences.
#include "net/jwt.h"

#include "base/base64.h"
#include "llm/token_source.h"

namespace ab::llm {

std::string Base64Url(std::string_view data) { return ab::Base64Url(data); }

Result<std::string> SignJwtRs256(const std::string& claims_json, const std::string& private_key_pem) {
  // Google's token endpoint accepts only RS256 for service accounts, so an EC key is refused here, not sent.
  net::SignedJwt signed_jwt = net::SignJwt(claims_json, private_key_pem, "", /*allow_es256=*/false);
  switch (signed_jwt.failure) {
    case net::JwtFailure::kNone: return std::move(signed_jwt.jwt);
    case net::JwtFailure::kNotPem:
      return Error(ErrorCode::kConfig, "service-account private_key is not a PEM private key");
    case net::JwtFailure::kWrongKeyType:
      return Error(ErrorCode::kConfig, "service-account private_key is not an RSA key (RS256)");
    case net::JwtFailure::kNotP256:
    case net::JwtFailure::kSignFailed: break;
  }
  return Error(ErrorCode::kConfig, "cannot sign the service-account JWT with RS256");
}

}  // namespace ab::llm
