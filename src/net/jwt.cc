#include "net/jwt.h"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

#include "base/base64.h"
#include "base/json_dump.h"

namespace ab::net {
namespace {

SignedJwt Fail(JwtFailure failure) {
  SignedJwt out;
  out.failure = failure;
  return out;
}

}  // namespace

SignedJwt SignJwt(std::string_view claims_json, const std::string& private_key_pem, const std::string& kid,
                  bool allow_es256) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(private_key_pem.data(), static_cast<int>(private_key_pem.size())), &BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr, &EVP_PKEY_free);
  if (!key) return Fail(JwtFailure::kNotPem);
  const int type = EVP_PKEY_base_id(key.get());
  const bool ec = type == EVP_PKEY_EC;
  if (type != EVP_PKEY_RSA && !(ec && allow_es256)) return Fail(JwtFailure::kWrongKeyType);
  // Written by hand so the members keep this order (alg, typ, kid), which some verifiers' tests pin.
  std::string header = std::string(R"({"alg":")") + (ec ? "ES256" : "RS256") + R"(","typ":"JWT")";
  if (!kid.empty()) header += R"(,"kid":)" + DumpJson(Json(kid));
  header += "}";
  const std::string signing_input = Base64Url(header) + "." + Base64Url(claims_json);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  size_t length = 0;
  const auto* input = reinterpret_cast<const unsigned char*>(signing_input.data());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length, input, signing_input.size()) != 1) {
    return Fail(JwtFailure::kSignFailed);
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, input,
                     signing_input.size()) != 1) {
    return Fail(JwtFailure::kSignFailed);
  }
  signature.resize(length);
  if (ec) {
    // ECDSA signs in DER (SEQUENCE of r, s); JWS wants r and s as two 32-byte big-endian numbers (RFC 7518 3.4).
    const auto* der = reinterpret_cast<const unsigned char*>(signature.data());
    std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(
        d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(signature.size())), &ECDSA_SIG_free);
    if (!sig) return Fail(JwtFailure::kSignFailed);
    std::string raw(64, '\0');
    if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), reinterpret_cast<unsigned char*>(raw.data()), 32) != 32 ||
        BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32) != 32) {
      return Fail(JwtFailure::kNotP256);
    }
    signature = raw;
  }
  SignedJwt out;
  out.jwt = signing_input + "." + Base64Url(signature);
  out.es256 = ec;
  return out;
}

}  // namespace ab::net
